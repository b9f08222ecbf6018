import { describe, expect, it } from 'vitest';
import type { BreakerPolicy, BreakerState } from './circuitBreaker.ts';
import {
  breakerAllows,
  breakerReopensAt,
  CLOSED,
  DEFAULT_BREAKER,
  onBreakerFailure,
  onBreakerSuccess,
} from './circuitBreaker.ts';

const T = 1_700_000_000_000;
const state = (consecutiveFailures: number, openedAt: number | null): BreakerState => ({
  consecutiveFailures,
  openedAt,
});

describe('defaults', () => {
  it('threshold 5, cooldown 60 s, CLOSED is zero and frozen', () => {
    expect(DEFAULT_BREAKER).toEqual({ failureThreshold: 5, cooldownMs: 60_000 });
    expect(CLOSED).toEqual({ consecutiveFailures: 0, openedAt: null });
    expect(Object.isFrozen(CLOSED)).toBe(true);
  });
});

describe('breakerAllows', () => {
  it.each([
    ['closed', state(0, null), T, true],
    ['closed with some failures', state(4, null), T, true],
    ['just opened', state(5, T), T, false],
    ['open, 1 ms before the cooldown ends', state(5, T), T + 59_999, false],
    ['open, cooldown just over (half-open)', state(5, T), T + 60_000, true],
    ['open, long ago (half-open)', state(9, T), T + 3_600_000, true],
    ['clock went backwards', state(5, T), T - 1000, false],
  ])('%s → %s', (_label, s, now, expected) => {
    expect(breakerAllows(s, now)).toBe(expected);
  });

  it('follows the policy', () => {
    const policy: BreakerPolicy = { failureThreshold: 2, cooldownMs: 10 };
    expect(breakerAllows(state(2, T), T + 9, policy)).toBe(false);
    expect(breakerAllows(state(2, T), T + 10, policy)).toBe(true);
  });
});

describe('onBreakerSuccess', () => {
  it.each([state(0, null), state(3, null), state(5, T), state(12, T - 120_000)])('%j → CLOSED', (s) => {
    expect(onBreakerSuccess(s)).toBe(CLOSED);
  });
});

describe('onBreakerFailure', () => {
  it.each([
    ['first failure', state(0, null), T, state(1, null)],
    ['still below the threshold', state(3, null), T, state(4, null)],
    ['reaching the threshold opens', state(4, null), T, state(5, T)],
    ['beyond the threshold while closed (policy lowered) opens', state(7, null), T, state(8, T)],
    ['a late failure while cooling down only counts', state(5, T), T + 30_000, state(6, T)],
    ['the half-open probe fails: open again from now', state(5, T), T + 60_000, state(6, T + 60_000)],
    ['a failure long after opening re-opens from now', state(6, T), T + 600_000, state(7, T + 600_000)],
  ])('%s', (_label, s, now, expected) => {
    expect(onBreakerFailure(s, now)).toEqual(expected);
  });

  it('follows the policy', () => {
    const policy: BreakerPolicy = { failureThreshold: 1, cooldownMs: 1000 };
    expect(onBreakerFailure(CLOSED, T, policy)).toEqual(state(1, T));
    expect(onBreakerFailure(state(1, T), T + 999, policy)).toEqual(state(2, T));
    expect(onBreakerFailure(state(1, T), T + 1000, policy)).toEqual(state(2, T + 1000));
  });

  it('does not mutate its input', () => {
    const s = Object.freeze(state(4, null));
    expect(() => onBreakerFailure(s, T)).not.toThrow();
    expect(s).toEqual(state(4, null));
  });
});

describe('a lock that dies and comes back', () => {
  it('opens after five failures, refuses for a minute, probes, re-opens, probes, closes', () => {
    let s: BreakerState = CLOSED;
    for (let i = 0; i < 5; i++) {
      expect(breakerAllows(s, T + i)).toBe(true);
      s = onBreakerFailure(s, T + i);
    }
    expect(s).toEqual(state(5, T + 4));
    expect(breakerAllows(s, T + 30_000)).toBe(false);
    expect(breakerReopensAt(s)).toBe(T + 60_004);
    expect(breakerAllows(s, T + 60_004)).toBe(true);
    s = onBreakerFailure(s, T + 60_010); // the probe fails
    expect(breakerAllows(s, T + 60_011)).toBe(false);
    expect(breakerReopensAt(s)).toBe(T + 120_010);
    expect(breakerAllows(s, T + 120_010)).toBe(true);
    s = onBreakerSuccess(s);
    expect(breakerAllows(s, T + 120_011)).toBe(true);
    expect(breakerReopensAt(s)).toBeNull();
  });
});
