import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { clockTimeMinutes, firstInstantShowing, parseClockTime, wallDateAt } from './wallTime.ts';

const CHICAGO = 'America/Chicago';

describe('parseClockTime', () => {
  it.each([
    ['00:00', 0],
    ['09:05', 545],
    ['23:59', 1439],
    ['24:00', null],
    ['9:00', null],
    ['09:60', null],
    ['09:00:00', null],
    [' 09:00', null],
    ['', null],
  ] as const)('%j → %s', (text, minutes) => {
    expect(parseClockTime(text)).toBe(minutes);
  });

  it('clockTimeMinutes refuses what was never validated', () => {
    expect(() => clockTimeMinutes('25:00')).toThrow(RangeError);
  });
});

describe('firstInstantShowing (the DST rule)', () => {
  it.each([
    // an ordinary day: the one instant
    ['2026-03-07', 9 * 60, '2026-03-07T09:00:00-06:00'],
    // spring forward 2026-03-08 02:00 → 03:00: a skipped time maps to the jump itself (03:00 CDT), not 03:30
    ['2026-03-08', 2 * 60 + 30, '2026-03-08T03:00:00-05:00'],
    ['2026-03-08', 2 * 60, '2026-03-08T03:00:00-05:00'],
    ['2026-03-08', 3 * 60, '2026-03-08T03:00:00-05:00'],
    ['2026-03-08', 1 * 60 + 59, '2026-03-08T01:59:00-06:00'],
    // fall back 2026-11-01 02:00 → 01:00: a repeated time maps to its first occurrence (CDT)
    ['2026-11-01', 1 * 60 + 30, '2026-11-01T01:30:00-05:00'],
    ['2026-11-01', 1 * 60, '2026-11-01T01:00:00-05:00'],
    ['2026-11-01', 2 * 60, '2026-11-01T02:00:00-06:00'],
    // minutes past a day roll into the next date (a window ending after midnight)
    ['2026-03-07', 24 * 60 + 2 * 60 + 30, '2026-03-08T03:00:00-05:00'],
    ['2026-10-31', 24 * 60 + 90, '2026-11-01T01:30:00-05:00'],
  ] as const)('%s + %i min → %s', (date, minutes, expected) => {
    expect(firstInstantShowing(Temporal.PlainDate.from(date), minutes, CHICAGO)).toBe(new Date(expected).getTime());
  });

  it('is monotone through both DST days', () => {
    for (const date of ['2026-03-08', '2026-11-01']) {
      let previous = -Infinity;
      for (let minutes = 0; minutes < 2 * 24 * 60; minutes += 5) {
        const instant = firstInstantShowing(Temporal.PlainDate.from(date), minutes, CHICAGO);
        expect(instant).toBeGreaterThanOrEqual(previous);
        previous = instant;
      }
    }
  });
});

describe('wallDateAt', () => {
  it('is the date on the community clocks', () => {
    expect(wallDateAt(new Date('2026-11-02T05:30:00Z').getTime(), CHICAGO).toString()).toBe('2026-11-01');
    expect(wallDateAt(new Date('2026-11-02T06:30:00Z').getTime(), CHICAGO).toString()).toBe('2026-11-02');
  });
});
