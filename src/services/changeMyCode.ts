/** "Generate a Code": a new random code for one of the resident's own cards (DESIGN.md §1.1). */
import { KeywayError } from '../domain/errors.ts';
import { generatePin } from '../domain/pin/generator.ts';
import type { PinLength } from '../domain/pin/pinRules.ts';
import { lockCodeSpaces } from '../store/repositories/accessCodes.ts';
import { assignPin } from './assignPin.ts';
import type { CardView } from './cardView.ts';
import type { ServiceDeps } from './deps.ts';
import { loadCardForChange, reloadCardView } from './loadCardForChange.ts';
import { occupiedCodesOn } from './occupiedCodes.ts';
import { requirePerson } from './policies.ts';
import type { Principal } from './principal.ts';
import { CODE_CHANGE_LIMIT, enforceRateLimit } from './rateLimit.ts';

export interface ChangeMyCodeProps {
  cardId: string;
  /** Requested code length; must be one the card allows (4, or 6 where the community enables it). */
  length: number;
}

export async function changeMyCode(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'random' | 'cipher' | 'sync'>,
  principal: Principal,
  props: ChangeMyCodeProps,
): Promise<CardView> {
  const person = requirePerson(principal);
  await enforceRateLimit(deps.db, `code-change:${person.personId}`, CODE_CHANGE_LIMIT, deps.clock.now());
  return deps.db.transaction(async (tx) => {
    const { card, community, allowed, lockIds } = await loadCardForChange(tx, deps.clock, person, props.cardId);
    const length = props.length as PinLength;
    if (!allowed.generateLengths.includes(length)) {
      throw new KeywayError(
        'pin_length_not_allowed',
        `This card takes codes of ${allowed.generateLengths.join(' or ')} digits.`,
        {
          allowed: allowed.generateLengths,
        },
      );
    }
    await lockCodeSpaces(tx, lockIds);
    const pin = await generatePin({
      length,
      randomInt: deps.random.int,
      occupied: occupiedCodesOn(tx, deps.cipher, lockIds, card.id),
    });
    const at = deps.clock.now();
    await assignPin(tx, deps, {
      communityId: card.communityId,
      accessCodeId: card.id,
      currentPinEnc: card.pinEnc,
      lockIds,
      pin,
      origin: 'generated',
      actor: { type: 'person', id: person.personId },
      eventType: 'access_code.generated',
      eventData: { scope: card.scope },
      at,
    });
    return reloadCardView(tx, deps, person.personId, card.id, community);
  });
}
