/**
 * TEST ONLY: the walking nextBoundary that schedule.ts had before the closed form (issue 12), kept verbatim as the
 * reference the closed form is checked against (schedule.reference.test.ts) and timed beside it
 * (bench/guestBoundaries.ts). It builds every window day by day from 16 days before `now`.
 */
import type { Temporal } from 'temporal-polyfill';
import { DEFAULT_SETTINGS } from '../communitySettings.ts';
import { type DailyWindow, type GuestValidity, WEEKDAYS } from './schedule.ts';
import { clockTimeMinutes, firstInstantShowing, MINUTES_PER_DAY, wallDateAt } from './wallTime.ts';

const LOOKBACK_DAYS = 16;

interface Span {
  from: number;
  to: number;
}

/** The old nextBoundary: the first span of the walked list. */
export function walkingNextBoundary(v: GuestValidity, now: Date): Date | null {
  const t = now.getTime();
  const first = validSpans(v, t).next();
  if (first.done === true) return null;
  const at = first.value.from > t ? first.value.from : first.value.to;
  return Number.isFinite(at) ? new Date(at) : null;
}

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
    yield range;
    return;
  }
  let date = wallDateAt(Math.max(after, range.from), v.timeZone).subtract({ days: LOOKBACK_DAYS });
  let current: Span | null = null;
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
  days: ReadonlySet<number>;
  start: number;
  end: number;
}

function compile(schedule: DailyWindow): CompiledSchedule {
  const start = clockTimeMinutes(schedule.start);
  const length = (clockTimeMinutes(schedule.end) - start + MINUTES_PER_DAY) % MINUTES_PER_DAY || MINUTES_PER_DAY;
  return { days: new Set(schedule.days.map((day) => WEEKDAYS.indexOf(day) + 1)), start, end: start + length };
}

function dailyWindow(schedule: CompiledSchedule, date: Temporal.PlainDate, timeZone: string): Span | null {
  if (!schedule.days.has(date.dayOfWeek)) return null;
  const from = firstInstantShowing(date, schedule.start, timeZone);
  const to = firstInstantShowing(date, schedule.end, timeZone);
  return to > from ? { from, to } : null;
}

function coversWholeWeek(schedule: CompiledSchedule): boolean {
  const week = 7 * MINUTES_PER_DAY;
  const covered = new Uint8Array(week);
  for (const day of schedule.days) {
    const offset = (day - 1) * MINUTES_PER_DAY;
    for (let minute = schedule.start; minute < schedule.end; minute++) covered[(offset + minute) % week] = 1;
  }
  return covered.every((minute) => minute === 1);
}
