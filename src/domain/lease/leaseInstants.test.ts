import { describe, expect, it } from 'vitest';
import { isValidMoveOutTime, leaseInstants, leasePosition, moveOutInstant, startOfLocalDay } from './leaseInstants.ts';

const CHICAGO = 'America/Chicago';

describe('lease instants', () => {
  it.each([
    // [date, zone, start of day (UTC)]
    ['2026-06-01', CHICAGO, '2026-06-01T05:00:00.000Z'],
    ['2026-01-15', CHICAGO, '2026-01-15T06:00:00.000Z'],
    ['2026-03-08', CHICAGO, '2026-03-08T06:00:00.000Z'], // spring forward later that day
    ['2026-03-09', CHICAGO, '2026-03-09T05:00:00.000Z'],
    ['2026-11-01', CHICAGO, '2026-11-01T05:00:00.000Z'], // fall back later that day
    ['2026-11-02', CHICAGO, '2026-11-02T06:00:00.000Z'],
    ['2026-06-01', 'UTC', '2026-06-01T00:00:00.000Z'],
    ['2026-09-06', 'America/Santiago', '2026-09-06T04:00:00.000Z'], // midnight skipped: 01:00 -03
  ])('start of %s in %s is %s', (date, zone, expected) => {
    expect(startOfLocalDay(date, zone).toISOString()).toBe(expected);
  });

  it.each([
    // [move-out day, move-out time, end (UTC)]
    ['2026-06-30', null, '2026-07-01T05:00:00.000Z'], // end of day = next midnight
    ['2026-06-30', '11:00', '2026-06-30T16:00:00.000Z'],
    ['2026-03-07', null, '2026-03-08T06:00:00.000Z'], // next midnight is before the jump
    ['2026-03-08', null, '2026-03-09T05:00:00.000Z'], // a 23-hour day
    ['2026-03-08', '02:30', '2026-03-08T08:00:00.000Z'], // skipped: resolves forward to 03:00 CDT
    ['2026-03-08', '03:00', '2026-03-08T08:00:00.000Z'],
    ['2026-03-08', '11:00', '2026-03-08T16:00:00.000Z'],
    ['2026-11-01', null, '2026-11-02T06:00:00.000Z'], // a 25-hour day
    ['2026-11-01', '01:30', '2026-11-01T06:30:00.000Z'], // repeated: the first 01:30 (CDT)
    ['2026-11-01', '11:00', '2026-11-01T17:00:00.000Z'],
    ['2026-12-31', '00:00', '2026-12-31T06:00:00.000Z'],
  ])('move-out %s at %s ends at %s in Chicago', (day, time, expected) => {
    expect(moveOutInstant(day, CHICAGO, time).toISOString()).toBe(expected);
  });

  it('computes both instants of a lease', () => {
    expect(leaseInstants({ moveIn: '2026-03-08', moveOut: null }, CHICAGO, '10:00')).toEqual({
      accessStartsAt: new Date('2026-03-08T06:00:00.000Z'),
      accessEndsAt: null,
    });
    expect(leaseInstants({ moveIn: '2026-03-01', moveOut: '2026-11-01' }, CHICAGO, null)).toEqual({
      accessStartsAt: new Date('2026-03-01T06:00:00.000Z'),
      accessEndsAt: new Date('2026-11-02T06:00:00.000Z'),
    });
  });

  it.each(['00:00', '23:59', '11:00'])('accepts move-out time %s', (t) => expect(isValidMoveOutTime(t)).toBe(true));
  it.each(['24:00', '9:00', '11:60', '11:00:00', ''])('refuses move-out time %j', (t) =>
    expect(isValidMoveOutTime(t)).toBe(false),
  );
  it('throws on an invalid move-out time', () =>
    expect(() => moveOutInstant('2026-01-01', CHICAGO, '25:00')).toThrow());
});

describe('lease position', () => {
  const start = new Date('2026-06-01T05:00:00Z');
  const end = new Date('2026-07-01T05:00:00Z');
  it.each([
    // [now, end, state, next boundary]
    ['2026-05-31T12:00:00Z', end, 'upcoming', start],
    ['2026-06-01T04:59:59Z', end, 'upcoming', start],
    ['2026-06-01T05:00:00Z', end, 'current', end],
    ['2026-06-15T00:00:00Z', end, 'current', end],
    ['2026-06-15T00:00:00Z', null, 'current', null],
    ['2026-05-01T00:00:00Z', null, 'upcoming', start],
    ['2026-07-01T05:00:00Z', end, 'ended', null],
    ['2027-01-01T00:00:00Z', end, 'ended', null],
    ['2026-05-01T00:00:00Z', start, 'upcoming', start], // moves out on the move-in day before access starts
  ] as const)('at %s (end %s): %s', (now, accessEndsAt, state, next) => {
    expect(leasePosition({ accessStartsAt: start, accessEndsAt }, new Date(now))).toEqual({
      state,
      nextBoundaryAt: next,
    });
  });
});
