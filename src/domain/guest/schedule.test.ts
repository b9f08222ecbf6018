/**
 * Schedules in America/Chicago around its 2026 DST days: spring forward Sun 2026-03-08 02:00 CST → 03:00 CDT,
 * fall back Sun 2026-11-01 02:00 CDT → 01:00 CST. Instants are written with their offset so the table reads
 * as the clocks on the wall (-06:00 = CST, -05:00 = CDT).
 */
import { describe, expect, it } from 'vitest';
import type { DailyWindow, GuestValidity, Weekday } from './schedule.ts';
import { isValidAt, MAX_WINDOWS, nextBoundary, WEEKDAYS, windowsBetween } from './schedule.ts';

const CHICAGO = 'America/Chicago';
const at = (iso: string): Date => new Date(iso);
const HOUR = 3_600_000;

function recurring(days: Weekday[], start: string, end: string, range: Partial<GuestValidity> = {}): GuestValidity {
  const schedule: DailyWindow = { days, start, end };
  return { type: 'recurring', timeZone: CHICAGO, startsAt: null, endsAt: null, schedule, ...range };
}

const everyDay = recurring([...WEEKDAYS], '09:00', '17:00');

describe('recurring: a daily 09:00–17:00 window keeps to the wall clock on DST days', () => {
  const days: [string, string][] = [
    ['2026-03-07', '-06:00'], // the day before spring forward
    ['2026-03-08', '-05:00'], // spring forward
    ['2026-03-09', '-05:00'], // the day after
    ['2026-10-31', '-05:00'], // the day before fall back
    ['2026-11-01', '-06:00'], // fall back
    ['2026-11-02', '-06:00'], // the day after
  ];
  const cases = days.flatMap(([date, offset]) =>
    (
      [
        ['08:59', false],
        ['09:00', true],
        ['12:00', true],
        ['16:59', true],
        ['17:00', false],
      ] as const
    ).map(([time, valid]) => [`${date}T${time}${offset}`, valid] as const),
  );
  it.each(cases)('%s → %s', (iso, valid) => {
    expect(isValidAt(everyDay, at(iso))).toBe(valid);
  });

  it('lasts eight real hours on each of those days', () => {
    const windows = windowsBetween(everyDay, at('2026-03-07T00:00-06:00'), at('2026-03-10T00:00-05:00'));
    expect(windows.map((w) => (w.to.getTime() - w.from.getTime()) / HOUR)).toEqual([8, 8, 8]);
  });
});

describe('recurring: windows across midnight belong to the day they start', () => {
  const fridayNight = recurring(['fri'], '22:00', '02:00'); // Fri 2026-03-06 is a plain CST night
  const sundayNight = recurring(['sun'], '23:00', '01:00');
  it.each([
    [fridayNight, '2026-03-06T21:59-06:00', false],
    [fridayNight, '2026-03-06T22:00-06:00', true],
    [fridayNight, '2026-03-07T01:30-06:00', true],
    [fridayNight, '2026-03-07T01:59-06:00', true],
    [fridayNight, '2026-03-07T02:00-06:00', false],
    [fridayNight, '2026-03-07T22:30-06:00', false], // Saturday night is not Friday night
    [fridayNight, '2026-03-06T01:00-06:00', false], // Friday 01:00 is Thursday's night
    [sundayNight, '2026-03-08T23:00-05:00', true],
    [sundayNight, '2026-03-09T00:30-05:00', true], // Monday 00:30
    [sundayNight, '2026-03-09T01:00-05:00', false],
    [sundayNight, '2026-03-08T00:30-06:00', false], // Sunday 00:30 is Saturday's night
  ] as const)('#%# %s', (v, iso, valid) => {
    expect(isValidAt(v, at(iso))).toBe(valid);
  });

  it('a start equal to the end is a whole day from that time', () => {
    const v = recurring(['mon'], '08:00', '08:00');
    expect(isValidAt(v, at('2026-03-09T08:00-05:00'))).toBe(true);
    expect(isValidAt(v, at('2026-03-10T07:59-05:00'))).toBe(true);
    expect(isValidAt(v, at('2026-03-10T08:00-05:00'))).toBe(false);
  });
});

