/**
 * The polling fallback, per connected account (webhooks may be off, lost, or impossible on a loopback URL):
 * list the workspace's devices once, refresh every Seam lock of the community (codes, unmanaged codes, device
 * health, verification), and read keypad use from the events since the last poll (with an overlap; keypad
 * activity is deduplicated). A refused key marks the account failing; an outage only notes the error.
 */
import { cloudAccountById, releaseHeldRows, seamLocksOf } from '../store/repositories/cloud.ts';
import { markAccountFailing, markAccountHealthy, noteAccountError } from './accountHealth.ts';
import { type CloudDeps, seamOf } from './cloudDeps.ts';
import { refreshLock } from './refreshLock.ts';
import { applySeamEvent } from './seamEvents.ts';
import { classifySeamError, loggable } from './seamMapping.ts';

/** Events are read back this far before the last poll, so none falls between two polls. */
const EVENT_OVERLAP_MS = 5 * 60_000;

export async function pollAccount(deps: CloudDeps, accountId: string): Promise<void> {
  const account = await cloudAccountById(deps.db, accountId);
  if (!account) return;
  const startedAt = deps.clock.now();
  const seam = seamOf(deps, account);
  try {
    const locks = await seamLocksOf(deps.db, account.communityId);
    // With no lock on a door there is nothing to read, but the key is still checked (a revoked key shows).
    const devices = locks.length > 0 ? await seam.listDevices() : [];
    if (locks.length === 0) await seam.workspace();
    for (const lock of locks) {
      const device = devices.find((d) => d.deviceId === lock.deviceId);
      if (!device) {
        // The device left the workspace: the lock cannot be reached through this account any more.
        deps.logger.warn({ lockId: lock.id }, 'a Seam lock is no longer in its workspace');
        continue;
      }
      await refreshLock(deps, lock.id, { account, seam, device });
    }
    const since = new Date((account.lastPolledAt ?? account.connectedAt).getTime() - EVENT_OVERLAP_MS);
    const reconcile = new Set<string>();
    if (locks.length > 0) {
      for (const event of await seam.listEvents(since)) {
        const effect = await applySeamEvent(deps, account, event, 'poll');
        for (const id of effect.reconcile) reconcile.add(id);
      }
    }
    if (account.status === 'failing') {
      // The key works again: what waited for it may go now.
      await releaseHeldRows(
        deps.db,
        locks.map((l) => l.id),
      );
      for (const lock of locks) reconcile.add(lock.id);
    }
    await markAccountHealthy(deps.db, account.id, startedAt, true);
    if (reconcile.size > 0) await deps.reconcile.enqueueReconcile([...reconcile]);
  } catch (error) {
    const seen = classifySeamError(error);
    if (seen.kind === 'account') await markAccountFailing(deps.db, account.id, seen.code, deps.clock.now());
    else await noteAccountError(deps.db, account, seen.code);
    deps.logger.warn({ accountId, ...loggable(error) }, 'polling Seam failed');
  }
}
