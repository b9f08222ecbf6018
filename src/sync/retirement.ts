/**
 * A lock a manager removed ("retiring"): its codes leave it first, then the lock goes with its rows and
 * command log, so nothing is orphaned. The reconcile pass drives it; a forced removal (the lock is gone or
 * unreachable and the manager says so) skips the wait.
 */
import type { Tx } from '../store/database.ts';
import {
  deleteLockCompletely,
  lockIsRetiring,
  releaseCodesOfRetiringLock,
  retirementProgress,
} from '../store/repositories/devices.ts';
import { recordEvent } from '../store/repositories/events.ts';
import { inFlightCommands } from '../store/repositories/lockSync.ts';

/** Before a pass: a retiring lock wants nothing on it (rows added meanwhile are sent away too). */
export async function beforePass(tx: Tx, lockId: string, now: Date): Promise<boolean> {
  if (!(await lockIsRetiring(tx, lockId))) return false;
  await releaseCodesOfRetiringLock(tx, lockId, now);
  return true;
}

/** After a pass that sent nothing: once every code is confirmed gone and nothing is in flight, the lock goes. */
export async function finishIfDone(
  tx: Tx,
  lock: { id: string; communityId: string; name: string; accessPointId: string },
  now: Date,
): Promise<boolean> {
  const progress = await retirementProgress(tx, lock.id);
  if (progress.removed < progress.total) return false;
  if ((await inFlightCommands(tx, lock.id)).length > 0) return false;
  await removeLockNow(tx, lock, now, false);
  return true;
}

export async function removeLockNow(
  tx: Tx,
  lock: { id: string; communityId: string; name: string; accessPointId: string },
  now: Date,
  forced: boolean,
): Promise<void> {
  await deleteLockCompletely(tx, lock.id);
  await recordEvent(tx, {
    communityId: lock.communityId,
    type: 'lock.removed',
    actor: { type: 'system', id: null },
    subject: { type: 'lock', id: lock.id },
    data: { lockId: lock.id, accessPointId: lock.accessPointId, doorName: lock.name, forced },
    at: now,
  });
}
