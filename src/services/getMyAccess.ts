import { KeywayError } from '../domain/errors.ts';
import { localDate } from '../domain/residency.ts';
import { cardsOfHolder } from '../store/repositories/accessCards.ts';
import { findCommunity } from '../store/repositories/communities.ts';
import { cardView, type CardView } from './cardView.ts';
import type { ServiceDeps } from './deps.ts';
import { requirePerson } from './policies.ts';
import type { Principal } from './principal.ts';

/** The resident's access cards (Home, Community) with their codes and per-door status. */
export async function getMyAccess(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'cipher'>,
  principal: Principal,
): Promise<CardView[]> {
  const person = requirePerson(principal);
  const community = await findCommunity(deps.db, person.communityId);
  if (!community) throw new KeywayError('not_found', 'Community not found.');
  const today = localDate(deps.clock.now(), community.timeZone);
  const cards = await cardsOfHolder(deps.db, person.personId, today);
  return cards.map((card) => cardView(card, community.settings, deps.cipher));
}
