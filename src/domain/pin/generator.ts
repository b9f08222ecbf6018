/**
 * Random code generation (DESIGN.md §1 rule 1, §4 Uniqueness): a cryptographically random code, uniform
 * over the generatable codes (codeSpace.ts) that conflict with nothing already on the target locks.
 *
 * Randomness and occupancy are injected, so this file stays pure: production passes node:crypto's
 * randomInt and a store-backed OccupiedCodes; tests pass a seeded RandomInt and an in-memory index.
 */
import { KeywayError } from '../errors.ts';
import { generatableCodes, isGeneratable } from './codeSpace.ts';
import type { PinLength } from './pinRules.ts';

/** Uniform integer in [0, maxExclusive): node:crypto randomInt in production, seeded in tests. */
export type RandomInt = (maxExclusive: number) => number;

export interface OccupiedCodes {
  /** Which of these candidates would conflict (equal, or one a prefix of the other) with codes already on the target locks. */
  conflicting(candidates: readonly string[]): ReadonlySet<string> | Promise<ReadonlySet<string>>;
}

export interface GenerateOptions {
  length: PinLength;
  randomInt: RandomInt;
  occupied: OccupiedCodes;
  /** Candidates drawn per round, checked against occupancy in one call. Default 16. */
  batchSize?: number;
  /** Random rounds before falling back to enumerating the whole space. Default 4. */
  rounds?: number;
}

const DEFAULT_BATCH_SIZE = 16;
const DEFAULT_ROUNDS = 4;
/**
 * Raw draws allowed per wanted candidate. About 97% of 4-digit strings are generatable, so a round
 * needs ~1.03 draws per candidate; the cap only matters if randomInt is broken (e.g. stuck on 1111),
 * and then it turns an endless loop into a short batch and, eventually, the fallback.
 */
const DRAWS_PER_CANDIDATE = 8;

/** Calls randomInt and refuses a result outside [0, max): a broken source must not yield a wrong code. */
function drawBelow(randomInt: RandomInt, maxExclusive: number): number {
  const n = randomInt(maxExclusive);
  if (!Number.isInteger(n) || n < 0 || n >= maxExclusive) {
    throw new RangeError(`randomInt(${maxExclusive}) returned ${String(n)}`);
  }
  return n;
}

/** Uniform over all 10^length digit strings, leading zeros kept: one draw, zero-padded. */
export function randomPinString(length: PinLength, randomInt: RandomInt): string {
  return String(drawBelow(randomInt, 10 ** length)).padStart(length, '0');
}

/**
 * Up to `size` generatable candidates by rejection sampling: draw a uniform digit string, keep it only if
 * generatable. A kept draw is uniform over the generatable codes (conditioning a uniform draw on a subset
 * leaves it uniform on that subset). Repeats are dropped: a repeat cannot be the first free candidate,
 * because its earlier copy would have been.
 */
function drawCandidates(length: PinLength, randomInt: RandomInt, size: number): string[] {
  const batch = new Set<string>();
  for (let draws = 0; batch.size < size && draws < size * DRAWS_PER_CANDIDATE; draws++) {
    const pin = randomPinString(length, randomInt);
    if (isGeneratable(pin)) batch.add(pin);
  }
  return [...batch];
}

function positiveInteger(value: number, name: string, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer >= ${min}`);
  return value;
}

/**
 * A fresh code for the target locks.
 *
 * Why the result is uniform over the free codes F (generatable and not conflicting):
 * - Random rounds: candidates are independent and each uniform over the generatable codes G. Whether a
 *   code is free depends only on that code, not on the batch it is asked in. The first free candidate in
 *   draw order is therefore the first of an i.i.d. sequence to land in F, and such a first hit is uniform
 *   over F: every member of F is equally likely on every draw.
 * - Fallback: when the rounds find nothing (the space is nearly full, so a random probe rarely hits),
 *   we list F exactly and pick one index with randomInt(|F|), which is uniform over F by construction.
 * A mix of two distributions that are both uniform over F is uniform over F. Both paths end after a
 * bounded number of draws and occupancy queries, so this never loops forever.
 */
export async function generatePin(options: GenerateOptions): Promise<string> {
  const { length, randomInt, occupied } = options;
  const batchSize = positiveInteger(options.batchSize ?? DEFAULT_BATCH_SIZE, 'batchSize', 1);
  const rounds = positiveInteger(options.rounds ?? DEFAULT_ROUNDS, 'rounds', 0);

  for (let round = 0; round < rounds; round++) {
    const batch = drawCandidates(length, randomInt, batchSize);
    if (batch.length === 0) continue;
    const taken = await occupied.conflicting(batch);
    const free = batch.find((pin) => !taken.has(pin));
    if (free !== undefined) return free;
  }

  const all = generatableCodes(length);
  const taken = await occupied.conflicting(all);
  const free = all.filter((pin) => !taken.has(pin));
  if (free.length === 0) {
    throw new KeywayError(
      'code_space_exhausted',
      `There is no free ${length}-digit code left on these doors. Remove unused codes or use a longer code.`,
      { length },
    );
  }
  return free[drawBelow(randomInt, free.length)]!;
}
