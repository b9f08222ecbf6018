import { describe, expect, it } from 'vitest';
import { KEYPAD_BRUTE_FORCE, keypadBruteForce } from './keypadBruteForce.ts';

const now = new Date('2026-06-15T15:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
const times = (...seconds: number[]) => seconds.map(ago);

describe('keypad brute force', () => {
  it('is the default rule: 5 wrong codes in 2 minutes, once per 10 minutes', () => {
    expect(KEYPAD_BRUTE_FORCE).toEqual({ attempts: 5, windowMs: 120_000, quietMs: 600_000 });
  });

  it.each([
    { what: 'no wrong codes', wrong: [], last: null, alert: false },
    { what: '4 wrong codes in a minute', wrong: times(0, 10, 20, 30), last: null, alert: false },
    { what: '5 wrong codes in a minute', wrong: times(0, 10, 20, 30, 40), last: null, alert: true },
    { what: '5 within 119 s', wrong: times(0, 30, 60, 90, 119), last: null, alert: true },
    { what: 'the 5th is 120 s old (outside)', wrong: times(0, 30, 60, 90, 120), last: null, alert: false },
    { what: '5 spread over 10 minutes', wrong: times(0, 150, 300, 450, 600), last: null, alert: false },
    { what: 'a burst 9 min after the last alert', wrong: times(0, 1, 2, 3, 4), last: ago(540), alert: false },
    { what: 'a burst 10 min after the last alert', wrong: times(0, 1, 2, 3, 4), last: ago(600), alert: true },
    { what: 'reports from the future are ignored', wrong: times(0, -5, -10, -15, -20), last: null, alert: false },
  ])('$what → $alert', ({ wrong, last, alert }) => {
    expect(keypadBruteForce({ wrongCodesAt: wrong, lastAlertAt: last, now })).toBe(alert);
  });
});
