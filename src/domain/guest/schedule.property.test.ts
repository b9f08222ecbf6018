/**
 * Property test: for random recurring schedules in zones with unusual DST (30-minute shifts, southern
 * hemisphere, none) and random instants clustered around clock changes, the three views of a schedule agree:
 * - isValidAt(now) is membership in windowsBetween(now - 8d, now + 8d);
 * - nextBoundary(now) is the first instant where isValidAt flips: the same value 1 ms before, the other value
 *   at it, and no window boundary strictly between now and it.
 */
import { describe, expect, it } from 'vitest';
import type { TestRandom } from '../sync/testRandom.ts';
import { seededRandom } from '../sync/testRandom.ts';
import type { GuestValidity } from './schedule.ts';
import { isValidAt, nextBoundary, WEEKDAYS, windowsBetween } from './schedule.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const ZONES = [
  'America/Chicago',
  'Europe/Berlin',
  'Australia/Lord_Howe', // DST is 30 minutes
  'Pacific/Chatham', // offset +12:45 / +13:45
  'America/Santiago', // southern hemisphere, transitions at midnight
  'America/Havana', // transitions at midnight / 01:00
  'Asia/Kolkata', // no DST
];

/** Instants near 2026 clock changes in those zones, plus anywhere in 2026. */
const HOTSPOTS = [
  '2026-03-08T08:00Z', // Chicago spring forward
  '2026-11-01T07:00Z', // Chicago fall back
  '2026-03-29T01:00Z', // Berlin
  '2026-10-25T01:00Z',
  '2026-04-04T15:00Z', // Lord Howe
  '2026-10-03T15:30Z',
  '2026-04-04T14:00Z', // Chatham
  '2026-09-26T14:00Z',
  '2026-04-05T03:00Z', // Santiago
  '2026-09-06T04:00Z',
  '2026-03-08T05:00Z', // Havana
  '2026-11-01T05:00Z',
].map((iso) => new Date(iso).getTime());

function clock(random: TestRandom): string {
  // Half the time a time near the usual change hours, so windows start and end inside skipped/repeated hours.
  const minutes = random.chance(0.5)
    ? random.pick([0, 30, 45, 60, 90, 105, 120, 135, 150, 165, 180, 23 * 60, 23 * 60 + 30])
    : random.int(24 * 60);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function randomValidity(random: TestRandom): GuestValidity {
  const days = random.chance(0.15) ? [...WEEKDAYS] : WEEKDAYS.filter(() => random.chance(0.4));
  if (days.length === 0) days.push(random.pick(WEEKDAYS));
  const start = clock(random);
  const end = random.chance(0.1) ? start : clock(random); // end == start: a whole day
  const around = random.pick(HOTSPOTS);
  const startsAt = random.chance(0.3) ? new Date(around - random.int(10 * DAY)) : null;
  const endsAt = random.chance(0.3) ? new Date(around + random.int(10 * DAY)) : null;
  return { type: 'recurring', timeZone: random.pick(ZONES), startsAt, endsAt, schedule: { days, start, end } };
}

function randomInstant(random: TestRandom): Date {
  if (random.chance(0.2)) return new Date(Date.UTC(2026, 0, 1) + random.int(365 * DAY));
  const base = random.pick(HOTSPOTS) + (random.int(4 * DAY) - 2 * DAY);
  // Land on whole minutes often, so instants hit window edges exactly.
  return new Date(random.chance(0.5) ? Math.floor(base / MINUTE) * MINUTE : base);
}

const inWindows = (windows: { from: Date; to: Date }[], t: number): boolean =>
  windows.some((w) => w.from.getTime() <= t && t < w.to.getTime());

describe('recurring schedules (property)', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`agree with each other (seed ${seed})`, () => {
      const random = seededRandom(seed);
      for (let round = 0; round < 120; round++) {
        const v = randomValidity(random);
        const now = randomInstant(random);
        const t = now.getTime();
        const context = JSON.stringify({ v, now });
        const valid = isValidAt(v, now);

        const around = windowsBetween(v, new Date(t - 8 * DAY), new Date(t + 8 * DAY));
        expect(inWindows(around, t), context).toBe(valid);
        for (let i = 1; i < around.length; i++) {
          // disjoint, ordered, and never touching (touching windows would be one)
          expect(around[i]!.from.getTime(), context).toBeGreaterThan(around[i - 1]!.to.getTime());
        }

        const boundary = nextBoundary(v, now);
        if (boundary === null) {
          // Never changes again: no window starts or ends in the next weeks.
          const later = windowsBetween(v, now, new Date(t + 30 * DAY));
          if (valid) expect(later, context).toEqual([{ from: later[0]!.from, to: new Date(t + 30 * DAY) }]);
          else expect(later, context).toEqual([]);
          continue;
        }
        const b = boundary.getTime();
        expect(b, context).toBeGreaterThan(t);
        expect(isValidAt(v, new Date(b - 1)), context).toBe(valid);
        expect(isValidAt(v, boundary), context).toBe(!valid);
        // Nothing flips strictly between now and the boundary.
        const between = windowsBetween(v, now, boundary);
        if (valid)
          expect(
            between.map((w) => w.to),
            context,
          ).toEqual([boundary]);
        else expect(between, context).toEqual([]);
        for (let probe = 0; probe < 3; probe++) {
          expect(isValidAt(v, new Date(t + random.int(b - t))), context).toBe(valid);
        }
      }
    });
  }
});