describe('recurring: times the clocks skip or repeat', () => {
  const sunday = (start: string, end: string): GuestValidity => recurring(['sun'], start, end);
  it.each([
    // spring forward: 02:30 never shows; the window opens when the clocks jump past it (03:00 CDT)
    [sunday('02:30', '04:00'), '2026-03-08T01:59-06:00', false],
    [sunday('02:30', '04:00'), '2026-03-08T03:00-05:00', true],
    [sunday('02:30', '04:00'), '2026-03-08T03:29-05:00', true],
    [sunday('02:30', '04:00'), '2026-03-08T03:59-05:00', true],
    [sunday('02:30', '04:00'), '2026-03-08T04:00-05:00', false],
    [sunday('02:30', '04:00'), '2026-03-15T02:29-05:00', false], // an ordinary Sunday a week later
    [sunday('02:30', '04:00'), '2026-03-15T02:30-05:00', true],
    // a window that ends in the skipped hour closes at the jump
    [sunday('00:00', '02:30'), '2026-03-08T01:59-06:00', true],
    [sunday('00:00', '02:30'), '2026-03-08T03:00-05:00', false],
    // a window wholly inside the skipped hour does not happen that day
    [sunday('02:00', '02:30'), '2026-03-08T01:59-06:00', false],
    [sunday('02:00', '02:30'), '2026-03-08T03:00-05:00', false],
    // fall back: 01:30 shows twice; the window opens at the first and stays open through the repeat
    [sunday('01:30', '03:00'), '2026-11-01T01:29-05:00', false],
    [sunday('01:30', '03:00'), '2026-11-01T01:30-05:00', true],
    [sunday('01:30', '03:00'), '2026-11-01T01:10-06:00', true],
    [sunday('01:30', '03:00'), '2026-11-01T02:59-06:00', true],
    [sunday('01:30', '03:00'), '2026-11-01T03:00-06:00', false],
    // ...and a window ending at 01:30 closes at the first 01:30; it does not reopen when the hour repeats
    [sunday('00:00', '01:30'), '2026-11-01T01:29-05:00', true],
    [sunday('00:00', '01:30'), '2026-11-01T01:30-05:00', false],
    [sunday('00:00', '01:30'), '2026-11-01T01:10-06:00', false],
    // 01:00–02:00 spans the whole repeated hour: open through both passes
    [sunday('01:00', '02:00'), '2026-11-01T00:59-05:00', false],
    [sunday('01:00', '02:00'), '2026-11-01T01:00-05:00', true],
    [sunday('01:00', '02:00'), '2026-11-01T01:59-06:00', true],
    [sunday('01:00', '02:00'), '2026-11-01T02:00-06:00', false],
  ] as const)('#%# %s', (v, iso, valid) => {
    expect(isValidAt(v, at(iso))).toBe(valid);
  });

  it.each([
    // [window, day start, real hours]
    [sunday('02:30', '04:00'), '2026-03-08T00:00-06:00', 1],
    [sunday('00:00', '02:30'), '2026-03-08T00:00-06:00', 2],
    [sunday('01:30', '03:00'), '2026-11-01T00:00-05:00', 2.5],
    [sunday('00:00', '01:30'), '2026-11-01T00:00-05:00', 1.5],
    [sunday('01:00', '02:00'), '2026-11-01T00:00-05:00', 2],
    [recurring(['sat'], '22:00', '03:00'), '2026-03-07T12:00-06:00', 4], // across the spring-forward night
    [recurring(['sat'], '22:00', '03:00'), '2026-10-31T12:00-05:00', 6], // across the fall-back night
  ] as const)('#%# lasts the expected real hours', (v, dayStart, hours) => {
    const from = at(dayStart);
    const windows = windowsBetween(v, from, new Date(from.getTime() + 24 * HOUR));
    expect(windows).toHaveLength(1);
    const [window] = windows;
    expect(window && (window.to.getTime() - window.from.getTime()) / HOUR).toBe(hours);
  });

  it('an empty skipped window leaves no window that day', () => {
    const v = sunday('02:00', '02:30');
    expect(windowsBetween(v, at('2026-03-08T00:00-06:00'), at('2026-03-09T00:00-05:00'))).toEqual([]);
  });
});

