/** "Pick a Code": a custom code the resident chooses for their Home card (DESIGN.md §1.2–1.3). */
import { KeywayError } from '../domain/errors.ts';
import { checkCustomPin } from '../domain/pin/customPinPolicy.ts';
import { lockCodeSpaces } from '../store/repositories/accessCodes.ts';
import { assignPin } from './assignPin.ts';
import type { CardView } from './cardView.ts';
import type { ServiceDeps } from './deps.ts';
import { loadCardForChange, reloadCardView } from './loadCardForChange.ts';
import { occupiedCodesOn } from './occupiedCodes.ts';
import { requirePerson } from './policies.ts';
import type { Principal } from './principal.ts';
import { CODE_CHANGE_LIMIT, enforceRateLimit } from './rateLimit.ts';

export interface PickMyCodeProps {
  cardId: string;
  /** The PIN as sent; anything but a string of 4 or 6 ASCII digits is refused by the policy. */
  code: unknown;
}

export async function pickMyCode(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'random' | 'cipher' | 'sync'>,
  principal: Principal,
  props: PickMyCodeProps,
): Promise<CardView> {
  const person = requirePerson(principal);
  // Counted before any rule is checked: refused picks count too, or the rules become a guessing oracle.
  await enforceRateLimit(deps.db, `code-change:${person.personId}`, CODE_CHANGE_LIMIT, deps.clock.now());
  return deps.db.transaction(async (tx) => {
    const { card, community, allowed, lockIds } = await loadCardForChange(tx, deps.clock, person, props.cardId);
    if (card.scope !== 'home') {
      throw new KeywayError(
        'custom_code_not_allowed_here',
        'Community doors and amenities use generated codes only. You can pick a code for your home door.',
      );
    }
    if (!community.settings.customCodes) {
      throw new KeywayError(
        'custom_codes_disabled',
        'Your community does not allow custom codes. Generate a code instead.',
      );
    }
    const pin = checkCustomPin(props.code, {
      lengths: allowed.pickLengths,
      blockCommonPins: community.settings.blockCommonPins,
    });
    await lockCodeSpaces(tx, lockIds);
    const taken = await occupiedCodesOn(tx, deps.cipher, lockIds, card.id).conflicting([pin]);
    if (taken.size > 0) {
      // Never say whose code it is, or whether it is equal or a prefix: only that it cannot be used here.
      throw new KeywayError('code_conflict', 'That code cannot be used on your doors. Please choose another.');
    }
    await assignPin(tx, deps, {
      communityId: card.communityId,
      accessCodeId: card.id,
      currentPinEnc: card.pinEnc,
      lockIds,
      pin,
      origin: 'custom',
      actor: { type: 'person', id: person.personId },
      eventType: 'access_code.picked',
      eventData: { scope: card.scope },
      at: deps.clock.now(),
    });
    return reloadCardView(tx, deps, person.personId, card.id, community);
  });
}
