/**
 * Residency status from lease dates. Dates are calendar days in the community's time zone; the move-out
 * day itself still counts as living there (people need the door while moving out).
 */
import { Temporal } from 'temporal-polyfill';

export type ResidencyStatus = 'current' | 'future' | 'past';

export function residencyStatus(moveIn: string, moveOut: string | null, today: string): ResidencyStatus {
  if (today < moveIn) return 'future';
  if (moveOut !== null && today > moveOut) return 'past';
  return 'current';
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
