import { describe, expect, it } from 'vitest';
import { expectKeywayError } from '../../../test/support/expectKeywayError.ts';
import { allGeneratable, isGeneratable } from './codeSpace.ts';
import type { OccupiedCodes, RandomInt } from './generator.ts';
import { generatePin, randomPinString } from './generator.ts';
import { LockCodeIndex } from './lockCodeIndex.ts';
import type { PinLength } from './pinRules.ts';
import { seededRandomInt } from './testRandom.ts';

const nothingOccupied: OccupiedCodes = { conflicting: () => new Set() };

/** Wraps an OccupiedCodes and records the size of every query. */
function spying(inner: OccupiedCodes) {
  const calls: number[] = [];
  const occupied: OccupiedCodes = {
    conflicting(candidates) {
      calls.push(candidates.length);
      return inner.conflicting(candidates);
    },
  };
  return { occupied, calls };
}

/** Occupancy that frees only `free`: everything else generatable is taken. O(1) per query for speed. */
function onlyFree(length: PinLength, free: readonly string[]): OccupiedCodes {
  const keep = new Set(free);
  const taken = new Set(allGeneratable(length).filter((c) => !keep.has(c)));
  // Returning a superset of the candidates is fine: the generator only asks `has` of its candidates.
  return { conflicting: () => taken };
}

/** Pearson chi-square statistic of observed counts against a uniform expectation. */
function chiSquare(counts: Iterable<number>, draws: number, categories: number): number {
  const expected = draws / categories;
  let sum = 0;
  for (const c of counts) sum += (c - expected) ** 2 / expected;
  return sum;
}

describe('randomPinString', () => {
  it.each<[PinLength, number, string]>([
    [4, 0, '0000'],
    [4, 7, '0007'],
    [4, 481, '0481'],
    [4, 9999, '9999'],
    [6, 0, '000000'],
    [6, 48213, '048213'],
    [6, 999_999, '999999'],
  ])('length %i, draw %i → %j', (length, draw, expected) => {
    const asked: number[] = [];
    const pin = randomPinString(length, (max) => {
      asked.push(max);
      return draw;
    });
    expect(pin).toBe(expected);
    expect(asked).toEqual([10 ** length]); // one draw over the whole space
  });

  it.each([10_000, -1, 1.5, Number.NaN])('refuses a broken RandomInt returning %d', (bad) => {
    expect(() => randomPinString(4, () => bad)).toThrow(RangeError);
  });

  it('is roughly uniform over leading digits', () => {
    const randomInt = seededRandomInt(1);
    const counts = new Array<number>(10).fill(0);
    const draws = 100_000;
    for (let i = 0; i < draws; i++) counts[Number(randomPinString(6, randomInt)[0])]!++;
    expect(chiSquare(counts, draws, 10)).toBeLessThan(27.88); // df = 9, p = 0.001
  });
});

describe('generatePin never returns a weak code', () => {
  it.each([4, 6] as const)('%i digits, many draws', async (length) => {
    const randomInt = seededRandomInt(42 + length);
    for (let i = 0; i < 5_000; i++) {
      const pin = await generatePin({ length, randomInt, occupied: nothingOccupied });
      if (!isGeneratable(pin) || pin.length !== length) expect.fail(`generated ${pin}`);
    }
  });

  it('a RandomInt stuck on a weak value still terminates (via the fallback)', async () => {
    const stuck: RandomInt = (max) => Math.min(1111, max - 1); // 1111 is repeated, never generatable
    const { occupied, calls } = spying(nothingOccupied);
    const pin = await generatePin({ length: 4, randomInt: stuck, occupied });
    expect(isGeneratable(pin)).toBe(true);
    expect(calls).toEqual([allGeneratable(4).length]); // the empty batches were never asked about
  });
});

