import { moveOutTimeOf } from '../domain/communitySettings.ts';
import { KeywayError } from '../domain/errors.ts';
import { leaseStatusAt, type ResidencyStatus } from '../domain/residency.ts';
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
  const now = deps.clock.now();
  const moveOutTime = moveOutTimeOf(community.settings);
  const rows = await listResidencies(deps.db, community.id);
  return rows.map((r) => ({
    id: r.personId,
    name: r.name,
    email: r.email,
    unit: r.unit,
    status: leaseStatusAt(r, now, community.timeZone, moveOutTime),
    moveIn: r.moveIn,
    moveOut: r.moveOut,
  }));
}
