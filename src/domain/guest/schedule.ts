/**
 * When a guest code opens doors. Pure: the caller passes `now`; recurring windows are wall-clock times in
 * the community's time zone, turned into instants by the DST rule in wallTime.ts (the clocks decide: a
 * 09:00–17:00 dog walker window is 09:00–17:00 on the community's clocks every day, DST days included).
 *
 * windowsBetween is derived from one ordered list of validity intervals (`validSpans`, built day by day);
 * isValidAt and nextBoundary take direct routes to the same answers (nextBoundary runs for every scheduled
 * code on every reconcile pass, so it looks only at the few days that can matter), and the property tests
 * check both against the list (schedule.property.test.ts) and nextBoundary against the old walk
 * (schedule.reference.test.ts).
 */
import type { Temporal } from 'temporal-polyfill';
import type { GuestType } from '../communitySettings.ts';
import { DEFAULT_SETTINGS } from '../communitySettings.ts';
import { clockTimeMinutes, firstInstantShowing, MINUTES_PER_DAY, wallDateAt } from './wallTime.ts';

export type { GuestType } from '../communitySettings.ts';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
/** In ISO order (Monday first), so WEEKDAYS[dayOfWeek - 1] is Temporal's dayOfWeek. */
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export interface DailyWindow {
  /** The days on which a window STARTS: Fri 22:00–02:00 is Friday night into Saturday. */
  days: Weekday[];
  /** "HH:MM" on the community's clocks. */
  start: string;
  /** "HH:MM"; end <= start means the window crosses midnight (end == start: a whole day). */
  end: string;
}

export interface GuestValidity {
  type: GuestType;
  /** IANA, the community's. */
  timeZone: string;
  /** temporary: required; recurring: optional range start; delivery: creation time. null = unbounded. */
  startsAt: Date | null;
  /** temporary: required; recurring: optional range end; delivery: expiry. null = unbounded. */
  endsAt: Date | null;
  /** recurring only; a recurring code without one never opens (fail closed). */
  schedule: DailyWindow | null;
  /** delivery only: first use and grace period (minutes) → stops working at firstUsedAt + grace */
  firstUsedAt?: Date | null;
  graceMinutes?: number;
}

export interface ValidityWindow {
  from: Date;
  to: Date;
}

/** windowsBetween never returns more than this many windows (a year of a daily code is ~365). */
export const MAX_WINDOWS = 500;

/**
 * How far before the asked-for instant to start building recurring windows, so that a run of back-to-back
 * windows already under way is reported from its real start. A run that does not cover the whole week
 * (that case is handled separately) meets an uncovered stretch within a week — two at most, if a DST jump
 * swallows one — so 16 days reaches back past the start of any run.
 */
const LOOKBACK_DAYS = 16;

/** A validity interval [from, to) in epoch ms; ±Infinity for a side that never ends. */
interface Span {
  from: number;
  to: number;
}

/** Whether the code should open doors at `now`. */
export function isValidAt(v: GuestValidity, now: Date): boolean {
  const t = now.getTime();
  if (v.type === 'permanent') return true;
  const range = outerRange(v);
  if (t < range.from || t >= range.to) return false;
  if (v.type !== 'recurring') return true;
  const schedule = v.schedule === null ? null : compile(v.schedule);
  if (schedule === null) return false;
  // A window holding `t` started on the clocks' today or yesterday (windows last at most a day); one more
  // day on each side absorbs the clocks jumping around midnight.
  const today = wallDateAt(t, v.timeZone);
  for (let back = -1; back <= 2; back++) {
    const window = dailyWindow(schedule, today.subtract({ days: back }), v.timeZone);
    if (window !== null && window.from <= t && t < window.to) return true;
  }
  return false;
}

/**
 * The next instant strictly after `now` at which isValidAt changes value, or null if it never changes
 * again. Used to schedule put-on/take-off work.
 */
