/**
 * An integration code as Seam's API describes it (`status`, `errors[]`, `warnings[]`), from what Keyway knows of
 * it: the code's own facts and its one per-lock sync row (lockCodeState.ts). Pure: the caller passes `now`.
 *
 * - `set`: the lock holds the code. For a time-bound code on a lock that enforces schedules itself, that is before
 *   its window too (the code is on the lock with its schedule and opens only inside it).
 * - `setting`: Keyway is still putting it on the lock; a delay gets `delay_in_setting_on_device`, a refusal that
 *   will not go away by waiting an error (`no_space_for_access_code_on_device`, `duplicate_code_on_device`,
 *   `failed_to_set_on_device`).
 * - `unset`: a time-bound code outside its window (before `starts_at`, after `ends_at`), or a one-time code that
 *   was used, and the lock rightly does not hold it — as Seam's own fake shows a future code. Waiting for a window
 *   is never a problem.
 * - `removing`: deleted (or its lock is being removed) and not yet gone from the lock.
 * A code whose row has left the lock is no longer listed: Seam answers `access_code_not_found` for it.
 */
import type { LockCodeIntent, LockCodeState, SyncReason } from '../sync/lockCodeState.ts';

export type SeamCodeStatus = 'setting' | 'set' | 'unset' | 'removing';

/** Seam's error or warning on a code: `error_code` / `warning_code`, a sentence, and since when. */
export interface CodeProblem {
  code: string;
  message: string;
  createdAt: Date | null;
}

export interface IntegrationCodeFacts {
  /** Both set: a time-bound code; otherwise ongoing. */
  startsAt: Date | null;
  endsAt: Date | null;
  oneTimeUse: boolean;
  /** The first keypad use (one-time codes leave the lock then). */
  firstUsedAt: Date | null;
}

export interface LockRowFacts {
  state: LockCodeState;
  intent: LockCodeIntent;
  /** A sync reason; the column is plain text, so anything unknown is treated as a plain failure. */
  reason: string | null;
  /** When the row last changed: the problem's `created_at`. */
  since: Date;
}

export type AccessCodeStatus =
  | { listed: false }
  | { listed: true; status: SeamCodeStatus; errors: CodeProblem[]; warnings: CodeProblem[] };

/** Reasons a failed row will get over by itself (the lock is away, not refusing): a warning, never an error. */
const DELAYS: ReadonlySet<string> = new Set<SyncReason>([
  'hub_offline',
  'awaiting_phone',
  'timeout',
  'lock_unreachable',
  'circuit_open',
  'drift',
]);

/** Progress markers: nothing to report. (`outside_window`, rightful waiting, is never a problem either.) */
const PROGRESS: ReadonlySet<string> = new Set<SyncReason>(['awaiting_sync', 'sending']);

const WORDS: Record<SyncReason, string> = {
  awaiting_sync: 'it has not been sent yet',
  sending: 'it is on its way to the lock',
  hub_offline: "the lock's hub is offline",
  awaiting_phone: "this Bluetooth lock gets codes only when a resident's phone comes near it",
  no_free_slot: 'the lock has no free slot',
  duplicate_on_lock: 'the lock already holds this code, or a code that starts with it',
  length_not_supported: 'the lock does not take codes of this length',
  timeout: 'the lock did not answer in time',
  rejected_by_lock: 'the lock refused it',
  lock_unreachable: 'the lock cannot be reached',
  circuit_open: 'the lock failed several times in a row, so Keyway waits before trying again',
  outside_window: 'it is not due on the lock now',
  drift: 'the lock lost it and Keyway is putting it back',
};

/** "the lock's hub is offline (hub_offline)": plain words, and Keyway's reason for whoever searches the docs. */
export function reasonInWords(reason: string | null): string {
  if (reason === null) return 'for an unknown reason';
  const words = (WORDS as Record<string, string | undefined>)[reason];
  return words ? `${words} (${reason})` : `the lock reported ${reason}`;
}

const SET_ERROR: Record<string, string> = {
  no_free_slot: 'no_space_for_access_code_on_device',
  duplicate_on_lock: 'duplicate_code_on_device',
};

/** Outside the time it should open doors: before/after a time-bound window, or a one-time code once used. */
export function isOutsideWindow(code: IntegrationCodeFacts, now: Date): boolean {
  const t = now.getTime();
  if (code.oneTimeUse && code.firstUsedAt !== null && code.firstUsedAt.getTime() <= t) return true;
  if (code.startsAt && code.startsAt.getTime() > t) return true;
  return code.endsAt !== null && code.endsAt.getTime() <= t;
}

export function accessCodeStatus(code: IntegrationCodeFacts, row: LockRowFacts | null, now: Date): AccessCodeStatus {
  if (row === null || row.state === 'removed') return { listed: false };
  const errors: CodeProblem[] = [];
  const warnings: CodeProblem[] = [];
  const reason = row.reason;
  const removal = row.intent === 'absent';
  if (row.state !== 'active' && reason !== 'outside_window') {
    const refused = row.state === 'failed' && !(reason !== null && DELAYS.has(reason));
    if (refused) {
      errors.push({
        code: removal ? 'failed_to_remove_from_device' : (SET_ERROR[reason ?? ''] ?? 'failed_to_set_on_device'),
        message: `Keyway could not ${removal ? 'remove this code from' : 'set this code on'} the lock: ${reasonInWords(reason)}.`,
        createdAt: row.since,
      });
    } else if (reason !== null && !PROGRESS.has(reason)) {
      warnings.push({
        code: removal ? 'delay_in_removing_from_device' : 'delay_in_setting_on_device',
        message: `${removal ? 'Removing this code from' : 'Setting this code on'} the lock is delayed: ${reasonInWords(reason)}. Keyway ${removal ? 'removes' : 'sets'} it as soon as it can.`,
        createdAt: row.since,
      });
    }
  }
  const status: SeamCodeStatus = removal
    ? 'removing'
    : row.state === 'active'
      ? 'set'
      : reason === 'outside_window' || isOutsideWindow(code, now)
        ? 'unset'
        : 'setting';
  return { listed: true, status, errors, warnings };
}
