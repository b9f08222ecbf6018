/**
 * Validation of a resident's custom ("Pick a Code") PIN, DESIGN.md §1 rule 2.
 *
 * Checks run in a fixed order so a client always sees the most basic problem first (wrong characters,
 * then wrong length, then weak shape). Messages are plain sentences for people and never contain the
 * submitted PIN: PINs are secrets and error messages end up in logs. Examples in messages (1111, 1234)
 * are fixed text, identical whatever was submitted.
 *
 * Per-lock uniqueness (a pick equal to or a prefix of another code on the same lock) is not checked here:
 * it needs the locks' codes and is refused by the service as `code_conflict`.
 */
import { KeywayError } from '../errors.ts';
import { isCommonPin } from './commonPins.ts';
import type { PinLength } from './pinRules.ts';
import { isRepeatedDigit, isSequential } from './pinRules.ts';

export interface PinPolicy {
  /** Lengths this community allows for custom codes: [4], or [4, 6] when 6-digit codes are enabled. */
  lengths: readonly PinLength[];
  /** Community setting: refuse PINs on the common-PIN blocklist (commonPins.ts). */
  blockCommonPins: boolean;
}

/** ASCII '0'-'9' only: Arabic-Indic or full-width digits would not match what a lock keypad can type. */
const ASCII_DIGITS = /^[0-9]*$/;

function describeLengths(lengths: readonly PinLength[]): string {
  const sorted = [...lengths].sort((a, b) => a - b);
  if (sorted.length === 0) return 'Custom codes are not available here.';
  return `Codes must be ${sorted.join(' or ')} digits long.`;
}

/** Returns the PIN unchanged (a string, leading zeros kept) or throws KeywayError. */
export function checkCustomPin(pin: unknown, policy: PinPolicy): string {
  if (typeof pin !== 'string' || !ASCII_DIGITS.test(pin)) {
    throw new KeywayError('pin_not_digits', 'Codes can only contain the digits 0 to 9.');
  }
  if (!(policy.lengths as readonly number[]).includes(pin.length)) {
    throw new KeywayError('pin_length_not_allowed', describeLengths(policy.lengths), {
      allowed: [...policy.lengths],
    });
  }
  if (isRepeatedDigit(pin)) {
    throw new KeywayError('pin_repeated_digit', "Codes can't repeat one number, like 1111.");
  }
  if (isSequential(pin)) {
    throw new KeywayError('pin_sequential', "Codes can't be numbers in a row, counting up or down, like 1234 or 4321.");
  }
  if (policy.blockCommonPins && isCommonPin(pin)) {
    throw new KeywayError(
      'pin_common',
      'That code is one of the most commonly used codes and is easy to guess. Please choose another.',
    );
  }
  return pin;
}
