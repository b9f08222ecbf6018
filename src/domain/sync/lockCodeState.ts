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
 * `removal_requested`) moves a code out of a terminal state.
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
  | 'circuit_open';

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
];

/** Reasons a `failed` event may carry: progress markers (`awaiting_sync`, `sending`) are not failures. */
export type FailureReason = Exclude<SyncReason, 'awaiting_sync' | 'sending'>;

/** present: the code should be on the lock; absent: it must not be. */
export type LockCodeIntent = 'present' | 'absent';

export interface LockCodeStatus {
  state: LockCodeState;
  reason: SyncReason | null;
  intent: LockCodeIntent;
}

export type LockCodeEvent =
  | { type: 'change_requested' } // a new version of the code is wanted on the lock
  | { type: 'removal_requested' } // the code must leave the lock (revoked, moved out, window closed)
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
