import { KeywayError } from '../domain/errors.ts';
import type { LeaseState } from '../domain/lease/leaseInstants.ts';
import { localDate } from '../domain/residency.ts';
import { cardsOfHolder } from '../store/repositories/accessCards.ts';
import { findCommunity } from '../store/repositories/communities.ts';
import { leasesOfPerson } from '../store/repositories/residencies.ts';
import { type CardView, cardView } from './cardView.ts';
import type { ServiceDeps } from './deps.ts';
import { requirePerson } from './policies.ts';
import type { Principal } from './principal.ts';

/** The resident's access cards (Home, Community) with their codes and per-door status. */
export async function getMyAccess(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'cipher' | 'caches'>,
  principal: Principal,
): Promise<CardView[]> {
  const person = requirePerson(principal);
  const now = deps.clock.now();
  // The day decides which units count as home: a quarter-hour bucket in the key notices midnight in any zone.
  const loaded = await deps.caches.access.get(`${person.personId}:${Math.floor(now.getTime() / 900_000)}`, async () => {
    const community = await findCommunity(deps.db, person.communityId);
    if (!community) return null;
    // Before move-in the cards exist but show nothing: their codes are not on any door yet.
    const leases = await leasesOfPerson(deps.db, person.personId, community.id);
    const notStarted = leases.length > 0 && !leases.some((l) => l.accessState === 'current');
    if (notStarted) return { community, cards: [] };
    return { community, cards: await cardsOfHolder(deps.db, person.personId, localDate(now, community.timeZone)) };
  });
  if (!loaded) throw new KeywayError('not_found', 'Community not found.');
  return loaded.cards.map((card) => cardView(card, loaded.community.settings, deps.cipher));
}

export interface MyLease {
  state: LeaseState;
  /** YYYY-MM-DD in the community's time zone. */
  moveIn: string;
  moveOut: string | null;
  accessStartsAt: Date | null;
  accessEndsAt: Date | null;
}

/** The signed-in resident's lease that is not over (the newest), or null (staff, managers). */
export async function getMyLease(deps: Pick<ServiceDeps, 'db'>, principal: Principal): Promise<MyLease | null> {
  const person = requirePerson(principal);
  const lease = (await leasesOfPerson(deps.db, person.personId, person.communityId)).find(
    (l) => l.accessState !== 'ended',
  );
  if (!lease) return null;
  return {
    state: lease.accessState,
    moveIn: lease.moveIn,
    moveOut: lease.moveOut,
    accessStartsAt: lease.accessStartsAt,
    accessEndsAt: lease.accessEndsAt,
  };
}
