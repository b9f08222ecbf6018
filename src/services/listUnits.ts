import { KeywayError } from '../domain/errors.ts';
import { localDate, residencyStatus } from '../domain/residency.ts';
import { findCommunity, unitOverview } from '../store/repositories/communities.ts';
import type { ServiceDeps } from './deps.ts';
import { authorize } from './policies.ts';
import type { Principal } from './principal.ts';

export interface UnitView {
  id: string;
  name: string;
  doors: { accessPointId: string; name: string; connectivity: string }[];
  currentResidents: { personId: string; name: string }[];
}

export async function listUnits(deps: Pick<ServiceDeps, 'db' | 'clock'>, principal: Principal): Promise<UnitView[]> {
  authorize(principal, 'residents.list');
  const community = await findCommunity(deps.db, principal.communityId);
  if (!community) throw new KeywayError('not_found', 'Community not found.');
  const today = localDate(deps.clock.now(), community.timeZone);
  return (await unitOverview(deps.db, community.id)).map((u) => ({
    id: u.id,
    name: u.name,
    doors: u.doors ?? [],
    currentResidents: (u.residents ?? [])
      .filter((r) => residencyStatus(r.moveIn, r.moveOut, today) === 'current')
      .map((r) => ({ personId: r.personId, name: r.name })),
  }));
}
