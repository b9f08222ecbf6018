/**
 * The periodic safety net: commands that got no answer time out and their rows back off for a retry;
 * rows whose retry is due (or that never got a pass, e.g. after a restart) get a reconcile; leases whose
 * boundary has come are settled (leaseSweep.ts).
 * Every process may run it: the updates are conditional and reconcile jobs are deduplicated per lock.
 */
import { retryDelayMs } from '../domain/sync/retryPolicy.ts';
import type { Clock } from '../platform/clock.ts';
import type { Random } from '../platform/random.ts';
import type { PinCipher } from '../security/pinCipher.ts';
import type { Db } from '../store/database.ts';
import { lockCodeRows, locksDueForRetry, timeOutCommands } from '../store/repositories/lockSync.ts';
import { leaseSweep } from './leaseSweep.ts';
import { moveRow } from './reconcileLock.ts';

export const COMMAND_TIMEOUT_MS = 15_000;
/** A cloud lock's code goes through the service and its own radio path: Seam says minutes are normal. */
export const CLOUD_COMMAND_TIMEOUT_MS = 5 * 60_000;

export async function sweep(deps: { db: Db; clock: Clock; random: Random; cipher?: PinCipher }): Promise<string[]> {
  const now = deps.clock.now();
  const locks = new Set<string>();
  await deps.db.transaction(async (tx) => {
    const timedOut = await timeOutCommands(tx, {
      hub: new Date(now.getTime() - COMMAND_TIMEOUT_MS),
      cloud: new Date(now.getTime() - CLOUD_COMMAND_TIMEOUT_MS),
    });
    const random01 = () => deps.random.int(1_000_000) / 1_000_000;
    for (const command of timedOut) {
      locks.add(command.lockId);
      if (!command.accessCodeId) continue;
      const row = (await lockCodeRows(tx, command.lockId)).find((r) => r.accessCodeId === command.accessCodeId);
      if (row?.reason !== 'sending') continue;
      const attempts = row.attempts + 1;
      await moveRow(tx, row, { type: 'failed', reason: 'timeout', final: false }, now, {
        attempts,
        nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts, random01)),
      });
    }
    for (const lockId of await locksDueForRetry(tx, now, 500)) locks.add(lockId);
  });
  // Leases whose move-in or move-out instant has come (their own transactions, one per residency).
  for (const lockId of await leaseSweep(deps)) locks.add(lockId);
  return [...locks];
}
