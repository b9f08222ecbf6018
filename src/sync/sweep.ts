/**
 * The periodic safety net: commands that got no answer time out and their rows back off for a retry;
 * rows whose retry is due (or that never got a pass, e.g. after a restart) get a reconcile; leases whose
 * boundary has come are settled (leaseSweep.ts).
 * Every process may run it: the updates are conditional and reconcile jobs are deduplicated per lock.
 */
import { transition } from '../domain/sync/lockCodeState.ts';
import { retryDelayMs } from '../domain/sync/retryPolicy.ts';
import type { Clock } from '../platform/clock.ts';
import type { Random } from '../platform/random.ts';
import type { PinCipher } from '../security/pinCipher.ts';
import type { Db } from '../store/database.ts';
import {
  applyTimeoutMoves,
  sendingRowsOf,
  type TimeoutMove,
  timeOutDueCommands,
} from '../store/repositories/commandTimeouts.ts';
import { locksDueForRetry } from '../store/repositories/lockSync.ts';
import { leaseSweep } from './leaseSweep.ts';

export const COMMAND_TIMEOUT_MS = 15_000;
/** A cloud lock's code goes through the service and its own radio path: Seam says minutes are normal. */
export const CLOUD_COMMAND_TIMEOUT_MS = 5 * 60_000;
/**
 * Due rows one sweep reads per kind (retries, boundaries). Many codes cross a boundary at the same instant (every
 * 09:00 window of a property): 10,000 locks with a code each must reach the queue in one sweep, not 500 a second.
 * A sweep that hits the cap takes the earliest boundaries; the rest follow a sweep later, once those passes have
 * moved their rows on. Reading 20,000 index entries costs a few tens of ms; the passes they start cost far more.
 */
export const SWEEP_DUE_ROWS = 20_000;
/** Unanswered commands one sweep times out: the rest wait a sweep (a second), the transaction stays short. */
export const SWEEP_TIMEOUTS = 5_000;

export async function sweep(deps: { db: Db; clock: Clock; random: Random; cipher?: PinCipher }): Promise<string[]> {
  const now = deps.clock.now();
  const locks = new Set<string>();
  await deps.db.transaction(async (tx) => {
    const timedOut = await timeOutDueCommands(
      tx,
      { hub: new Date(now.getTime() - COMMAND_TIMEOUT_MS), cloud: new Date(now.getTime() - CLOUD_COMMAND_TIMEOUT_MS) },
      SWEEP_TIMEOUTS,
    );
    for (const command of timedOut) locks.add(command.lockId);
    const random01 = () => deps.random.int(1_000_000) / 1_000_000;
    const moves: TimeoutMove[] = [];
    for (const row of await sendingRowsOf(tx, timedOut)) {
      const before = { state: row.state, reason: row.reason, intent: row.intent };
      const after = transition(before, { type: 'failed', reason: 'timeout', final: false });
      const attempts = row.attempts + 1;
      moves.push({
        id: row.id,
        expected: { state: row.state, intent: row.intent },
        state: after.state,
        reason: after.reason,
        attempts,
        nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts, random01)),
      });
    }
    await applyTimeoutMoves(tx, moves, now);
    for (const lockId of await locksDueForRetry(tx, now, SWEEP_DUE_ROWS)) locks.add(lockId);
  });
  // Leases whose move-in or move-out instant has come (their own transactions, one per residency).
  for (const lockId of await leaseSweep(deps)) locks.add(lockId);
  return [...locks];
}
