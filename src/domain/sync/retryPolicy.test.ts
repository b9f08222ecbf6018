import { describe, expect, it } from 'vitest';
import type { RetryPolicy } from './retryPolicy.ts';
import { canRetry, DEFAULT_RETRY, isRetryable, MIN_RETRY_DELAY_MS, retryDelayMs } from './retryPolicy.ts';
import { seededRandom } from './testRandom.ts';

const always = (x: number) => () => x;

describe('DEFAULT_RETRY', () => {
  it('is 1 s base, 5 min cap, 8 attempts', () => {
    expect(DEFAULT_RETRY).toEqual({ baseMs: 1000, maxMs: 300_000, maxAttempts: 8 });
  });
});

describe('retryDelayMs', () => {
  // With a draw of 1 the delay is the cap itself: 1 s, doubling, until 5 min.
  it.each([
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [4, 8000],
    [5, 16_000],
    [6, 32_000],
    [7, 64_000],
    [8, 128_000],
    [9, 256_000],
    [10, 300_000],
    [11, 300_000],
    [100, 300_000],
    [2000, 300_000], // 2 ** 1999 is Infinity: still capped
  ])('attempt %i, draw 1 → %i ms', (attempt, expected) => {
    expect(retryDelayMs(attempt, always(1))).toBe(expected);
  });

  it.each([
    [1, 0.5, 500],
    [3, 0.25, 1000],
    [10, 0.5, 150_000],
    [1, 0.0123456, 50], // 12.3 ms → the floor
    [1, 0.07, 70],
    [2, 0.3333, 666], // whole milliseconds, rounded down
    [1, 0, MIN_RETRY_DELAY_MS],
    [50, 0, MIN_RETRY_DELAY_MS],
  ])('attempt %i, draw %f → %i ms', (attempt, draw, expected) => {
    expect(retryDelayMs(attempt, always(draw))).toBe(expected);
  });

  it.each([
    [{ baseMs: 100, maxMs: 1000, maxAttempts: 3 }, 1, 100],
    [{ baseMs: 100, maxMs: 1000, maxAttempts: 3 }, 4, 800],
    [{ baseMs: 100, maxMs: 1000, maxAttempts: 3 }, 5, 1000],
    [{ baseMs: 10, maxMs: 20, maxAttempts: 3 }, 1, 50], // the floor wins over a tiny policy
  ] as [RetryPolicy, number, number][])('policy %j, attempt %i, draw 1 → %i ms', (policy, attempt, expected) => {
    expect(retryDelayMs(attempt, always(1), policy)).toBe(expected);
  });

  it('stays within [50 ms, cap] for any draw', () => {
    const random = seededRandom(7);
    for (let attempt = 1; attempt <= 20; attempt++) {
      const cap = Math.min(300_000, 1000 * 2 ** (attempt - 1));
      for (let i = 0; i < 200; i++) {
        const delay = retryDelayMs(attempt, random.random01);
        expect(delay).toBeGreaterThanOrEqual(50);
        expect(delay).toBeLessThanOrEqual(cap);
        expect(Number.isInteger(delay)).toBe(true);
      }
    }
  });

  it('spreads retries over the whole window (full jitter)', () => {
    const random = seededRandom(11);
    const delays = Array.from({ length: 2000 }, () => retryDelayMs(5, random.random01));
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    expect(mean).toBeGreaterThan(7000);
    expect(mean).toBeLessThan(9000);
    expect(Math.min(...delays)).toBeLessThan(1000);
    expect(Math.max(...delays)).toBeGreaterThan(15_000);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses attempt %s', (attempt) => {
    expect(() => retryDelayMs(attempt, always(0.5))).toThrow(RangeError);
  });

  it.each([-0.1, 1.01, Number.NaN])('refuses a draw of %s', (draw) => {
    expect(() => retryDelayMs(1, always(draw))).toThrow(RangeError);
  });
});

describe('canRetry', () => {
  it.each([
    [1, true],
    [8, true],
    [9, false],
    [100, false],
  ])('attempt %i → %s', (attempt, expected) => {
    expect(canRetry(attempt)).toBe(expected);
  });

  it('follows the policy', () => {
    expect(canRetry(3, { baseMs: 1, maxMs: 1, maxAttempts: 2 })).toBe(false);
    expect(canRetry(1, { baseMs: 1, maxMs: 1, maxAttempts: 0 })).toBe(false);
  });
});

describe('isRetryable', () => {
  it.each([
    ['timeout', true],
    ['lock_unreachable', true],
    ['hub_offline', true],
    ['circuit_open', true],
    ['duplicate_on_lock', false],
    ['no_free_slot', false],
    ['length_not_supported', false],
    ['rejected_by_lock', false],
    // not failures at all, or unknown
    ['awaiting_phone', false],
    ['awaiting_sync', false],
    ['sending', false],
    ['', false],
    ['TIMEOUT', false],
    ['something_new', false],
  ])('%s → %s', (reason, expected) => {
    expect(isRetryable(reason)).toBe(expected);
  });
});
