/**
 * Looks at one Seam lock as Seam sees it now and turns that into Keyway's state: the device's reachability
 * and battery, the status/errors/warnings of each code Keyway set (completing the command a code awaits once
 * Seam says it is on the lock, or failed), the codes someone else set (kept as unmanaged, never touched), and —
 * when nothing is in transition — a full inventory for verification (applyInventory, as a hub's would be).
 *
 * Seam calls happen before and after the database transactions, never inside one.
 */

import {
  type CloudAccountRow,
  cloudCodesOfLock,
  commandById,
  deleteCloudCode,
  findCloudAccount,
  insertCloudCode,
  releaseHeldRows,
  seamLockById,
  updateCloudCode,
} from '../store/repositories/cloud.ts';
import { lockForSync, updateLock } from '../store/repositories/lockSync.ts';
import { applyCommandResult, applyInventory } from '../sync/applyLockReports.ts';
import type { Inventory } from '../sync/hubProtocol.ts';
import { type CloudDeps, seamOf } from './cloudDeps.ts';
import { discardCode, isFinalFailure } from './discardCode.ts';
import type { SeamApi, SeamCode, SeamDevice } from './seamApi.ts';
import { holdsCode, outcomeOf } from './seamMapping.ts';

export interface Known {
  account: CloudAccountRow;
  seam: SeamApi;
  device?: SeamDevice | undefined;
}

interface Completion {
  commandId: string;
  error: string | null;
  /** The code whose set failed for good: deleted at Seam once the failure is recorded. */
  discard?: { id: string; externalId: string; lockId: string } | undefined;
}

const sameProblems = (a: { errors: string[]; warnings: string[] } | null, b: SeamCode) =>
  JSON.stringify(a ?? { errors: [], warnings: [] }) === JSON.stringify({ errors: b.errors, warnings: b.warnings });

