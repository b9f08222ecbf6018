import { type AllowedLengths, allowedLengths } from '../domain/accessCards.ts';
import { KeywayError } from '../domain/errors.ts';
import { localDate } from '../domain/residency.ts';
import type { Clock } from '../platform/clock.ts';
import type { PinCipher } from '../security/pinCipher.ts';
import type { Tx } from '../store/database.ts';
import { type CardWithDoors, cardsOfHolder, lockCard } from '../store/repositories/accessCards.ts';
import { type CommunityRow, findCommunity } from '../store/repositories/communities.ts';
import { type CardView, cardView } from './cardView.ts';
import type { Principal } from './principal.ts';
import { requireCurrentResidency } from './support/currentResidency.ts';

export interface CardForChange {
  card: CardWithDoors;
  community: CommunityRow;
  allowed: AllowedLengths;
  lockIds: string[];
}

/**
 * Loads and locks one of the caller's own cards inside the transaction. Someone else's card is
 * "not found", never "forbidden": its existence is not the caller's business. A resident whose lease has
 * ended changes no code (403 residency_ended).
 */
export async function loadCardForChange(
  tx: Tx,
  clock: Clock,
  holder: Extract<Principal, { kind: 'person' }>,
  cardId: string,
): Promise<CardForChange> {
  await requireCurrentResidency(tx, holder, clock.now());
  if (!(await lockCard(tx, cardId, holder.personId))) throw new KeywayError('not_found', 'No such access card.');
  const community = await findCommunity(tx, holder.communityId);
  if (!community) throw new KeywayError('not_found', 'Community not found.');
  const [card] = await cardsOfHolder(tx, holder.personId, localDate(clock.now(), community.timeZone), cardId);
  if (!card) throw new KeywayError('not_found', 'No such access card.');
  return {
    card,
    community,
    allowed: allowedLengths(
      community.settings,
      card.scope,
      card.doors.map((d) => d.codeLengths),
    ),
    lockIds: card.doors.map((d) => d.lockId),
  };
}

/** The card as the resident now sees it, read inside the same transaction as the change. */
export async function reloadCardView(
  tx: Tx,
  deps: { clock: Clock; cipher: PinCipher },
  personId: string,
  cardId: string,
  community: CommunityRow,
): Promise<CardView> {
  const [card] = await cardsOfHolder(tx, personId, localDate(deps.clock.now(), community.timeZone), cardId);
  if (!card) throw new Error(`card ${cardId} vanished inside its transaction`);
  return cardView(card, community.settings, deps.cipher);
}
