import { KeywayError } from '../domain/errors.ts';
import { localDate, type ResidencyStatus, residencyStatus } from '../domain/residency.ts';
import { findCommunity, listResidencies } from '../store/repositories/communities.ts';
import type { ServiceDeps } from './deps.ts';
import { authorize } from './policies.ts';
import type { Principal } from './principal.ts';

export interface ResidentView {
  id: string;
  name: string;
  email: string;
  unit: string;
  status: ResidencyStatus;
  moveIn: string;
  moveOut: string | null;
}

/** Residents of the caller's community, one entry per residency (a person who moved units appears twice). */
export async function listResidents(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  principal: Principal,
): Promise<ResidentView[]> {
  authorize(principal, 'residents.list');
  const community = await findCommunity(deps.db, principal.communityId);
  if (!community) throw new KeywayError('not_found', 'Community not found.');
  const today = localDate(deps.clock.now(), community.timeZone);
  const rows = await listResidencies(deps.db, community.id);
  return rows.map((r) => ({
    id: r.personId,
    name: r.name,
    email: r.email,
    unit: r.unit,
    status: residencyStatus(r.moveIn, r.moveOut, today),
    moveIn: r.moveIn,
    moveOut: r.moveOut,
  }));
}
