/**
 * Lease instants: when a residency's access starts and ends, from its calendar dates in the community's
 * time zone, and where the lease stands at a given instant. Pure: the caller passes `now`.
 *
 * Access starts at the start of the move-in day and ends on the move-out day at the community's
 * `moveOutTime` ('HH:MM' local), or at the end of that day (the next midnight) when none is set.
 * A local time that does not exist (skipped by a DST change) resolves forward, as guest windows do.
 */
import { Temporal } from 'temporal-polyfill';
import { firstInstantShowing } from '../guest/wallTime.ts';

export type LeaseState = 'upcoming' | 'current' | 'ended';

export interface LeaseInstants {
  accessStartsAt: Date;
  /** Null: no move-out planned. */
  accessEndsAt: Date | null;
}

export interface LeasePosition {
  state: LeaseState;
  /** When the state next changes by time alone (null: never). */
  nextBoundaryAt: Date | null;
}

const MOVE_OUT_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isValidMoveOutTime(value: string): boolean {
  return MOVE_OUT_TIME.test(value);
}

function toDate(zdt: Temporal.ZonedDateTime): Date {
  return new Date(zdt.epochMilliseconds);
}

/** The start of a calendar day in a zone (the first instant of that day, even where midnight is skipped). */
export function startOfLocalDay(date: string, timeZone: string): Date {
  return toDate(Temporal.PlainDate.from(date).toZonedDateTime({ timeZone }));
}

/**
 * The instant access ends on `moveOut`: at `moveOutTime` local time (a skipped time resolves forward), or at
 * the next midnight when `moveOutTime` is null.
 */
export function moveOutInstant(moveOut: string, timeZone: string, moveOutTime: string | null): Date {
  const day = Temporal.PlainDate.from(moveOut);
  if (moveOutTime === null) return toDate(day.add({ days: 1 }).toZonedDateTime({ timeZone }));
  const match = MOVE_OUT_TIME.exec(moveOutTime);
  if (!match) throw new RangeError(`invalid move-out time ${moveOutTime}`);
  return new Date(firstInstantShowing(day, Number(match[1]) * 60 + Number(match[2]), timeZone));
}

export function leaseInstants(
  lease: { moveIn: string; moveOut: string | null },
  timeZone: string,
  moveOutTime: string | null,
): LeaseInstants {
  return {
    accessStartsAt: startOfLocalDay(lease.moveIn, timeZone),
    accessEndsAt: lease.moveOut === null ? null : moveOutInstant(lease.moveOut, timeZone, moveOutTime),
  };
}

/** Where the lease stands at `now`, and when that next changes. An end at or before the start means ended. */
export function leasePosition(instants: LeaseInstants, now: Date): LeasePosition {
  const t = now.getTime();
  const ends = instants.accessEndsAt?.getTime() ?? null;
  if (ends !== null && ends <= t) return { state: 'ended', nextBoundaryAt: null };
  if (instants.accessStartsAt.getTime() > t) return { state: 'upcoming', nextBoundaryAt: instants.accessStartsAt };
  return { state: 'current', nextBoundaryAt: instants.accessEndsAt };
}
