/**
 * The one error type of Keyway. Every refusal carries a stable snake_case code that clients and tests
 * rely on; the message is for people and may change. Only `http/errorMapper.ts` knows HTTP status codes.
 */
export const ERROR_CODES = [
  // request shape and access
  'invalid_request',
  'unauthenticated',
  'forbidden',
  'not_found',
  'rate_limited',
  // PIN rules (DESIGN.md §1)
  'pin_not_digits',
  'pin_length_not_allowed',
  'pin_repeated_digit',
  'pin_sequential',
  'pin_common',
  'custom_codes_disabled',
  'custom_code_not_allowed_here',
  'guest_code_not_customizable',
  'guest_type_disabled',
  // per-lock uniqueness
  'code_conflict',
  'code_space_exhausted',
  /** The lock has no free slot for one more code (after those residents are guaranteed). */
  'lock_full',
  /** A guest code would take a slot a door keeps for residents' own codes (or the door's guest cap is reached). */
  'no_room_on_lock',
  // state
  'conflict_state',
  /** A resident whose lease has ended (even before the lease sweep has caught up) changes nothing. */
  'residency_ended',
  // accounts
  'already_set_up',
  'weak_password',
  'invalid_token',
  // devices
  'receipt_rejected',
  'not_simulated',
  'not_supported_yet',
  // cloud locks (Seam)
  'cloud_key_refused',
  'cloud_not_connected',
  'cloud_unavailable',
  'webhook_unverified',
  // integrations
  /** A webhook URL Keyway will not call: not http(s), or a loopback/private address the operator has not allowed. */
  'url_not_allowed',
  // the HTTP edge
  /** A write carrying the session cookie that a page of another site made the browser send (CSRF). */
  'cross_site_request',
  /** One person already has as many live-update streams open as allowed. */
  'too_many_streams',
  // loose input (issue 14)
  /** A new code whose end has already passed would never work (and its doors would stay pending). */
  'end_in_past',
  /** Moving out someone who has no lease here (a manager, staff): nothing to end. */
  'not_a_resident',
] as const;

export type KeywayErrorCode = (typeof ERROR_CODES)[number];

export class KeywayError extends Error {
  override readonly name = 'KeywayError';
  constructor(
    readonly code: KeywayErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export function isKeywayError(error: unknown): error is KeywayError {
  return error instanceof KeywayError;
}
