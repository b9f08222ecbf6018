/**
 * When an integration code opens doors, from Seam's fields (`starts_at`, `ends_at`, `is_one_time_use`, and on
 * update `type: 'ongoing'`), checked as Seam checks them, and mapped onto Keyway's guest-code validity so the sync
 * engine schedules it like any guest code: ongoing → permanent, both times → temporary, one-time use → delivery
 * (its first use ends it; for integration codes without a grace period).
 */
import { KeywayError } from '../errors.ts';

export interface CodeValidity {
  guestType: 'permanent' | 'temporary' | 'delivery';
  startsAt: Date | null;
  endsAt: Date | null;
  oneTimeUse: boolean;
}

export interface ValidityRequest {
  startsAt?: string | null | undefined;
  endsAt?: string | null | undefined;
  oneTimeUse?: boolean | undefined;
  /** Update only: 'ongoing' drops the times. */
  type?: 'ongoing' | 'time_bound' | undefined;
}

const ISO_START = /^\d{4}-\d{2}-\d{2}T/;

function instant(value: string, field: string): Date {
  const at = new Date(value);
  if (!ISO_START.test(value) || Number.isNaN(at.getTime()))
    throw new KeywayError('invalid_request', `${field} must be an ISO 8601 date and time.`, { field });
  return at;
}

const given = (v: string | null | undefined): v is string => typeof v === 'string' && v.length > 0;

/**
 * The validity a create asks for, or an update asks for on top of `current` (a time given alone keeps the other
 * one; `type: 'ongoing'` clears both). Refuses what Seam refuses: one time without the other, an end not after
 * the start, an end in the past.
 */
export function codeValidity(request: ValidityRequest, now: Date, current?: CodeValidity): CodeValidity {
  const oneTimeUse = request.oneTimeUse ?? current?.oneTimeUse ?? false;
  let startsAt: Date | null = null;
  let endsAt: Date | null = null;
  const changesTimes = given(request.startsAt) || given(request.endsAt);
  if (request.type === 'ongoing') {
    if (changesTimes)
      throw new KeywayError('invalid_request', 'An ongoing code has no starts_at or ends_at.', { field: 'type' });
  } else if (changesTimes || request.type === 'time_bound') {
    startsAt = given(request.startsAt) ? instant(request.startsAt, 'starts_at') : (current?.startsAt ?? null);
    endsAt = given(request.endsAt) ? instant(request.endsAt, 'ends_at') : (current?.endsAt ?? null);
    if (startsAt === null || endsAt === null) {
      throw new KeywayError('invalid_request', 'Both starts_at and ends_at must be provided if one is', {
        field: startsAt === null ? 'starts_at' : 'ends_at',
      });
    }
    if (endsAt.getTime() <= startsAt.getTime())
      throw new KeywayError('invalid_request', 'ends_at must be after starts_at.', { field: 'ends_at' });
    if (endsAt.getTime() <= now.getTime())
      throw new KeywayError('invalid_request', 'ends_at must be in the future.', { field: 'ends_at' });
  } else if (current) {
    startsAt = current.startsAt;
    endsAt = current.endsAt;
  }
  const guestType = oneTimeUse ? 'delivery' : startsAt ? 'temporary' : 'permanent';
  return { guestType, startsAt, endsAt, oneTimeUse };
}

export function seamCodeType(validity: Pick<CodeValidity, 'startsAt' | 'endsAt'>): 'ongoing' | 'time_bound' {
  return validity.startsAt !== null && validity.endsAt !== null ? 'time_bound' : 'ongoing';
}

/** Whether the change alters when the code opens doors (the lock must be told again, e.g. a native schedule). */
export function validityChanged(before: CodeValidity, after: CodeValidity): boolean {
  return (
    before.oneTimeUse !== after.oneTimeUse ||
    before.startsAt?.getTime() !== after.startsAt?.getTime() ||
    before.endsAt?.getTime() !== after.endsAt?.getTime()
  );
}
