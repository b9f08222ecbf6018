/**
 * Wall-clock times ("09:00" in the community's time zone) and the one rule that turns them into instants.
 *
 * The rule, for days when the clocks change (DST): a wall-clock time X becomes the FIRST instant at which
 * the community's clocks show X or later.
 * - Normal days: the one instant showing X.
 * - Spring forward (clocks jump 02:00 → 03:00): a time inside the jump, e.g. 02:30, never shows; the first
 *   instant showing a later time is the jump itself (03:00 new time). So a 02:30–04:00 window opens at
 *   03:00, the moment the clocks read past 02:30 — not at 03:30 as Temporal's 'compatible' would have it,
 *   which would keep the door shut while every clock in the building says 03:15. The same rule makes a
 *   window that ends at 02:30 close at the jump, not half an hour of wall time past its end.
 * - Fall back (01:00–02:00 happens twice): the first time the clocks show X (Temporal's 'earlier'). Once the
 *   clocks have passed a time it has passed; a window never closes and reopens because the hour repeats, and
 *   a 01:00–02:00 window that night stays open for the two real hours the clocks spend in that hour.
 * The mapping is monotone (a later wall time never gives an earlier instant), so every window stays one
 * interval and consecutive windows never cross.
 */
import { Temporal } from 'temporal-polyfill';

export const MINUTES_PER_DAY = 24 * 60;

/** Minutes since midnight for a strict "HH:MM" (00:00–23:59), or null if it is not one. */
export function parseClockTime(text: string): number | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (match === null) return null;
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Like parseClockTime, for values that were validated on the way in: a bad one is a programming error. */
export function clockTimeMinutes(text: string): number {
  const minutes = parseClockTime(text);
  if (minutes === null) throw new RangeError(`not an HH:MM time: ${JSON.stringify(text)}`);
  return minutes;
}

/** The calendar date on the community's clocks at `epochMs`. */
export function wallDateAt(epochMs: number, timeZone: string): Temporal.PlainDate {
  return Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone).toPlainDate();
}

/**
 * The first instant (epoch ms) at which the clocks in `timeZone` show `minutes` past midnight of `date`
 * or later. `minutes` may exceed a day (a window ending after midnight is "date, 25:00").
 */
export function firstInstantShowing(date: Temporal.PlainDate, minutes: number, timeZone: string): number {
  const day = date.add({ days: Math.floor(minutes / MINUTES_PER_DAY) });
  const rest = minutes % MINUTES_PER_DAY;
  const wall = day.toPlainDateTime({ hour: Math.floor(rest / 60), minute: rest % 60 });
  const zoned = wall.toZonedDateTime(timeZone, { disambiguation: 'earlier' });
  if (Temporal.PlainDateTime.compare(zoned.toPlainDateTime(), wall) === 0) return zoned.epochMilliseconds;
  // `wall` falls in a spring-forward gap: 'earlier' lands just before the jump, and the jump itself is the
  // first instant whose clock reading is past `wall`.
  const jump = zoned.getTimeZoneTransition('next');
  if (jump === null) throw new RangeError(`no transition after a skipped time in ${timeZone}`);
  return jump.epochMilliseconds;
}
