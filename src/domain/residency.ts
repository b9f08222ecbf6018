/**
 * Residency status from lease dates. Dates are calendar days in the community's time zone; the move-out
 * day itself still counts as living there (people need the door while moving out).
 */
import { Temporal } from 'temporal-polyfill';
import { type LeaseState, leaseInstants, leasePosition } from './lease/leaseInstants.ts';

export type ResidencyStatus = 'current' | 'future' | 'past';

export function residencyStatus(moveIn: string, moveOut: string | null, today: string): ResidencyStatus {
  if (today < moveIn) return 'future';
  if (moveOut !== null && today > moveOut) return 'past';
  return 'current';
}

/** A lease as stored: its dates, and the state and end the lease sweep last wrote (they may lag behind `now`). */
export interface StoredLease {
  moveIn: string;
  moveOut: string | null;
  accessState: LeaseState;
  accessEndsAt: Date | null;
}

/**
 * Where a person's residency stands at `now`, for deciding whether they may still change anything: 'current'
 * if a lease of theirs is current at this instant, else 'upcoming' if one has yet to start, else 'ended' (also
 * for no lease at all). Worked out from the dates, the community's zone and move-out time, not only from the
 * stored state: between a lease's end and the sweep that ends it, it has already ended. A lease the store
 * says is over (a move-out now, whatever its dates say) stays over.
 */
export function residencyAt(
  leases: readonly StoredLease[],
  now: Date,
  timeZone: string,
  moveOutTime: string | null,
): LeaseState {
  let upcoming = false;
  for (const lease of leases) {
    if (lease.accessState === 'ended') continue;
    if (lease.accessEndsAt !== null && lease.accessEndsAt.getTime() <= now.getTime()) continue;
    const state = leasePosition(leaseInstants(lease, timeZone, moveOutTime), now).state;
    if (state === 'current') return 'current';
    if (state === 'upcoming') upcoming = true;
  }
  return upcoming ? 'upcoming' : 'ended';
}

/**
 * How a list shows one lease at `now`: the instants decide, not the calendar date, so on move-out day the
 * resident reads "current" until the community's move-out time and "past" from then on (or from a move-out
 * the store already recorded).
 */
export function leaseStatusAt(
  lease: StoredLease,
  now: Date,
  timeZone: string,
  moveOutTime: string | null,
): ResidencyStatus {
  const state = residencyAt([lease], now, timeZone, moveOutTime);
  return state === 'current' ? 'current' : state === 'upcoming' ? 'future' : 'past';
}

/** The calendar date (YYYY-MM-DD) at `now` in `timeZone`. */
export function localDate(now: Date, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(timeZone).toPlainDate().toString();
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    Temporal.Now.instant().toZonedDateTimeISO(timeZone);
    return true;
  } catch {
    return false;
  }
}
