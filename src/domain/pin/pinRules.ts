/**
 * The shape rules for a PIN (DESIGN.md §1): which lengths exist, and which digit strings are too easy to
 * guess. Pure predicates over digit strings; validation of untrusted input (type, ASCII-only, allowed
 * length) lives in customPinPolicy.ts so these stay small and reusable by the generator.
 */
import { isCommonPin } from './commonPins.ts';

export type PinLength = 4 | 6;

/** Every length Keyway knows. A community may allow a subset (6 digits only if enabled). */
export const PIN_LENGTHS: readonly PinLength[] = [4, 6];

/** True when every character is the same one: 1111, 000000. The empty string is not a PIN, so false. */
export function isRepeatedDigit(pin: string): boolean {
  if (pin.length === 0) return false;
  const first = pin[0];
  for (let i = 1; i < pin.length; i++) {
    if (pin[i] !== first) return false;
  }
  return true;
}

/**
 * True for a run where each digit is one more (1234, 456789, 0123) or each one less (5432, 987654, 3210)
 * than the one before. No wrap-around: after 9 comes nothing, so 7890 and 2109 are not runs (the product
 * brief names them as passing). Anything that is not at least two ASCII digits is not a run.
 */
export function isSequential(pin: string): boolean {
  if (pin.length < 2) return false;
  const step = pin.charCodeAt(1) - pin.charCodeAt(0);
  if (step !== 1 && step !== -1) return false;
  for (let i = 0; i < pin.length; i++) {
    const c = pin.charCodeAt(i);
    if (c < 48 || c > 57) return false; // not '0'..'9'
    if (i > 0 && c - pin.charCodeAt(i - 1) !== step) return false;
  }
  return true;
}

/** Anything an attacker would try first: one repeated digit, a run, or a member of the common-PIN blocklist. */
export function isWeakPin(pin: string): boolean {
  return isRepeatedDigit(pin) || isSequential(pin) || isCommonPin(pin);
}
