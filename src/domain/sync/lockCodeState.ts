/**
 * The per-(code, lock) state machine (DESIGN.md §4): `pending → active`, `pending → failed(reason)`,
 * `removing → removed`, `removing → failed(reason)`, plus re-entry when the wish changes again.
 *
 * The status carries the *intent* (should the code be on the lock or not) besides the state, because
 * `failed` alone does not say whether the failed operation was an add or a remove: a retry of a failed
 * row, or a late confirmation for it, must know which way to go.
 *
 * Duplicates and reordered messages are normal here (QoS 1 delivers at least once; a result can arrive
 * after a newer request). So `transition` is total and forgiving: an event that makes no sense for the
 * current status — say `command_sent` or `failed` for a code that is already `active` — returns the
 * status unchanged (the very same object) instead of throwing. Only a new wish (`change_requested`,
 * `removal_requested`, or the schedule's `outside_window`) or the lock itself contradicting Keyway
 * (`drift_found`: a read-back shows the code is not there) moves a code out of a terminal state.
 *
 * `outside_window` is how a guest code between its windows reads: it should be on the lock, but not
 * now, and the lock does not hold it — so it waits, `pending` with reason `outside_window`, until its
 * window opens. (While the lock still holds it when the window closes, the planner sends a clear; the
 * event comes once the lock no longer has it.)
 */

export type LockCodeState = 'pending' | 'active' | 'failed' | 'removing' | 'removed';

export const LOCK_CODE_STATES: readonly LockCodeState[] = ['pending', 'active', 'failed', 'removing', 'removed'];

export type SyncReason =
  | 'awaiting_sync'
  | 'sending'
  | 'hub_offline'
  | 'awaiting_phone'
  | 'no_free_slot'
  | 'duplicate_on_lock'
  | 'length_not_supported'
  | 'timeout'
  | 'rejected_by_lock'
  | 'lock_unreachable'
  | 'circuit_open'
  | 'outside_window'
  | 'drift';

export const SYNC_REASONS: readonly SyncReason[] = [
  'awaiting_sync',
  'sending',
  'hub_offline',
  'awaiting_phone',
  'no_free_slot',
  'duplicate_on_lock',
  'length_not_supported',
  'timeout',
  'rejected_by_lock',
  'lock_unreachable',
  'circuit_open',
  'outside_window',
  'drift',
];

/**
 * Reasons a `failed` event may carry: progress markers (`awaiting_sync`, `sending`) are not failures,
 * nor is waiting for a window (`outside_window`), nor being put back after the lock lost it (`drift`).
 */
export type FailureReason = Exclude<SyncReason, 'awaiting_sync' | 'sending' | 'outside_window' | 'drift'>;

/** present: the code should be on the lock; absent: it must not be. */
export type LockCodeIntent = 'present' | 'absent';

export interface LockCodeStatus {
  state: LockCodeState;
  reason: SyncReason | null;
  intent: LockCodeIntent;
}

export type LockCodeEvent =
  | { type: 'change_requested' } // a new version of the code is wanted on the lock
  | { type: 'removal_requested' } // the code must leave the lock (revoked, moved out)
  | { type: 'outside_window' } // wanted, but not now: the lock does not hold it and should not until its window opens
  | { type: 'drift_found' } // a read of the lock shows it lacks the current PIN (slot empty, or another code in it)
  | { type: 'command_sent' } // a command for the current intent went to the hub / into a phone bundle
  | { type: 'confirmed' } // the lock confirmed the current intent (result ok / receipt)
  | { type: 'already_satisfied' } // nothing to do: the lock already holds (or lacks) it
  | { type: 'failed'; reason: FailureReason; final: boolean } // final=false: will retry
  | { type: 'hub_offline' }
  | { type: 'awaiting_phone' };

/** States in which work is still going on toward the intent. */
export const WORKING_STATES: readonly LockCodeState[] = ['pending', 'removing'];
/** States in which the lock matches the intent; nothing more happens until the wish changes. */
export const TERMINAL_STATES: readonly LockCodeState[] = ['active', 'removed'];