describe('generatePin respects occupancy', () => {
  it('never returns a code that conflicts (equal or prefix either way) with a busy lock', async () => {
    const randomInt = seededRandomInt(7);
    const index = new LockCodeIndex();
    for (let i = 0; i < 3_000; i++) index.add(randomPinString(4, randomInt));
    for (let i = 0; i < 3_000; i++) index.add(randomPinString(6, randomInt));
    for (const length of [4, 6] as const) {
      for (let i = 0; i < 1_000; i++) {
        const pin = await generatePin({ length, randomInt, occupied: index });
        if (index.conflictsWith(pin)) expect.fail(`${pin} conflicts`);
      }
    }
  });

  it('a 4-digit code is refused when it prefixes a stored 6-digit code', async () => {
    // Every generatable 4-digit code but one is the prefix of some stored 6-digit code.
    const all = allGeneratable(4);
    const target = all[1234]!;
    const index = new LockCodeIndex(all.filter((c) => c !== target).map((c) => `${c}57`));
    const randomInt = seededRandomInt(3);
    for (let i = 0; i < 20; i++) {
      expect(await generatePin({ length: 4, randomInt, occupied: index })).toBe(target);
    }
  });

  it('a 6-digit code is refused when a stored 4-digit code prefixes it', async () => {
    // Every 4-digit string but one is stored, so only 6-digit codes starting with it are free.
    const prefix = '4821';
    const index = new LockCodeIndex();
    for (let n = 0; n < 10_000; n++) {
      const code = String(n).padStart(4, '0');
      if (code !== prefix) index.add(code);
    }
    const pin = await generatePin({ length: 6, randomInt: seededRandomInt(5), occupied: index });
    expect(pin.startsWith(prefix)).toBe(true);
    expect(isGeneratable(pin)).toBe(true);
  });
});

