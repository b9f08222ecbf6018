/**
 * Test-only deterministic randomness, so generator tests are reproducible. Never use in production:
 * production injects node:crypto's randomInt.
 */
import type { RandomInt } from './generator.ts';

/** mulberry32: a tiny 32-bit PRNG with good enough statistics for tests. Returns uint32 values. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** A seeded RandomInt, unbiased: rejects the top sliver of the 32-bit range that would favour small values. */
export function seededRandomInt(seed: number): RandomInt {
  const next = mulberry32(seed);
  return (maxExclusive: number) => {
    if (!Number.isInteger(maxExclusive) || maxExclusive < 1 || maxExclusive > 2 ** 32) {
      throw new RangeError(`bad maxExclusive ${maxExclusive}`);
    }
    const limit = 2 ** 32 - (2 ** 32 % maxExclusive);
    for (;;) {
      const x = next();
      if (x < limit) return x % maxExclusive;
    }
  };
}
