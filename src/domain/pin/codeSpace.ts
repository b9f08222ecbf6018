/**
 * The space of codes the generator may hand out. Stricter than the custom-PIN policy: a generated code
 * is never repeated, never a run and never on the common-PIN blocklist, whatever the community's
 * blocklist setting — a machine-chosen code has no reason to be guessable.
 */

import type { PinLength } from './pinRules.ts';
import { isWeakPin, PIN_LENGTHS } from './pinRules.ts';

const GENERATED_SHAPE = /^(?:[0-9]{4}|[0-9]{6})$/;

/** True when the generator may produce this code: 4 or 6 ASCII digits and not weak. */
export function isGeneratable(pin: string): boolean {
  return GENERATED_SHAPE.test(pin) && isWeakPin(pin) === false;
}

// Built on first use: the 6-digit space takes ~100 ms to enumerate and most processes never need it.
const cache = new Map<PinLength, readonly string[]>();

/**
 * Every generatable code of this length, in ascending numeric order. Cached per length; callers get a
 * copy so nobody can corrupt the cache.
 */
export function allGeneratable(length: PinLength): string[] {
  return generatableCodes(length).slice();
}

/** The cached list itself, frozen: for hot paths (the generator's fallback) that only read it. */
export function generatableCodes(length: PinLength): readonly string[] {
  if (!PIN_LENGTHS.includes(length)) throw new RangeError(`unsupported PIN length ${String(length)}`);
  let codes = cache.get(length);
  if (codes === undefined) {
    const built: string[] = [];
    const total = 10 ** length;
    for (let n = 0; n < total; n++) {
      const pin = String(n).padStart(length, '0');
      if (!isWeakPin(pin)) built.push(pin);
    }
    codes = Object.freeze(built);
    cache.set(length, codes);
  }
  return codes;
}
