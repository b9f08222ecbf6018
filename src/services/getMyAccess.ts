import { KeywayError } from '../domain/errors.ts';
import { localDate } from '../domain/residency.ts';
import { cardsOfHolder } from '../store/repositories/accessCards.ts';
import { findCommunity } from '../store/repositories/communities.ts';
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
    return { community, cards: await cardsOfHolder(deps.db, person.personId, localDate(now, community.timeZone)) };
  });
  if (!loaded) throw new KeywayError('not_found', 'Community not found.');
  return loaded.cards.map((card) => cardView(card, loaded.community.settings, deps.cipher));
}