export function nextBoundary(v: GuestValidity, now: Date): Date | null {
  const t = now.getTime();
  if (v.type === 'permanent') return null;
  const range = outerRange(v);
  if (range.to <= range.from || range.to <= t) return null;
  if (v.type === 'recurring') {
    const schedule = v.schedule === null ? null : compile(v.schedule);
    if (schedule === null || schedule.days.size === 0) return null;
    if (!coversWholeWeek(schedule)) return nextWindowBoundary(schedule, v.timeZone, range, t);
  }
  // One span, the range itself (a code valid around the clock is the same as a temporary one).
  const at = range.from > t ? range.from : range.to;
  return Number.isFinite(at) ? new Date(at) : null;
}

/**
 * nextBoundary of a schedule that leaves part of the week uncovered, within `range` (which ends after `t`):
 * the first window that ends after max(t, range.start), found among the schedule's days from the clocks'
 * yesterday on (a window that started two days before the clocks' date has ended: it lasts at most a day of
 * wall time and the clocks are past its end; yesterday's too unless it crosses midnight), by weekday arithmetic; then, when `t` is inside it, the
 * windows joined to it back to back (a whole-day window, or one whose gap between windows the clocks skip).
 * Same windows, same clipping to the range and same merging as validSpans, without building the days before.
 */
function nextWindowBoundary(schedule: CompiledSchedule, timeZone: string, range: Span, t: number): Date | null {
  const after = Math.max(t, range.from);
  const toActive = daysToActiveDay(schedule.days);
  // Yesterday's window can hold `after` only if it crosses midnight: otherwise it ended by the clocks' midnight.
  let date = wallDateAt(after, timeZone);
  if (schedule.end > MINUTES_PER_DAY) date = date.subtract({ days: 1 });
  let window: Span;
  // Ends within two weeks: every week has windows (a day the clocks skip whole has none, the next one does).
  for (;;) {
    date = advance(date, toActive[date.dayOfWeek]!);
    const to = firstInstantShowing(date, schedule.end, timeZone);
    if (to > after) {
      const from = firstInstantShowing(date, schedule.start, timeZone);
      if (to > from) {
        window = { from, to };
        break;
      }
    }
    date = date.add({ days: 1 });
  }
  if (window.from >= range.to) return null;
  const from = Math.max(window.from, range.from);
  if (from > t) return new Date(from);
  let end = Math.min(window.to, range.to);
  // Inside a window: it closes when the run of back-to-back windows does. The schedule leaves part of every
  // week uncovered, so the run ends within a week.
  while (end < range.to) {
    date = date.add({ days: 1 });
    date = advance(date, toActive[date.dayOfWeek]!);
    const next = firstInstantShowing(date, schedule.start, timeZone);
    if (next > end) break;
    const nextEnd = firstInstantShowing(date, schedule.end, timeZone);
    if (nextEnd > next) end = Math.max(end, Math.min(nextEnd, range.to));
  }
  return new Date(end);
}

/** For each Temporal dayOfWeek (1–7), how many days until the next day of the set, that day included (0–6). */
function daysToActiveDay(days: ReadonlySet<number>): number[] {
  const toActive = new Array<number>(8).fill(0);
  for (let day = 1; day <= 7; day++) {
    let k = 0;
    while (k < 7 && !days.has(((day - 1 + k) % 7) + 1)) k++;
    toActive[day] = k;
  }
  return toActive;
}

function advance(date: Temporal.PlainDate, days: number): Temporal.PlainDate {
  return days === 0 ? date : date.add({ days });
}

/**
 * The windows [from, to) during which the code is valid that intersect [from, to), in order, at most
 * MAX_WINDOWS. Each window is reported whole — its real start and end, even outside the asked range — so
 * that a lock preloaded with it opens and closes at the right times; only a side that never ends (a
 * permanent code, a code valid around the clock) is cut at `from` / `to`. Back-to-back windows are merged.
 */