/**
 * The (state, intent) pairs that `transition` can produce from them: `pending`/`active` go with
 * `present`, `removing`/`removed` with `absent`, `failed` with either. Other pairs are representable
 * but never arise; `transition` still handles them by the same rules (the intent wins).
 */
export const REACHABLE: readonly (readonly [LockCodeState, LockCodeIntent])[] = [
  ['pending', 'present'],
  ['active', 'present'],
  ['failed', 'present'],
  ['removing', 'absent'],
  ['removed', 'absent'],
  ['failed', 'absent'],
];

/** Active or removed: the lock is as wanted. */
export function isTerminal(status: LockCodeStatus): boolean {
  return status.state === 'active' || status.state === 'removed';
}

/** The status a brand-new (code, lock) pair starts in. */
export function initialStatus(intent: LockCodeIntent): LockCodeStatus {
  return working(intent, 'awaiting_sync');
}

export function transition(current: LockCodeStatus, event: LockCodeEvent): LockCodeStatus {
  switch (event.type) {
    case 'change_requested':
      return working('present', 'awaiting_sync');
    case 'removal_requested':
      // Removing what is already removed would only send a pointless clear.
      if (current.state === 'removed') return current;
      return working('absent', 'awaiting_sync');
    case 'outside_window':
      // A removal (under way, done or failed) is the stronger wish: the window changes nothing about it.
      if (current.intent === 'absent') return current;
      // Whatever the lock did before — held it (active), was being given it, failed to take it — it rightly
      // lacks it now; the next window starts the add afresh.
      return working('present', 'outside_window');
    case 'drift_found':
      // The lock is the truth: what Keyway believed on it is not there, so it goes again (the reconcile pass
      // decides whether it is wanted right now). A removal is untouched: the code being gone is what it wants.
      if (current.intent === 'absent') return current;
      return working('present', 'drift');
    default:
      break;
  }
  // Everything below reports progress on the current intent; once the lock matches it, such messages
  // are stale or duplicated and change nothing.
  if (isTerminal(current)) return current;
  switch (event.type) {
    case 'command_sent':
      return working(current.intent, 'sending');
    case 'confirmed':
    case 'already_satisfied':
      // A confirmation after a final failure still wins: the lock is the truth.
      return { state: current.intent === 'present' ? 'active' : 'removed', reason: null, intent: current.intent };
    case 'failed':
      if (event.final) return { state: 'failed', reason: event.reason, intent: current.intent };
      return working(current.intent, event.reason);
    case 'hub_offline':
      return working(current.intent, 'hub_offline');
    case 'awaiting_phone':
      return working(current.intent, 'awaiting_phone');
  }
}

/** Still working toward the intent: pending to add, removing to take away. */
function working(intent: LockCodeIntent, reason: SyncReason): LockCodeStatus {
  return { state: intent === 'present' ? 'pending' : 'removing', reason, intent };
}

/**
 * What a whole set of rows becomes on one event, for the store's bulk writes (a new code version on every
 * lock of a card, a revocation across every lock): the machine decides the status, the SQL only chooses the
 * rows. `rowsIn` are the states the event moves at all; the SQL must select only those, and every row so
 * selected lands in `status` (lockCodeState.test.ts proves both against `transition`).
 */
export interface BulkTransition {
  rowsIn: readonly LockCodeState[];
  status: LockCodeStatus;
}

export const ON_CHANGE_REQUESTED: BulkTransition = {
  rowsIn: LOCK_CODE_STATES,
  status: transition(initialStatus('present'), { type: 'change_requested' }),
};

export const ON_REMOVAL_REQUESTED: BulkTransition = {
  rowsIn: ['pending', 'active', 'failed', 'removing'],
  status: transition(initialStatus('present'), { type: 'removal_requested' }),
};

/**
 * A hub dropped while commands were out: rows waiting on a `sending` command now wait for the hub. Only the
 * reason moves (the intent and so the state stay), hence a reason, not a status.
 */
export const ON_HUB_OFFLINE_WHILE_SENDING = {
  rowsIn: WORKING_STATES,
  whereReason: 'sending' as SyncReason,
  reason: transition(working('present', 'sending'), { type: 'hub_offline' }).reason as SyncReason,
} as const;
