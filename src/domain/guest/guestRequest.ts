/**
 * Validation of a resident's "create a guest code" request (API.md, Resident: guest codes). Pure: the
 * community settings and `now` come from the caller. Other body fields (phone, email, accessPointIds) are
 * not this function's business and pass untouched.
 *
 * Times the client sends for a type that has none (permanent, delivery) are refused rather than ignored:
 * a resident who sent an end time believes the code will stop working, and silently dropping it would
 * leave a door open longer than they meant.
 */
import { Temporal } from 'temporal-polyfill';
import type { CommunitySettings } from '../communitySettings.ts';
import { GUEST_TYPES } from '../communitySettings.ts';
import { KeywayError } from '../errors.ts';
import type { DailyWindow, GuestType, Weekday } from './schedule.ts';
import { WEEKDAYS } from './schedule.ts';
import { parseClockTime } from './wallTime.ts';

export interface GuestRequest {
  type: string;
  name: string;
  startsAt?: string;
  endsAt?: string;
  schedule?: { days: string[]; start: string; end: string };
  code?: unknown;
  [k: string]: unknown;
}

export interface ValidGuestRequest {
  type: GuestType;
  name: string;
  startsAt: Date | null;
  endsAt: Date | null;
  schedule: DailyWindow | null;
}

export type GuestRequestSettings = Pick<CommunitySettings, 'guestTypes' | 'deliveryCodeHours'>;

export const GUEST_NAME_MAX_LENGTH = 100;

/** Throws KeywayError: guest_code_not_customizable, invalid_request (details.field), guest_type_disabled. */
export function validateGuestRequest(req: GuestRequest, settings: GuestRequestSettings, now: Date): ValidGuestRequest {
  // First, before anything else could mask it: guest codes are always generated (DESIGN.md §1 rule 4),
  // and a body that even mentions `code` is trying to choose one.
  if (Object.hasOwn(req, 'code')) {
    throw new KeywayError('guest_code_not_customizable', 'Guest codes are always generated and cannot be chosen.');
  }
  const type = parseType(req.type);
  if (!settings.guestTypes.includes(type)) {
    throw new KeywayError('guest_type_disabled', `This community does not allow ${type} guest codes.`, { type });
  }
  const name = parseName(req.name);
  const startsAt = parseInstant(req, 'startsAt');
  const endsAt = parseInstant(req, 'endsAt');
  const hasSchedule = req.schedule !== undefined && req.schedule !== null;

  switch (type) {
    case 'permanent':
      refuse(startsAt !== null, 'startsAt', 'A permanent guest code has no start time.');
      refuse(endsAt !== null, 'endsAt', 'A permanent guest code has no end time; use a temporary code.');
      refuse(hasSchedule, 'schedule', 'A permanent guest code has no schedule; use a recurring code.');
      return { type, name, startsAt: null, endsAt: null, schedule: null };
    case 'temporary':
      refuse(startsAt === null, 'startsAt', 'A temporary guest code needs a start time.');
      refuse(endsAt === null, 'endsAt', 'A temporary guest code needs an end time.');
      refuse(hasSchedule, 'schedule', 'A temporary guest code has no schedule; use a recurring code.');
      checkRange(startsAt, endsAt, now);
      return { type, name, startsAt, endsAt, schedule: null };
    case 'recurring': {
      refuse(!hasSchedule, 'schedule', 'A recurring guest code needs a schedule.');
      const schedule = parseSchedule(req.schedule);
      checkRange(startsAt, endsAt, now);
      return { type, name, startsAt, endsAt, schedule };
    }
    case 'delivery':
      // The community decides how long a delivery code lives; the request does not.
      refuse(startsAt !== null, 'startsAt', 'A delivery code starts when it is created.');
      refuse(endsAt !== null, 'endsAt', `A delivery code expires after the community's set time.`);
      refuse(hasSchedule, 'schedule', 'A delivery code has no schedule.');
      return {
        type,
        name,
        startsAt: new Date(now.getTime()),
        endsAt: new Date(now.getTime() + settings.deliveryCodeHours * 3_600_000),
        schedule: null,
      };
  }
}

function invalid(field: string, message: string): KeywayError {
  return new KeywayError('invalid_request', message, { field });
}

function refuse(condition: boolean, field: string, message: string): void {
  if (condition) throw invalid(field, message);
}

function parseType(type: unknown): GuestType {
  const known = GUEST_TYPES.find((candidate) => candidate === type);
  if (known === undefined) throw invalid('type', `Guest code type must be one of ${GUEST_TYPES.join(', ')}.`);
  return known;
}

function parseName(name: unknown): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  // Counted in characters people see (code points), not UTF-16 units, so an emoji counts once.
  const length = [...trimmed].length;
  if (length < 1 || length > GUEST_NAME_MAX_LENGTH) {
    throw invalid('name', `A guest name must be 1 to ${GUEST_NAME_MAX_LENGTH} characters.`);
  }
  return trimmed;
}

/** An ISO-8601 date-time with an offset (or Z); absent or null → null. A local time without offset is ambiguous and refused. */
function parseInstant(req: GuestRequest, field: 'startsAt' | 'endsAt'): Date | null {
  const value: unknown = req[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw invalid(field, `${field} must be an ISO-8601 date-time with an offset.`);
  try {
    return new Date(Temporal.Instant.from(value).epochMilliseconds);
  } catch {
    throw invalid(field, `${field} must be an ISO-8601 date-time with an offset, e.g. 2026-03-08T09:00:00-06:00.`);
  }
}

function checkRange(startsAt: Date | null, endsAt: Date | null, now: Date): void {
  if (startsAt !== null && endsAt !== null && endsAt.getTime() <= startsAt.getTime()) {
    throw invalid('endsAt', 'The end must be after the start.');
  }
  // A code whose end has already passed would never open a door.
  if (endsAt !== null && endsAt.getTime() <= now.getTime()) throw invalid('endsAt', 'The end must be in the future.');
}

function parseSchedule(raw: unknown): DailyWindow {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalid('schedule', 'schedule must be { days, start, end }.');
  }
  const { days, start, end } = raw as Record<string, unknown>;
  if (!Array.isArray(days) || days.length === 0) throw invalid('schedule.days', 'Choose at least one weekday.');
  const chosen = new Set<Weekday>();
  for (const day of days) {
    const weekday = WEEKDAYS.find((candidate) => candidate === day);
    if (weekday === undefined) throw invalid('schedule.days', `Weekdays are ${WEEKDAYS.join(', ')}.`);
    chosen.add(weekday);
  }
  const startMinutes = typeof start === 'string' ? parseClockTime(start) : null;
  if (startMinutes === null) throw invalid('schedule.start', 'start must be a time HH:MM between 00:00 and 23:59.');
  const endMinutes = typeof end === 'string' ? parseClockTime(end) : null;
  if (endMinutes === null) throw invalid('schedule.end', 'end must be a time HH:MM between 00:00 and 23:59.');
  // end before start is a window across midnight; end equal to start would be ambiguous (nothing, or all day?).
  if (startMinutes === endMinutes) throw invalid('schedule.end', 'start and end must differ.');
  // Repeated days are harmless and collapse; stored in week order so equal schedules compare equal.
  return { days: WEEKDAYS.filter((day) => chosen.has(day)), start: start as string, end: end as string };
}