describe('recurring: optional date range', () => {
  const ranged = recurring([...WEEKDAYS], '09:00', '17:00', {
    startsAt: at('2026-03-09T12:00-05:00'),
    endsAt: at('2026-03-11T10:00-05:00'),
  });
  it.each([
    ['2026-03-08T12:00-05:00', false],
    ['2026-03-09T11:59-05:00', false],
    ['2026-03-09T12:00-05:00', true],
    ['2026-03-10T16:59-05:00', true],
    ['2026-03-11T09:59-05:00', true],
    ['2026-03-11T10:00-05:00', false],
    ['2026-03-12T12:00-05:00', false],
  ] as const)('%s → %s', (iso, valid) => {
    expect(isValidAt(ranged, at(iso))).toBe(valid);
  });

  it('cuts the first and last windows at the range', () => {
    expect(windowsBetween(ranged, at('2026-03-01T00:00-06:00'), at('2026-04-01T00:00-05:00'))).toEqual([
      { from: at('2026-03-09T12:00-05:00'), to: at('2026-03-09T17:00-05:00') },
      { from: at('2026-03-10T09:00-05:00'), to: at('2026-03-10T17:00-05:00') },
      { from: at('2026-03-11T09:00-05:00'), to: at('2026-03-11T10:00-05:00') },
    ]);
  });
});

describe('temporary, delivery, permanent', () => {
  const temporary: GuestValidity = {
    type: 'temporary',
    timeZone: CHICAGO,
    startsAt: at('2026-05-01T10:00:00Z'),
    endsAt: at('2026-05-03T10:00:00Z'),
    schedule: null,
  };
  const delivery = (firstUsedAt: string | null, graceMinutes?: number): GuestValidity => ({
    type: 'delivery',
    timeZone: CHICAGO,
    startsAt: at('2026-05-01T10:00:00Z'),
    endsAt: at('2026-05-01T12:00:00Z'),
    schedule: null,
    firstUsedAt: firstUsedAt === null ? null : at(firstUsedAt),
    ...(graceMinutes === undefined ? {} : { graceMinutes }),
  });
  const permanent: GuestValidity = {
    type: 'permanent',
    timeZone: CHICAGO,
    startsAt: null,
    endsAt: null,
    schedule: null,
  };

  it.each([
    ['temporary before start', temporary, '2026-05-01T09:59:59.999Z', false, '2026-05-01T10:00:00Z'],
    ['temporary at start', temporary, '2026-05-01T10:00:00Z', true, '2026-05-03T10:00:00Z'],
    ['temporary inside', temporary, '2026-05-02T00:00:00Z', true, '2026-05-03T10:00:00Z'],
    ['temporary at end', temporary, '2026-05-03T10:00:00Z', false, null],
    ['delivery unused', delivery(null), '2026-05-01T11:00:00Z', true, '2026-05-01T12:00:00Z'],
    ['delivery unused at expiry', delivery(null), '2026-05-01T12:00:00Z', false, null],
    [
      'delivery used, in grace (default 15)',
      delivery('2026-05-01T10:30:00Z'),
      '2026-05-01T10:44:00Z',
      true,
      '2026-05-01T10:45:00Z',
    ],
    ['delivery used, grace over', delivery('2026-05-01T10:30:00Z'), '2026-05-01T10:45:00Z', false, null],
    [
      'delivery used, custom grace',
      delivery('2026-05-01T10:30:00Z', 5),
      '2026-05-01T10:34:00Z',
      true,
      '2026-05-01T10:35:00Z',
    ],
    [
      'delivery used near expiry: expiry wins',
      delivery('2026-05-01T11:55:00Z'),
      '2026-05-01T11:56:00Z',
      true,
      '2026-05-01T12:00:00Z',
    ],
    ['delivery used near expiry, after', delivery('2026-05-01T11:55:00Z'), '2026-05-01T12:05:00Z', false, null],
    ['permanent', permanent, '2026-05-01T10:00:00Z', true, null],
  ] as const)('%s', (_label, v, now, valid, boundary) => {
    expect(isValidAt(v, at(now))).toBe(valid);
    expect(nextBoundary(v, at(now))).toEqual(boundary === null ? null : at(boundary));
  });

  it('windowsBetween: one window when it intersects, unbounded sides cut at the range', () => {
    const from = at('2026-05-02T00:00:00Z');
    const to = at('2026-05-09T00:00:00Z');
    expect(windowsBetween(temporary, from, to)).toEqual([{ from: temporary.startsAt, to: temporary.endsAt }]);
    expect(windowsBetween(temporary, at('2026-05-03T10:00:00Z'), to)).toEqual([]);
    expect(windowsBetween(delivery('2026-05-01T10:30:00Z'), at('2026-05-01T00:00:00Z'), to)).toEqual([
      { from: at('2026-05-01T10:00:00Z'), to: at('2026-05-01T10:45:00Z') },
    ]);
    expect(windowsBetween(permanent, from, to)).toEqual([{ from, to }]);
    expect(windowsBetween(permanent, to, from)).toEqual([]);
  });
});