/** Refreshes one lock; Seam errors propagate to the caller (a job that decides about retries). */
export async function refreshLock(deps: CloudDeps, lockId: string, known?: Known): Promise<void> {
  const lock = await seamLockById(deps.db, lockId);
  if (!lock) return;
  const account = known?.account ?? (await findCloudAccount(deps.db, lock.communityId));
  if (!account) return;
  const seam = known?.seam ?? seamOf(deps, account);
  const device = known?.device ?? (await seam.getDevice(lock.deviceId));
  const [codes, unmanaged] = await Promise.all([seam.listCodes(lock.deviceId), seam.listUnmanagedCodes(lock.deviceId)]);
  const fingerprint = (pin: string) => deps.cipher.fingerprints(pin).fp;

  const seen = await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const syncLock = await lockForSync(tx, lockId);
    if (!syncLock) return undefined;
    const cameOnline = device.online && !syncLock.reachable;
    if (cameOnline) await releaseHeldRows(tx, [lockId]);
    await updateLock(tx, lockId, {
      reachable: device.online,
      ...(device.battery !== null ? { battery: device.battery } : {}),
    });
    const done: Completion[] = [];
    const byId = new Map(codes.map((c) => [c.accessCodeId, c]));
    let inTransition = false;
    const slots: Inventory['slots'] = [];
    for (const row of await cloudCodesOfLock(tx, lockId)) {
      if (!row.managed) continue;
      const code = byId.get(row.externalId);
      if (row.pendingCommandId) {
        const command = await commandById(tx, row.pendingCommandId);
        const awaited = command && (command.status === 'sent' || command.status === 'timed_out');
        // Answered meanwhile (a webhook, another process): nothing is awaited any more.
        const outcome = awaited
          ? outcomeOf({ type: command.type as 'set_code', codeFp: command.codeFp }, code, fingerprint, now)
          : ({ kind: 'ok' } as const);
        if (outcome.kind === 'waiting') {
          inTransition = true;
        } else {
          const error = outcome.kind === 'failed' ? outcome.failure : null;
          const discard = code && command?.type === 'set_code' && isFinalFailure(error) ? row : undefined;
          if (awaited) done.push({ commandId: command.id, error, discard });
          await updateCloudCode(tx, row.id, { pendingCommandId: null, updatedAt: now });
        }
        if (!code && outcome.kind !== 'waiting') {
          await deleteCloudCode(tx, row.id);
          continue;
        }
      } else if (!code) {
        // Gone from Seam without Keyway asking (deleted in Seam's console, or Seam ended its window): the
        // inventory shows the slot empty and the reconcile puts it back if it is still wanted.
        await deleteCloudCode(tx, row.id);
        continue;
      }
      if (!code) continue;
      if (row.status !== code.status || row.name !== code.name || !sameProblems(row.problems, code)) {
        await updateCloudCode(tx, row.id, {
          status: code.status,
          name: code.name,
          problems: { errors: code.errors, warnings: code.warnings },
          updatedAt: now,
        });
      }
      if (row.slot === null) continue;
      if (holdsCode(code, now)) slots.push({ slot: row.slot, code: code.code });
      else inTransition = true;
    }
    await syncUnmanaged(deps, tx, lockId, unmanaged, now);
    return { done, inTransition, slots, syncLock, cameOnline };
  });
  if (!seen) return;

  const reconcile = new Set<string>(seen.cameOnline ? [lockId] : []);
  for (const completion of seen.done) {
    const outcome = await applyCommandResult(deps, {
      commandId: completion.commandId,
      ok: completion.error === null,
      error: completion.error,
      hubId: null,
    });
    for (const id of outcome.reconcile) reconcile.add(id);
    if (completion.discard) await discardCode(deps, seam, completion.discard);
  }
  // Verified truth only from a settled, online lock: a code on its way is neither proof of presence nor of
  // absence, and an offline device's list is only Seam's memory of it.
  if (device.online && !seen.inTransition && seen.done.length === 0) {
    const outcome = await applyInventory(deps, null, {
      lockId,
      slotCount: seen.syncLock.slotCount,
      codeLengths: seen.syncLock.codeLengths,
      slots: seen.slots,
      readableCodes: seen.slots.every((s) => s.code !== null),
      nativeSchedules: true,
      battery: device.battery,
      at: deps.clock.now().toISOString(),
    });
    for (const id of outcome.reconcile) reconcile.add(id);
  }
  if (reconcile.size > 0) await deps.reconcile.enqueueReconcile([...reconcile]);
}

/** Codes on the device that Seam did not set: rows without a slot, refreshed, and forgotten once gone. */
async function syncUnmanaged(
  deps: CloudDeps,
  tx: Parameters<Parameters<CloudDeps['db']['transaction']>[0]>[0],
  lockId: string,
  unmanaged: readonly SeamCode[],
  now: Date,
): Promise<void> {
  const rows = (await cloudCodesOfLock(tx, lockId)).filter((r) => !r.managed);
  const byExternal = new Map(rows.map((r) => [r.externalId, r]));
  for (const code of unmanaged) {
    const row = byExternal.get(code.accessCodeId);
    const problems = { errors: code.errors, warnings: code.warnings };
    if (!row) {
      await insertCloudCode(tx, {
        id: deps.random.uuid(),
        lockId,
        slot: null,
        managed: false,
        externalId: code.accessCodeId,
        status: code.status,
        name: code.name,
        pendingCommandId: null,
        problems,
        updatedAt: now,
      });
    } else if (row.status !== code.status || row.name !== code.name || !sameProblems(row.problems, code)) {
      await updateCloudCode(tx, row.id, { status: code.status, name: code.name, problems, updatedAt: now });
    }
  }
  const present = new Set(unmanaged.map((c) => c.accessCodeId));
  for (const row of rows) if (!present.has(row.externalId)) await deleteCloudCode(tx, row.id);
}
