/**
 * How Seam's words become Keyway's (pure): device → lock capabilities, an access code's status, errors and
 * warnings → a command's outcome, an HTTP error → retry / refuse / account failing, a code's schedule →
 * Seam's starts_at/ends_at, a holder → the code's name at Seam. docs/cloud-locks.md tells the same for people.
 */
import type { LockFailure } from '../sync/hubProtocol.ts';
import type { SeamCode, SeamDevice } from './seamApi.ts';

/** Virtual slots of a Seam lock whose device does not say how many codes it holds. */
export const DEFAULT_SEAM_SLOTS = 100;

export interface SeamLockCapabilities {
  codeLengths: number[];
  slotCount: number;
  nativeSchedules: boolean;
  readableCodes: boolean;
}

export function capabilitiesOf(device: SeamDevice): SeamLockCapabilities {
  const lengths = (device.supportedCodeLengths ?? []).filter((n) => n >= 4 && n <= 8);
  return {
    codeLengths: lengths.length > 0 ? [...new Set(lengths)].sort((a, b) => a - b).slice(0, 5) : [4, 6],
    slotCount: Math.min(1000, Math.max(1, device.maxActiveCodes ?? DEFAULT_SEAM_SLOTS)),
    // Seam enforces starts_at/ends_at itself, and returns the PIN of every code it set.
    nativeSchedules: true,
    readableCodes: true,
  };
}

/** Seam's error types on a code (or a failed request) → why the lock did not take it. */
export function failureOf(errorTypes: readonly string[]): LockFailure | null {
  if (errorTypes.length === 0) return null;
  const has = (pattern: RegExp) => errorTypes.some((t) => pattern.test(t));
  if (has(/duplicate/)) return 'duplicate_on_lock';
  if (has(/no_space|no_free_slot|too_many|max_access_codes|limit_reached/)) return 'no_free_slot';
  if (has(/code_length|invalid_code_length/)) return 'length_not_supported';
  if (has(/offline|disconnected|not_paired|missing_keypad|unreachable/)) return 'lock_unreachable';
  return 'rejected_by_lock';
}

/** What Keyway asked of one code, to judge what Seam now reports against. */
export interface PendingOp {
  type: 'set_code' | 'clear_slot';
  /** Fingerprint of the PIN the command wrote (set_code). */
  codeFp: string | null;
}

/** `timeout` (retried): the code vanished at Seam before it was set; the retry creates it again. */
export type CodeOutcome = { kind: 'ok' } | { kind: 'failed'; failure: LockFailure | 'timeout' } | { kind: 'waiting' };

/**
 * Whether a pending command is done, judged from the code as Seam reports it now (undefined: Seam no longer
 * has it). A set is done when the code is `set` with the PIN the command wrote — Seam may still show the old
 * PIN as `set` for a moment after an update — or, for a code whose window has not opened, when Seam holds it
 * `unset` without errors (Seam puts it on the lock at starts_at). A clear is done when the code is gone.
 */
export function outcomeOf(
  op: PendingOp,
  code: SeamCode | undefined,
  fingerprint: (pin: string) => string,
  now: Date,
): CodeOutcome {
  if (op.type === 'clear_slot') {
    if (!code) return { kind: 'ok' };
    const failure = failureOf(code.errors.filter((e) => /remove|delete/.test(e)));
    return failure ? { kind: 'failed', failure } : { kind: 'waiting' };
  }
  if (!code) return { kind: 'failed', failure: 'timeout' };
  const failure = failureOf(code.errors);
  if (failure) return { kind: 'failed', failure };
  const samePin = code.code === null || op.codeFp === null || fingerprint(code.code) === op.codeFp;
  if (!samePin) return { kind: 'waiting' };
  if (code.status === 'set') return { kind: 'ok' };
  const notYet = code.startsAt !== null && new Date(code.startsAt).getTime() > now.getTime();
  if (code.status === 'unset' && notYet) return { kind: 'ok' };
  return { kind: 'waiting' };
}

/** Whether a code is on the lock (or held by Seam for its window), for the inventory Keyway verifies against. */
export function holdsCode(code: SeamCode, now: Date): boolean {
  if (code.status === 'set' || code.status === 'removing') return true;
  return code.status === 'unset' && code.startsAt !== null && new Date(code.startsAt).getTime() > now.getTime();
}

/** What a failed request to Seam means for Keyway. */
export type SeamErrorKind =
  | { kind: 'account'; code: string } // 401/403: the key no longer works; the account is failing
  | { kind: 'refused'; failure: LockFailure; code: string } // 4xx: Seam will not do it; final for this command
  | { kind: 'gone'; code: string } // 404 on a code: it is not there any more
  | { kind: 'transient'; code: string }; // 5xx, network, timeout: try again later

export function classifySeamError(error: unknown): SeamErrorKind {
  const e = error as { statusCode?: number; code?: string; status?: number; response?: { status?: number } };
  const status = e.statusCode ?? e.response?.status ?? e.status;
  const code = typeof e.code === 'string' && e.statusCode !== undefined ? e.code : `http_${status ?? 'network'}`;
  if (status === 401 || status === 403) return { kind: 'account', code };
  if (status === 404 && /access_code|not_found/.test(code) && !/device/.test(code)) return { kind: 'gone', code };
  if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return { kind: 'refused', failure: failureOf([code]) ?? 'rejected_by_lock', code };
  }
  return { kind: 'transient', code };
}

/** Seam's window for a code: both ends or none (Seam wants both; a weekly rule it cannot express). */
export function seamWindow(
  schedule: { from: string | null; to: string | null; weekly: unknown | null } | undefined,
  now: Date,
): { startsAt: string; endsAt: string } | undefined {
  if (!schedule || schedule.weekly || schedule.to === null) return undefined;
  return { startsAt: schedule.from ?? now.toISOString(), endsAt: schedule.to };
}

/**
 * The code's name at Seam (shown in Seam's console and some lock apps): Keyway, what kind of code, and the
 * holder as a manager knows them — first name and initial, never an email or a unit number.
 */
export function codeName(label: {
  kind: string;
  holderName: string | null;
  guestName: string | null;
  ownerName: string | null;
}): string {
  const short = (name: string | null) => {
    if (!name) return null;
    const [first = '', ...rest] = name.trim().split(/\s+/);
    const last = rest.at(-1);
    return last ? `${first} ${last[0]}.` : first;
  };
  const who =
    label.kind === 'guest'
      ? `guest ${short(label.guestName) ?? ''}${label.ownerName ? ` of ${short(label.ownerName)}` : ''}`.trim()
      : `${label.kind} ${short(label.holderName) ?? short(label.guestName) ?? ''}`.trim();
  return `Keyway ${who}`.slice(0, 60);
}

/**
 * What may be logged about a failure: Seam's error code only (an HTTP client error carries the request, and the
 * request carries the API key and perhaps a PIN); anything that is not a Seam/HTTP error is a bug, logged whole.
 */
export function loggable(error: unknown): Record<string, unknown> {
  const e = error as { isAxiosError?: boolean; statusCode?: number; config?: unknown };
  if (e && (e.isAxiosError || e.statusCode !== undefined || e.config !== undefined))
    return { seam: classifySeamError(error).code };
  return { err: error };
}
