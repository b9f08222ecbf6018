/**
 * One reconcile pass over one lock: the set-based pass (reconcileLocks.ts) over a batch of one, so a single lock
 * and a fleet are planned and written by the same code. Also the row transition every report handler uses
 * (moveRow), and the plan of one lock from its stored rows for Bluetooth bundles (planFor).
 */
import { type LockCodeEvent, type LockCodeStatus, transition } from '../domain/sync/lockCodeState.ts';
import { planLock } from '../domain/sync/lockPlan.ts';
import type { Clock } from '../platform/clock.ts';
import type { Random } from '../platform/random.ts';
import type { PinCipher } from '../security/pinCipher.ts';
import type { Db, Tx } from '../store/database.ts';
import {
  inFlightCommands,
  type LockCodeRow,
  type LockCodeUpdate,
  type LockRow,
  lockCodeRows,
  updateLockCodeIfUnchanged,
} from '../store/repositories/lockSync.ts';
import type { HubTransport } from './hubTransport.ts';
import { planInput } from './planInput.ts';
import { ReconcileFailed, type ReconcileLocksDeps, reconcileLocks } from './reconcileLocks.ts';

export interface ReconcileDeps {
  db: Db;
  clock: Clock;
  random: Random;
  cipher: PinCipher;
  hubs: HubTransport;
  /** Cloud locks (Seam): takes a lock's new commands after the commit; absent, cloud locks' commands wait. */
  cloud?: { dispatch(lockId: string): Promise<void> } | undefined;
}

export interface ReconcileResult {
  sent: number;
  hubId: string | null;
}

export async function reconcileLock(deps: ReconcileLocksDeps, lockId: string): Promise<ReconcileResult> {
  try {
    const [result] = await reconcileLocks(deps, [lockId]);
    return result ?? { sent: 0, hubId: null };
  } catch (error) {
    // One lock: its own error, as the caller would have met it.
    throw error instanceof ReconcileFailed ? (error.failures.get(lockId) ?? error) : error;
  }
}

/** Applies a state-machine event to a row, writing only when something changed. */
export async function moveRow(
  tx: Tx,
  row: LockCodeRow,
  event: LockCodeEvent,
  now: Date,
  extra: Omit<LockCodeUpdate, 'updatedAt'> = {},
): Promise<LockCodeStatus> {
  const before: LockCodeStatus = { state: row.state, reason: row.reason, intent: row.intent };
  const after = transition(before, event);
  const changed = after.state !== before.state || after.reason !== before.reason || Object.keys(extra).length > 0;
  if (changed) {
    const expected = { state: row.state, intent: row.intent };
    const update = { state: after.state, reason: after.reason, ...extra, updatedAt: now };
    if (!(await updateLockCodeIfUnchanged(tx, row.id, expected, update))) return before;
    row.state = after.state;
    row.reason = after.reason;
  }
  return after;
}

/** The plan for one lock from its stored facts, as a reconcile pass would make it: for Bluetooth bundles. */
export async function planFor(
  tx: Tx,
  cipher: PinCipher,
  lock: LockRow,
  now: Date,
  options: { ignoreInFlight?: boolean } = {},
) {
  const rows = await lockCodeRows(tx, lock.id);
  const byCode = new Map(rows.map((r) => [r.accessCodeId, r]));
  const inFlight = options.ignoreInFlight ? [] : await inFlightCommands(tx, lock.id);
  const input = planInput(cipher, lock, rows, inFlight, now);
  const plan = planLock(input.facts, input.wanted, input.inFlight);
  return { plan, rows, byCode, presences: input.presences };
}
