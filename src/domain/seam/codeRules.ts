/**
 * Keyway's code rules for integration codes, the same as for residents (DESIGN.md §1): digits chosen by someone
 * are allowed only on unit doors, and only when the community allows custom codes; they must be a length the
 * community allows and the lock takes, and not weak. Generated codes use the community's default length unless
 * the integrator prefers another allowed one. Uniqueness on the lock needs the store and is checked by the service.
 */
import { type CommunitySettings, communityPinLengths } from '../communitySettings.ts';
import { KeywayError } from '../errors.ts';
import { checkCustomPin } from '../pin/customPinPolicy.ts';
import type { PinLength } from '../pin/pinRules.ts';

export interface CodeTarget {
  doorKind: 'unit_door' | 'community_door' | 'amenity';
  codeLengths: readonly number[];
  slotCount: number;
  /** Slots taken or promised on the lock (codes wanted there, codes still leaving, codes Keyway did not set). */
  slotsClaimed: number;
  retiring: boolean;
}

/** The community's lengths that this lock takes. */
export function lengthsOn(settings: CommunitySettings, target: Pick<CodeTarget, 'codeLengths'>): PinLength[] {
  return communityPinLengths(settings).filter((length) => target.codeLengths.includes(length));
}

/** Refuses a lock that cannot take one more code: being removed, or every slot spoken for. */
export function ensureRoomFor(target: CodeTarget): void {
  if (target.retiring)
    throw new KeywayError('invalid_request', 'This lock is being removed: it takes no new codes.', {
      field: 'device_id',
    });
  if (target.slotsClaimed >= target.slotCount)
    throw new KeywayError('lock_full', 'This lock has no free slot left for another code.', {
      slotCount: target.slotCount,
    });
}

/** Returns the chosen PIN (leading zeros kept) or throws the rule it breaks. */
export function checkChosenCode(code: unknown, settings: CommunitySettings, target: CodeTarget): string {
  if (target.doorKind !== 'unit_door') {
    throw new KeywayError(
      'custom_code_not_allowed_here',
      'Community doors and amenities take generated codes only: leave out `code` and Keyway generates one.',
      { field: 'code' },
    );
  }
  if (!settings.customCodes) {
    throw new KeywayError(
      'custom_codes_disabled',
      'This community does not allow chosen codes: leave out `code` and Keyway generates one.',
      { field: 'code' },
    );
  }
  return checkCustomPin(code, { lengths: lengthsOn(settings, target), blockCommonPins: settings.blockCommonPins });
}

/**
 * The length of a code generated for all of these locks: the preferred one when the community allows it and every
 * lock takes it, else the community's default (6 digits when enabled, else 4), else any length they all take.
 */
export function generatedLength(
  settings: CommunitySettings,
  targets: readonly Pick<CodeTarget, 'codeLengths'>[],
  preferred?: number,
): PinLength {
  const common = communityPinLengths(settings).filter((length) =>
    targets.every((target) => target.codeLengths.includes(length)),
  );
  const fallback: PinLength = settings.sixDigitCodes ? 6 : 4;
  const length = common.find((l) => l === preferred) ?? (common.includes(fallback) ? fallback : common[0]);
  if (length === undefined) {
    throw new KeywayError(
      'pin_length_not_allowed',
      targets.length > 1
        ? 'These devices take no code length in common that the community allows.'
        : 'This device takes no code length that the community allows.',
      { allowed: communityPinLengths(settings) },
    );
  }
  return length;
}