describe('a nearly full or full code space', () => {
  it('with all but one 4-digit generatable code occupied, returns exactly that one (fallback path)', async () => {
    const all = allGeneratable(4);
    const last = all[all.length - 100]!;
    const { occupied, calls } = spying(new LockCodeIndex(all.filter((c) => c !== last)));
    const pin = await generatePin({ length: 4, randomInt: seededRandomInt(11), occupied });
    expect(pin).toBe(last);
    // Four random rounds of at most 16 candidates, then one query with the whole space.
    expect(calls.length).toBe(5);
    expect(calls.slice(0, 4).every((n) => n > 0 && n <= 16)).toBe(true);
    expect(calls[4]).toBe(all.length);
  });

  it('with every 4-digit code occupied, throws code_space_exhausted', async () => {
    const index = new LockCodeIndex(allGeneratable(4));
    const promise = generatePin({ length: 4, randomInt: seededRandomInt(1), occupied: index });
    const error = await expectKeywayError(promise, 'code_space_exhausted');
    expect(error.details).toEqual({ length: 4 });
  });

  it('with every single digit stored (foreign 1-digit codes), no 6-digit code is free', async () => {
    const index = new LockCodeIndex(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const promise = generatePin({ length: 6, randomInt: seededRandomInt(2), occupied: index });
    await expectKeywayError(promise, 'code_space_exhausted');
  });

  it('weak codes being free does not help: they are never handed out', async () => {
    // Only weak codes are unoccupied: the generator must refuse rather than hand one out.
    const index = new LockCodeIndex(allGeneratable(4));
    expect(index.conflictsWith('1111')).toBe(false);
    await expectKeywayError(
      generatePin({ length: 4, randomInt: seededRandomInt(9), occupied: index }),
      'code_space_exhausted',
    );
  });
});

describe('uniformity over a small free set', () => {
  const all = allGeneratable(4);
  const free = Array.from({ length: 10 }, (_, i) => all[i * 900 + 17]!);

  async function histogram(seed: number, draws: number, extra: { rounds?: number; batchSize?: number }) {
    const randomInt = seededRandomInt(seed);
    const occupied = onlyFree(4, free);
    const counts = new Map<string, number>(free.map((c) => [c, 0]));
    for (let i = 0; i < draws; i++) {
      const pin = await generatePin({ length: 4, randomInt, occupied, ...extra });
      const count = counts.get(pin);
      if (count === undefined) expect.fail(`returned an occupied code ${pin}`);
      counts.set(pin, count + 1);
    }
    return counts;
  }

  // Each draw mostly takes the fallback (a full scan of the space), so the single-path checks use fewer
  // draws to keep the suite quick; the bands are ±5 standard deviations of a binomial count.
  it.each([
    ['default options: random rounds and fallback mixed', 101, 10_000, {}],
    ['random rounds only (enough rounds to always hit)', 202, 3_000, { rounds: 10_000 }],
    ['fallback only (no random rounds)', 303, 3_000, { rounds: 0 }],
    ['tiny batches', 404, 3_000, { batchSize: 1, rounds: 50 }],
  ] as const)('%s', async (_name, seed, draws, extra) => {
    const counts = await histogram(seed, draws, extra);
    const expected = draws / free.length;
    const band = 5 * Math.sqrt(expected * (1 - 1 / free.length));
    for (const [, count] of counts) {
      expect(count).toBeGreaterThan(expected - band);
      expect(count).toBeLessThan(expected + band);
    }
    expect(chiSquare(counts.values(), draws, free.length)).toBeLessThan(27.88); // df = 9, p = 0.001
  });
});

describe('options and plumbing', () => {
  it('works with an asynchronous OccupiedCodes', async () => {
    const index = new LockCodeIndex(['4821', '912045']);
    const occupied: OccupiedCodes = {
      conflicting: async (candidates) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return index.conflicting(candidates);
      },
    };
    const randomInt = seededRandomInt(8);
    for (let i = 0; i < 20; i++) {
      const pin = await generatePin({ length: 6, randomInt, occupied });
      expect(index.conflictsWith(pin)).toBe(false);
    }
    const all = allGeneratable(4);
    const only = all[500]!;
    const nearlyFull = new LockCodeIndex(all.filter((c) => c !== only));
    const asyncFull: OccupiedCodes = { conflicting: async (c) => nearlyFull.conflicting(c) };
    expect(await generatePin({ length: 4, randomInt, occupied: asyncFull })).toBe(only);
  });

  it('asks occupancy once per round, with at most batchSize candidates', async () => {
    const { occupied, calls } = spying(onlyFree(4, [allGeneratable(4)[42]!]));
    await generatePin({ length: 4, randomInt: seededRandomInt(4), occupied, batchSize: 5, rounds: 3 });
    expect(calls.slice(0, 3).every((n) => n <= 5)).toBe(true);
  });

  it('returns the first free candidate of a round in draw order', async () => {
    // Draws: 1111 (weak, skipped), 4821 (taken), 9120 (free), 7345 (free) → 9120.
    const sequence = [1111, 4821, 9120, 7345];
    let i = 0;
    const scripted: RandomInt = () => sequence[i++ % sequence.length]!;
    const { occupied, calls } = spying(new LockCodeIndex(['4821']));
    const pin = await generatePin({ length: 4, randomInt: scripted, occupied, batchSize: 3 });
    expect(pin).toBe('9120');
    expect(calls).toEqual([3]);
  });

  it('is deterministic for a given random source', async () => {
    const run = async () => generatePin({ length: 6, randomInt: seededRandomInt(99), occupied: nothingOccupied });
    expect(await run()).toBe(await run());
  });

  it.each([{ batchSize: 0 }, { batchSize: 1.5 }, { rounds: -1 }, { rounds: Number.NaN }])(
    'refuses bad options %o',
    async (extra) => {
      await expect(
        generatePin({ length: 4, randomInt: seededRandomInt(1), occupied: nothingOccupied, ...extra }),
      ).rejects.toThrow(RangeError);
    },
  );

  it('6 digits with 50,000 random codes on the lock is fast', async () => {
    const randomInt = seededRandomInt(2024);
    const index = new LockCodeIndex();
    while (index.size < 50_000) index.add(randomPinString(6, randomInt));
    const started = performance.now();
    for (let i = 0; i < 1_000; i++) {
      const pin = await generatePin({ length: 6, randomInt, occupied: index });
      if (index.conflictsWith(pin)) expect.fail(`${pin} conflicts`);
    }
    expect(performance.now() - started).toBeLessThan(1_000); // ~1 ms per code, generously
  });
});