describe('nextBoundary for recurring codes', () => {
  it.each([
    // valid now → the end of the window
    [everyDay, '2026-03-08T10:00-05:00', '2026-03-08T17:00-05:00'],
    [everyDay, '2026-03-08T09:00-05:00', '2026-03-08T17:00-05:00'],
    [everyDay, '2026-11-01T12:00-06:00', '2026-11-01T17:00-06:00'],
    // invalid now → the next start, at its wall-clock time on the other side of the DST change
    [everyDay, '2026-03-07T18:00-06:00', '2026-03-08T09:00-05:00'],
    [everyDay, '2026-03-07T17:00-06:00', '2026-03-08T09:00-05:00'],
    [everyDay, '2026-10-31T20:00-05:00', '2026-11-01T09:00-06:00'],
    // skipped and repeated times
    [recurring(['sun'], '02:30', '04:00'), '2026-03-08T01:00-06:00', '2026-03-08T03:00-05:00'],
    [recurring(['sun'], '02:30', '04:00'), '2026-03-08T03:00-05:00', '2026-03-08T04:00-05:00'],
    [recurring(['sun'], '02:00', '02:30'), '2026-03-07T12:00-06:00', '2026-03-15T02:00-05:00'],
    [recurring(['sun'], '01:30', '03:00'), '2026-11-01T01:00-05:00', '2026-11-01T01:30-05:00'],
    [recurring(['sun'], '01:30', '03:00'), '2026-11-01T01:45-05:00', '2026-11-01T03:00-06:00'],
    // a week away
    [recurring(['mon'], '09:00', '10:00'), '2026-03-09T10:00-05:00', '2026-03-16T09:00-05:00'],
    // back-to-back days merge: Fri 22–02 then Sat 02–22 are one stretch
    [recurring(['fri', 'sat'], '22:00', '02:00'), '2026-03-06T23:00-06:00', '2026-03-07T02:00-06:00'],
    [recurring(['fri', 'sat'], '02:00', '02:00'), '2026-03-06T12:00-06:00', '2026-03-08T03:00-05:00'],
    // range
    [
      recurring(['mon'], '09:00', '17:00', { startsAt: at('2026-03-09T12:00-05:00') }),
      '2026-03-01T00:00-06:00',
      '2026-03-09T12:00-05:00',
    ],
    [
      recurring(['mon'], '09:00', '17:00', { endsAt: at('2026-03-09T12:00-05:00') }),
      '2026-03-09T10:00-05:00',
      '2026-03-09T12:00-05:00',
    ],
    [
      recurring(['mon'], '09:00', '17:00', { startsAt: at('2028-01-01T00:00Z') }),
      '2026-03-09T10:00-05:00',
      '2028-01-03T09:00-06:00',
    ],
  ] as const)('#%# at %s → %s', (v, now, expected) => {
    expect(nextBoundary(v, at(now))).toEqual(at(expected));
  });

  it.each([
    [
      'the range has ended',
      recurring(['mon'], '09:00', '17:00', { endsAt: at('2026-03-09T12:00-05:00') }),
      '2026-03-09T12:00-05:00',
    ],
    [
      'no window left before the end',
      recurring(['mon'], '09:00', '17:00', { endsAt: at('2026-03-12T12:00-05:00') }),
      '2026-03-10T12:00-05:00',
    ],
    ['valid around the clock', recurring([...WEEKDAYS], '00:00', '00:00'), '2026-03-08T02:30-06:00'],
    ['no days', recurring([], '09:00', '17:00'), '2026-03-08T12:00-05:00'],
    ['no schedule', { ...everyDay, schedule: null }, '2026-03-08T12:00-05:00'],
  ] as const)('never changes again: %s', (_label, v, now) => {
    expect(nextBoundary(v, at(now))).toBeNull();
  });

  it('around the clock within a range: valid until the range ends', () => {
    const v = recurring([...WEEKDAYS], '06:00', '06:00', { endsAt: at('2026-04-01T00:00-05:00') });
    expect(isValidAt(v, at('2026-03-08T02:30-05:00'))).toBe(true);
    expect(nextBoundary(v, at('2026-03-08T02:30-05:00'))).toEqual(at('2026-04-01T00:00-05:00'));
  });
});