export function windowsBetween(v: GuestValidity, from: Date, to: Date): ValidityWindow[] {
  const lo = from.getTime();
  const hi = to.getTime();
  const windows: ValidityWindow[] = [];
  if (hi <= lo) return windows;
  for (const span of validSpans(v, lo)) {
    if (span.from >= hi || windows.length >= MAX_WINDOWS) break;
    windows.push({
      from: new Date(Number.isFinite(span.from) ? span.from : lo),
      to: new Date(Number.isFinite(span.to) ? span.to : hi),
    });
  }
  return windows;
}

/** The code's validity as disjoint, non-adjacent spans in time order, from the first one that ends after `after`. */
function* validSpans(v: GuestValidity, after: number): Generator<Span> {
  if (v.type === 'permanent') {
    yield { from: -Infinity, to: Infinity };
    return;
  }
  const range = outerRange(v);
  if (range.to <= range.from || range.to <= after) return;
  if (v.type !== 'recurring') {
    yield range;
    return;
  }
  const schedule = v.schedule === null ? null : compile(v.schedule);
  if (schedule === null || schedule.days.size === 0) return;
  if (coversWholeWeek(schedule)) {
    // Back-to-back windows all week long never close; building them day by day would never end.
    yield range;
    return;
  }
  let date = wallDateAt(Math.max(after, range.from), v.timeZone).subtract({ days: LOOKBACK_DAYS });
  let current: Span | null = null;
  // Ends when the range does; without an end, the caller stops pulling. A new span always comes within two
  // weeks because the schedule leaves part of every week uncovered.
  for (; ; date = date.add({ days: 1 })) {
    const window = dailyWindow(schedule, date, v.timeZone);
    if (window === null) continue;
    if (window.from >= range.to) break;
    const from = Math.max(window.from, range.from);
    const to = Math.min(window.to, range.to);
    if (to <= from) continue;
    if (current !== null && from <= current.to) {
      current.to = Math.max(current.to, to);
      continue;
    }
    if (current !== null && current.to > after) yield current;
    current = { from, to };
  }
  if (current !== null && current.to > after) yield current;
}

/** [startsAt, endsAt), and for a used delivery code no later than the end of its grace period. */
function outerRange(v: GuestValidity): Span {
  const from = v.startsAt?.getTime() ?? -Infinity;
  let to = v.endsAt?.getTime() ?? Infinity;
  if (v.type === 'delivery' && v.firstUsedAt != null) {
    const graceMinutes = v.graceMinutes ?? DEFAULT_SETTINGS.deliveryGraceMinutes;
    to = Math.min(to, v.firstUsedAt.getTime() + graceMinutes * 60_000);
  }
  return { from, to };
}

interface CompiledSchedule {
  /** Temporal dayOfWeek numbers (1 = Monday). */
  days: ReadonlySet<number>;
  /** Minutes after the start day's midnight; end may reach into the next day. */
  start: number;
  end: number;
}

function compile(schedule: DailyWindow): CompiledSchedule {
  const start = clockTimeMinutes(schedule.start);
  const length = (clockTimeMinutes(schedule.end) - start + MINUTES_PER_DAY) % MINUTES_PER_DAY || MINUTES_PER_DAY;
  return { days: new Set(schedule.days.map((day) => WEEKDAYS.indexOf(day) + 1)), start, end: start + length };
}

/** The window that starts on `date` (a date on the community's clocks), or null if none or the clocks skip all of it. */
function dailyWindow(schedule: CompiledSchedule, date: Temporal.PlainDate, timeZone: string): Span | null {
  if (!schedule.days.has(date.dayOfWeek)) return null;
  const from = firstInstantShowing(date, schedule.start, timeZone);
  const to = firstInstantShowing(date, schedule.end, timeZone);
  return to > from ? { from, to } : null;
}

/**
 * Whether the windows, laid on one wall-clock week, leave no minute uncovered: only whole-day windows
 * (end == start) on all seven days do — shorter ones cover less than 7 × their length of the week's minutes.
 */
function coversWholeWeek(schedule: CompiledSchedule): boolean {
  if (schedule.end - schedule.start < MINUTES_PER_DAY) return false;
  for (let day = 1; day <= 7; day++) if (!schedule.days.has(day)) return false;
  return true;
}
