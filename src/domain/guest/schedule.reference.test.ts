/**
 * Property test: the closed-form nextBoundary (schedule.ts) gives exactly what the old day-by-day walk gave
 * (schedule.reference.ts), for random recurring codes in zones with unusual clocks and random instants, many of
 * them within hours of a clock change. (fast-check is not a dependency of this project; the seeded generator the
 * other property tests use makes every failure reproducible from its seed and prints the case.)
 */
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { TestRandom } from '../sync/testRandom.ts';
import { seededRandom } from '../sync/testRandom.ts';
import { walkingNextBoundary } from './schedule.reference.ts';
import type { GuestValidity } from './schedule.ts';
import { nextBoundary, WEEKDAYS } from './schedule.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const ZONES = [
  'America/Chicago',
  'Europe/London',
  'Australia/Lord_Howe', // DST is 30 minutes
  'Pacific/Apia', // DST until 2021, and the clocks skipped all of 30 December 2011
  'Asia/Kolkata', // no DST
  'Pacific/Chatham', // +12:45 / +13:45
  'America/Santiago', // transitions at midnight
];

const FROM = Date.UTC(2010, 0, 1);
const TO = Date.UTC(2028, 0, 1);

/** Every clock change of each zone from 2010 to 2027. */
const TRANSITIONS = new Map(
  ZONES.map((zone) => {
    const instants: number[] = [];
    let at = Temporal.Instant.fromEpochMilliseconds(FROM).toZonedDateTimeISO(zone);
    for (;;) {
      const next = at.getTimeZoneTransition('next');
      if (next === null || next.epochMilliseconds >= TO) break;
      instants.push(next.epochMilliseconds);
      at = next;
    }
    return [zone, instants];
  }),
);

/** Clock times that land in or at the edges of skipped and repeated hours, and around midnight. */
const EDGE_TIMES = [0, 30, 60, 90, 120, 135, 150, 165, 180, 210, 23 * 60, 23 * 60 + 30, 23 * 60 + 59];

function clockTime(random: TestRandom): string {
  const minutes = random.chance(0.6) ? random.pick(EDGE_TIMES) : random.int(24 * 60);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function randomInstant(random: TestRandom, zone: string): number {
  const transitions = TRANSITIONS.get(zone) ?? [];
  if (transitions.length === 0 || random.chance(0.25)) return FROM + random.int(TO - FROM);
  const near = random.pick(transitions) + random.int(6 * DAY) - 3 * DAY;
  // Whole minutes and hours often, so instants hit window edges and clock changes exactly.
  const grid = random.pick([1, MINUTE, 30 * MINUTE]);
  return Math.floor(near / grid) * grid;
}

function randomValidity(random: TestRandom): { v: GuestValidity; now: Date } {
  const zone = random.pick(ZONES);
  const days = random.chance(0.1) ? [...WEEKDAYS] : WEEKDAYS.filter(() => random.chance(random.pick([0.2, 0.5, 0.85])));
  if (days.length === 0) days.push(random.pick(WEEKDAYS));
  const start = clockTime(random);
  // end == start is a whole day; end < start crosses midnight.
  const end = random.chance(0.15) ? start : clockTime(random);
  const t = randomInstant(random, zone);
  // Ranges around now, often starting or ending right at it or inside a window.
  const edge = () => t + random.pick([0, 1, -1, random.int(3 * DAY) - DAY, random.int(20 * DAY) - 10 * DAY]);
  const startsAt = random.chance(0.35) ? new Date(edge()) : null;
  const endsAt = random.chance(0.35) ? new Date(edge()) : null;
  return {
    v: { type: 'recurring', timeZone: zone, startsAt, endsAt, schedule: { days, start, end } },
    now: new Date(t),
  };
}

describe('nextBoundary in closed form', () => {
  for (const seed of [11, 12, 13, 14, 15, 16]) {
    it(`equals the day-by-day walk (seed ${seed})`, () => {
      const random = seededRandom(seed);
      for (let round = 0; round < 700; round++) {
        const { v, now } = randomValidity(random);
        expect(nextBoundary(v, now), JSON.stringify({ v, now })).toEqual(walkingNextBoundary(v, now));
        // And from the boundary on, as a reconcile pass does once it comes.
        const next = walkingNextBoundary(v, now);
        if (next !== null)
          expect(nextBoundary(v, next), JSON.stringify({ v, now: next })).toEqual(walkingNextBoundary(v, next));
      }
    });
  }

  it('equals the walk across the day Samoa skipped (Pacific/Apia, 30 December 2011)', () => {
    // Whole-day and near-whole-day windows whose gap fell into the skipped day join the next day's window.
    const zone = 'Pacific/Apia';
    const cases: [string, string][] = [
      ['00:00', '00:00'],
      ['01:00', '00:30'],
      ['00:30', '00:00'],
      ['22:00', '02:00'],
      ['09:00', '17:00'],
    ];
    const t0 = Date.UTC(2011, 11, 27);
    let checked = 0;
    for (const [start, end] of cases) {
      for (const days of [[...WEEKDAYS.filter((d) => d !== 'fri')], ['thu', 'sat'], ['thu', 'fri', 'sat']] as const) {
        for (let t = t0; t < t0 + 6 * DAY; t += 30 * MINUTE) {
          const v: GuestValidity = {
            type: 'recurring',
            timeZone: zone,
            startsAt: null,
            endsAt: null,
            schedule: { days: [...days], start, end },
          };
          expect(nextBoundary(v, new Date(t)), JSON.stringify({ v, t })).toEqual(walkingNextBoundary(v, new Date(t)));
          checked++;
        }
      }
    }
    expect(checked).toBe(5 * 3 * 288);
  });

  it('non-recurring and whole-week codes are unchanged', () => {
    const now = new Date('2026-03-08T08:30:00Z');
    const validities: GuestValidity[] = [
      { type: 'permanent', timeZone: 'UTC', startsAt: null, endsAt: null, schedule: null },
      {
        type: 'temporary',
        timeZone: 'UTC',
        startsAt: new Date(now.getTime() + HOUR),
        endsAt: new Date(now.getTime() + DAY),
        schedule: null,
      },
      {
        type: 'temporary',
        timeZone: 'UTC',
        startsAt: new Date(now.getTime() - HOUR),
        endsAt: new Date(now.getTime() + DAY),
        schedule: null,
      },
      {
        type: 'delivery',
        timeZone: 'UTC',
        startsAt: now,
        endsAt: new Date(now.getTime() + DAY),
        schedule: null,
        firstUsedAt: now,
        graceMinutes: 15,
      },
      {
        type: 'recurring',
        timeZone: 'America/Chicago',
        startsAt: null,
        endsAt: null,
        schedule: { days: [...WEEKDAYS], start: '02:30', end: '02:30' },
      },
      {
        type: 'recurring',
        timeZone: 'America/Chicago',
        startsAt: null,
        endsAt: new Date(now.getTime() + DAY),
        schedule: { days: [...WEEKDAYS], start: '00:00', end: '00:00' },
      },
      { type: 'recurring', timeZone: 'America/Chicago', startsAt: null, endsAt: null, schedule: null },
      {
        type: 'recurring',
        timeZone: 'America/Chicago',
        startsAt: null,
        endsAt: null,
        schedule: { days: [], start: '09:00', end: '17:00' },
      },
    ];
    for (const v of validities) expect(nextBoundary(v, now), JSON.stringify(v)).toEqual(walkingNextBoundary(v, now));
  });
});