describe('windowsBetween for recurring codes', () => {
  it('lists a week of 09:00–17:00 through spring forward at wall-clock times', () => {
    const windows = windowsBetween(everyDay, at('2026-03-05T00:00-06:00'), at('2026-03-12T00:00-05:00'));
    expect(windows).toEqual(
      ['05', '06', '07']
        .map((d) => ({ from: at(`2026-03-${d}T09:00-06:00`), to: at(`2026-03-${d}T17:00-06:00`) }))
        .concat(
          ['08', '09', '10', '11'].map((d) => ({
            from: at(`2026-03-${d}T09:00-05:00`),
            to: at(`2026-03-${d}T17:00-05:00`),
          })),
        ),
    );
  });

  it('lists a week of night windows through fall back', () => {
    const v = recurring(['fri', 'sat', 'sun'], '23:00', '01:30');
    expect(windowsBetween(v, at('2026-10-29T00:00-05:00'), at('2026-11-05T00:00-06:00'))).toEqual([
      { from: at('2026-10-30T23:00-05:00'), to: at('2026-10-31T01:30-05:00') },
      { from: at('2026-10-31T23:00-05:00'), to: at('2026-11-01T01:30-05:00') }, // first 01:30
      { from: at('2026-11-01T23:00-06:00'), to: at('2026-11-02T01:30-06:00') },
    ]);
  });

  it('reports a window under way at `from` and one running past `to` whole', () => {
    const v = recurring(['fri'], '22:00', '02:00');
    expect(windowsBetween(v, at('2026-03-07T00:00-06:00'), at('2026-03-13T23:00-05:00'))).toEqual([
      { from: at('2026-03-06T22:00-06:00'), to: at('2026-03-07T02:00-06:00') },
      { from: at('2026-03-13T22:00-05:00'), to: at('2026-03-14T02:00-05:00') },
    ]);
  });

  it('merges back-to-back windows into one', () => {
    const v = recurring(['mon', 'tue', 'wed'], '00:00', '00:00');
    expect(windowsBetween(v, at('2026-03-10T12:00-05:00'), at('2026-03-10T13:00-05:00'))).toEqual([
      { from: at('2026-03-09T00:00-05:00'), to: at('2026-03-12T00:00-05:00') },
    ]);
  });

  it(`stops at ${MAX_WINDOWS} windows`, () => {
    const windows = windowsBetween(everyDay, at('2026-01-01T00:00Z'), at('2030-01-01T00:00Z'));
    expect(windows).toHaveLength(MAX_WINDOWS);
    expect(windows[0]).toEqual({ from: at('2026-01-01T09:00-06:00'), to: at('2026-01-01T17:00-06:00') });
  });

  it('works in other zones: Europe/Berlin spring forward at 02:00 on 2026-03-29', () => {
    const v: GuestValidity = { ...recurring(['sun'], '02:15', '03:15'), timeZone: 'Europe/Berlin' };
    expect(windowsBetween(v, at('2026-03-29T00:00+01:00'), at('2026-03-30T00:00+02:00'))).toEqual([
      { from: at('2026-03-29T03:00+02:00'), to: at('2026-03-29T03:15+02:00') },
    ]);
  });
});
