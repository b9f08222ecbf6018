/**
 * Synthetic guest-code validities for the guest-boundary bench (guestBoundaries.ts): a seeded mix in one
 * time zone, every code's validity starting at `now + minLeadMs` or later, so that no code is due on any
 * lock when the bench's server boots and only the codes the bench places on purpose open first.
 *
 *  - 40% recurring: random weekdays (each with probability ½, at least one), a window on a 5-minute grid,
 *    30 min – 8 h long; one in six starts between 20:00 and 23:55 and crosses midnight. Range: starts within
 *    the next 30 days; half end 7–120 days later, half never end;
 *  - 40% temporary: one window starting within the next 30 days (5-minute grid), 1 h – 3 days long;
 *  - 20% delivery: "created" at a random instant within the next 30 days, expiring 2 h later
 *    (deliveryCodeHours, the default), not yet used.
 */
import { type DailyWindow, type GuestValidity, WEEKDAYS, type Weekday } from '../src/domain/guest/schedule.ts';

export type Rng = () => number;

/** mulberry32: a small seeded PRNG, so every run builds the same codes. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const MINUTE_MS = 60_000;
const HOUR = 60 * MINUTE_MS;
const DAY = 24 * HOUR;
export const DELIVERY_HOURS = 2;
export const GRACE_MINUTES = 15;

/** Uniform integer in [lo, hi]. */
export const randomInt = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const hhmm = (minutes: number) => {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};
const ceilTo = (ms: number, step: number) => Math.ceil(ms / step) * step;

export function randomDailyWindow(rng: Rng): { window: DailyWindow; crossesMidnight: boolean } {
  let days: Weekday[] = WEEKDAYS.filter(() => rng() < 0.5);
  if (days.length === 0) days = [WEEKDAYS[randomInt(rng, 0, 6)]!];
  const crossesMidnight = rng() < 1 / 6;
  let start: number;
  let length: number;
  if (crossesMidnight) {
    start = randomInt(rng, 20 * 12, 23 * 12 + 11) * 5; // 20:00–23:55
    length = randomInt(rng, Math.ceil((1440 - start + 5) / 5), 8 * 12) * 5; // past midnight, ≤ 8 h
  } else {
    start = randomInt(rng, 5 * 12, 19 * 12) * 5; // 05:00–19:00
    length = Math.min(randomInt(rng, 6, 8 * 12) * 5, 1435 - start); // 30 min – 8 h, over by 23:55
  }
  return { window: { days, start: hhmm(start), end: hhmm(start + length) }, crossesMidnight };
}

export function randomValidity(rng: Rng, options: { now: Date; timeZone: string; minLeadMs: number }): GuestValidity {
  const from = options.now.getTime() + options.minLeadMs;
  const base = { timeZone: options.timeZone, graceMinutes: GRACE_MINUTES, firstUsedAt: null };
  const pick = rng();
  if (pick < 0.4) {
    const { window } = randomDailyWindow(rng);
    const startsAt = ceilTo(from + rng() * 30 * DAY, 5 * MINUTE_MS);
    const endsAt = rng() < 0.5 ? null : startsAt + randomInt(rng, 7, 120) * DAY;
    return {
      ...base,
      type: 'recurring',
      startsAt: new Date(startsAt),
      endsAt: endsAt === null ? null : new Date(endsAt),
      schedule: window,
    };
  }
  if (pick < 0.8) {
    const startsAt = ceilTo(from + rng() * 30 * DAY, 5 * MINUTE_MS);
    const endsAt = startsAt + randomInt(rng, 12, 72 * 12) * 5 * MINUTE_MS; // 1 h – 3 days
    return { ...base, type: 'temporary', startsAt: new Date(startsAt), endsAt: new Date(endsAt), schedule: null };
  }
  const startsAt = Math.round(from + rng() * 30 * DAY);
  return {
    ...base,
    type: 'delivery',
    startsAt: new Date(startsAt),
    endsAt: new Date(startsAt + DELIVERY_HOURS * HOUR),
    schedule: null,
  };
}

/** Whether a recurring window crosses midnight (its end is not after its start on the clock). */
export const crossesMidnight = (window: DailyWindow) => window.end <= window.start;
