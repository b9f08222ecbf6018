/**
 * Whether a code should be on its lock now, and when that next changes. Residents' codes are wanted
 * until revoked. Guest codes follow their validity (DESIGN.md §4 Schedules): a lock that enforces schedules
 * itself (native schedules, and every Bluetooth lock, reachable only through phones) holds the code with
 * its schedule from creation until it is over; any other lock gets it shortly before each window opens and
 * loses it when the window closes. A one-time integration code is a delivery code without the grace period.
 */
import { guestStatusAt } from '../domain/guest/guestStatus.ts';
import type { LockSchedule } from '../domain/guest/lockSchedule.ts';
import { type DailyWindow, type GuestValidity, isValidAt, nextBoundary } from '../domain/guest/schedule.ts';
import type { LockCodeRow, LockRow } from '../store/repositories/lockSync.ts';

/** How long before a window opens the code is put on a lock without native schedules. */
export const PUT_ON_LEAD_MS = 2 * 60_000;

export interface Presence {
  present: boolean;
  /** When `present` may next change (null: never, by time alone). */
  nextBoundaryAt: Date | null;
  /** What a lock that enforces schedules itself should be given with the code. */
  schedule: LockSchedule | undefined;
}

type Lock = Pick<LockRow, 'connectivity' | 'nativeSchedules' | 'timeZone' | 'deliveryGraceMinutes'>;

export function guestValidity(row: LockCodeRow, lock: Lock): GuestValidity | null {
  if (!row.guestType) return null; // residents' own codes: wanted until revoked
  return {
    type: row.guestType,
    timeZone: lock.timeZone,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    schedule: row.schedule as DailyWindow | null,
    firstUsedAt: row.firstUsedAt,
    // A one-time integration code (Seam's is_one_time_use) is done at its first use: no courier coming back.
    graceMinutes: row.oneTimeUse ? 0 : lock.deliveryGraceMinutes,
  };
}

export function presence(row: LockCodeRow, lock: Lock, now: Date): Presence {
  if (row.intent === 'absent') return { present: false, nextBoundaryAt: null, schedule: undefined };
  const validity = guestValidity(row, lock);
  if (!validity) return { present: true, nextBoundaryAt: null, schedule: undefined };
  // Seam enforces a validity range with both ends, and no weekly rule: Keyway drives a recurring code's windows,
  // and a code that starts but never ends, on a Seam lock itself.
  const seamCannotEnforce =
    lock.connectivity === 'seam' &&
    (validity.type === 'recurring' || (validity.startsAt !== null && effectiveEnd(validity) === null));
  const selfEnforcing = lock.connectivity === 'bluetooth' || (lock.nativeSchedules && !seamCannotEnforce);
  if (selfEnforcing) {
    const status = guestStatusAt({ ...validity, revokedAt: null }, now);
    const present = status === 'scheduled' || status === 'active';
    const end = effectiveEnd(validity);
    return {
      present,
      nextBoundaryAt:
        present && end && end.getTime() > now.getTime() ? end : present ? nextBoundary(validity, now) : null,
      schedule: {
        timeZone: validity.timeZone,
        from: validity.startsAt?.toISOString() ?? null,
        to: end?.toISOString() ?? null,
        weekly:
          validity.type === 'recurring' && validity.schedule
            ? { days: [...validity.schedule.days], start: validity.schedule.start, end: validity.schedule.end }
            : null,
      },
    };
  }
  const soon = new Date(now.getTime() + PUT_ON_LEAD_MS);
  const validNow = isValidAt(validity, now);
  const present = validNow || isValidAt(validity, soon);
  // Wanted now: nothing changes until the window closes (the current one, or the one about to open).
  // Not wanted: the next change is the lead time before the next window opens.
  const next = present
    ? nextBoundary(validity, validNow ? now : soon)
    : shift(nextBoundary(validity, soon), -PUT_ON_LEAD_MS);
  return {
    present,
    nextBoundaryAt: next && next.getTime() > now.getTime() ? next : next ? new Date(now.getTime() + 1_000) : null,
    schedule: undefined,
  };
}

function effectiveEnd(v: GuestValidity): Date | null {
  if (v.type === 'delivery' && v.firstUsedAt) {
    const graceEnd = new Date(v.firstUsedAt.getTime() + (v.graceMinutes ?? 15) * 60_000);
    return v.endsAt && v.endsAt.getTime() < graceEnd.getTime() ? v.endsAt : graceEnd;
  }
  return v.endsAt;
}

function shift(date: Date | null, ms: number): Date | null {
  return date === null ? null : new Date(date.getTime() + ms);
}
