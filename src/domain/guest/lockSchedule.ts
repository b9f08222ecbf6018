/**
 * The schedule a lock enforces itself (locks with native schedules, and Bluetooth locks, which can only be
 * reached through phones): a validity range and, for recurring codes, the weekly rule in the community's
 * time zone. Keyway still removes codes whose time is over; this keeps a code from opening outside its
 * hours even while no one can reach the lock.
 */
import { type DailyWindow, isValidAt, type Weekday } from './schedule.ts';

export interface LockSchedule {
  timeZone: string;
  from: string | null;
  to: string | null;
  weekly: { days: Weekday[]; start: string; end: string } | null;
}

export function lockScheduleAllows(schedule: LockSchedule, now: Date): boolean {
  const from = schedule.from ? new Date(schedule.from) : null;
  const to = schedule.to ? new Date(schedule.to) : null;
  if (schedule.weekly) {
    return isValidAt(
      {
        type: 'recurring',
        timeZone: schedule.timeZone,
        startsAt: from,
        endsAt: to,
        schedule: schedule.weekly as DailyWindow,
      },
      now,
    );
  }
  return (from === null || now.getTime() >= from.getTime()) && (to === null || now.getTime() < to.getTime());
}
