/**
 * A code's LockSchedule as Schedule Entry Lock CC entries. Pure.
 *
 * - from/to only → one year-day entry (local date-times on the lock's clock, two-digit years 2000–2099).
 * - weekly → one daily-repeating entry (weekday set + start + duration, SEL v3) where the lock has such slots,
 *   else one week-day entry per day (a window across midnight takes two: the evening and the next morning).
 * - weekly with from/to → only the weekly entries: a user's entries of different kinds are alternatives on the
 *   lock (any one opens), so the range cannot narrow them. Keyway still puts the code on the lock no earlier
 *   and takes it off no later than the range.
 *
 * Times are wall-clock times in the schedule's time zone: the lock's clock must run on the community's local
 * time (docs/zwave.md). Rounding is conservative: a start is rounded up to the minute, an end down.
 * Schedules that do not fit the lock's slots are refused (the code would otherwise open at all hours).
 */
import { Temporal } from 'temporal-polyfill';
import type { LockSchedule } from '../../domain/guest/lockSchedule.ts';
import type { Weekday } from '../../domain/guest/schedule.ts';

/** Z-Wave numbering: Sunday = 0 … Saturday = 6. */
const ZWAVE_WEEKDAY: Record<Weekday, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const MINUTES_PER_DAY = 24 * 60;
/** A daily-repeating duration is at most 23:59; a whole-day window loses its last minute. */
const MAX_DURATION_MINUTES = MINUTES_PER_DAY - 1;

export interface ScheduleSlotCounts {
  weekDay: number;
  yearDay: number;
  dailyRepeating: number;
}

export interface YearDayEntry {
  startYear: number;
  startMonth: number;
  startDay: number;
  startHour: number;
  startMinute: number;
  stopYear: number;
  stopMonth: number;
  stopDay: number;
  stopHour: number;
  stopMinute: number;
}

export interface WeekDayEntry {
  weekday: number;
  startHour: number;
  startMinute: number;
  stopHour: number;
  stopMinute: number;
}

export interface DailyRepeatingEntry {
  weekdays: number[];
  startHour: number;
  startMinute: number;
  durationHour: number;
  durationMinute: number;
}

export type ScheduleEntries =
  | { kind: 'yearDay'; entries: YearDayEntry[] }
  | { kind: 'weekDay'; entries: WeekDayEntry[] }
  | { kind: 'dailyRepeating'; entries: DailyRepeatingEntry[] };

export type SchedulePlan = { ok: true; plan: ScheduleEntries | null } | { ok: false; reason: string };

/** null plan: the schedule restricts nothing (no range, no weekly rule). */
export function planScheduleEntries(schedule: LockSchedule, slots: ScheduleSlotCounts): SchedulePlan {
  if (schedule.weekly) return planWeekly(schedule.weekly, slots);
  if (schedule.from === null && schedule.to === null) return { ok: true, plan: null };
  if (slots.yearDay < 1) return { ok: false, reason: 'the lock has no year-day schedule slots' };
  const start = schedule.from ? localMinute(schedule.from, schedule.timeZone, 'up') : null;
  const stop = schedule.to ? localMinute(schedule.to, schedule.timeZone, 'down') : null;
  const first = start ?? Temporal.PlainDateTime.from('2000-01-01T00:00');
  const last = stop ?? Temporal.PlainDateTime.from('2099-12-31T23:59');
  if (first.year < 2000 || last.year > 2099) return { ok: false, reason: 'the lock stores years 2000–2099 only' };
  if (Temporal.PlainDateTime.compare(last, first) <= 0)
    return { ok: false, reason: 'the range is shorter than a minute' };
  return {
    ok: true,
    plan: {
      kind: 'yearDay',
      entries: [
        {
          startYear: first.year - 2000,
          startMonth: first.month,
          startDay: first.day,
          startHour: first.hour,
          startMinute: first.minute,
          stopYear: last.year - 2000,
          stopMonth: last.month,
          stopDay: last.day,
          stopHour: last.hour,
          stopMinute: last.minute,
        },
      ],
    },
  };
}

function planWeekly(weekly: NonNullable<LockSchedule['weekly']>, slots: ScheduleSlotCounts): SchedulePlan {
  const start = clockMinutes(weekly.start);
  const end = clockMinutes(weekly.end);
  const days = [...new Set(weekly.days)];
  if (days.length === 0) return { ok: false, reason: 'a weekly rule without days never opens' };
  const length = end > start ? end - start : end + MINUTES_PER_DAY - start; // end <= start crosses midnight
  if (slots.dailyRepeating >= 1) {
    const duration = Math.min(length, MAX_DURATION_MINUTES);
    return {
      ok: true,
      plan: {
        kind: 'dailyRepeating',
        entries: [
          {
            weekdays: days.map((day) => ZWAVE_WEEKDAY[day]).sort((a, b) => a - b),
            startHour: Math.floor(start / 60),
            startMinute: start % 60,
            durationHour: Math.floor(duration / 60),
            durationMinute: duration % 60,
          },
        ],
      },
    };
  }
  const entries: WeekDayEntry[] = [];
  for (const day of days) {
    const weekday = ZWAVE_WEEKDAY[day];
    if (end > start) {
      entries.push(weekDayEntry(weekday, start, end));
    } else {
      // Evening of `day` to midnight, then the next morning. A week-day entry ends at 23:59 at the latest.
      entries.push(weekDayEntry(weekday, start, MINUTES_PER_DAY - 1));
      if (end > 0) entries.push(weekDayEntry((weekday + 1) % 7, 0, end));
    }
  }
  if (entries.length > slots.weekDay) {
    return {
      ok: false,
      reason: `the rule needs ${entries.length} week-day schedule slots, the lock has ${slots.weekDay}`,
    };
  }
  return { ok: true, plan: { kind: 'weekDay', entries } };
}

function weekDayEntry(weekday: number, from: number, to: number): WeekDayEntry {
  return {
    weekday,
    startHour: Math.floor(from / 60),
    startMinute: from % 60,
    stopHour: Math.floor(to / 60),
    stopMinute: to % 60,
  };
}

function clockMinutes(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return hours! * 60 + minutes!;
}

function localMinute(iso: string, timeZone: string, round: 'up' | 'down'): Temporal.PlainDateTime {
  const local = Temporal.Instant.from(iso).toZonedDateTimeISO(timeZone).toPlainDateTime();
  const minute = local.round({ smallestUnit: 'minute', roundingMode: 'trunc' });
  return round === 'up' && Temporal.PlainDateTime.compare(minute, local) < 0 ? minute.add({ minutes: 1 }) : minute;
}
