/**
 * Carries a Seam lock's commands to Seam (one job per lock, outside any database transaction): a set creates
 * the slot's access code, or updates the code the slot already has; a clear deletes it. Seam accepting a request
 * is not the result: the command is recorded as pending on the slot's code, and completes when Seam says the code
 * is on the lock (or gone) — right after, in the refresh this job ends with, or later from a webhook or a poll.
 *
 * Which commands to carry is read from the database (commands `sent` that no code awaits yet), so a job can run
 * twice, be retried after an outage, or find commands of several reconcile passes, and still do each once.
 * Seam refusals are answers (the command fails with the mapped reason); outages throw so the queue retries with
 * backoff, and on the last attempt the command fails as `lock_unreachable` (the row then retries on its own).
 */

import {
  type CloudCodeRow,
  cloudCodesOfLock,
  codeLabel,
  deleteCloudCode,
  findCloudAccount,
  insertCloudCode,
  type LockCommandRow,
  seamLockById,
  sentCommandsOfLock,
  supersedeCommand,
  updateCloudCode,
} from '../store/repositories/cloud.ts';
import { lockCodeRows, lockForSync } from '../store/repositories/lockSync.ts';
import { applyCommandResult } from '../sync/applyLockReports.ts';
import { presence } from '../sync/wanted.ts';
import { markAccountFailing } from './accountHealth.ts';
import { type CloudDeps, seamOf } from './cloudDeps.ts';
import { refreshLock } from './refreshLock.ts';
import type { SeamApi, SeamCode } from './seamApi.ts';
import { classifySeamError, codeName, loggable, seamWindow } from './seamMapping.ts';

type Item =
  | {
      kind: 'set';
      command: LockCommandRow;
      existing: CloudCodeRow | undefined;
      pin: string;
      name: string;
      window: Window;
    }
  | { kind: 'clear'; command: LockCommandRow; existing: CloudCodeRow | undefined };

type Window = { startsAt: string; endsAt: string } | undefined;

type Result =
  | { kind: 'accepted'; code: Pick<SeamCode, 'accessCodeId' | 'status' | 'name' | 'errors' | 'warnings'> }
  | { kind: 'done' }
  | { kind: 'failed'; failure: string };

export async function executeCommands(deps: CloudDeps, lockId: string, lastAttempt: boolean): Promise<void> {
  const work = await deps.db.transaction(async (tx) => {
    const lock = await seamLockById(tx, lockId);
    const account = lock ? await findCloudAccount(tx, lock.communityId) : undefined;
    const syncLock = lock && account ? await lockForSync(tx, lockId) : undefined;
    if (!lock || !account || !syncLock) return undefined;
    const now = deps.clock.now();
    const codes = await cloudCodesOfLock(tx, lockId);
    const awaited = new Set(codes.map((c) => c.pendingCommandId).filter((id) => id !== null));
    const rows = await lockCodeRows(tx, lockId);
    const items: Item[] = [];
    for (const command of await sentCommandsOfLock(tx, lockId)) {
      if (awaited.has(command.id) || command.slot === null) continue;
      const existing = codes.find((c) => c.managed && c.slot === command.slot);
      if (command.type === 'clear_slot') {
        items.push({ kind: 'clear', command, existing });
        continue;
      }
      const row = rows.find((r) => r.accessCodeId === command.accessCodeId);
      // A PIN changed since the command was planned: it times out and the row's retry carries the new one.
      if (!row || row.version !== command.version) continue;
      items.push({
        kind: 'set',
        command,
        existing,
        pin: deps.cipher.decrypt(row.pinEnc, row.accessCodeId),
        name: codeName(await codeLabel(tx, row.accessCodeId)),
        window: seamWindow(presence(row, syncLock, now).schedule, now),
      });
    }
    return { lock, account, items };
  });
  if (!work || work.items.length === 0) return;

  const seam = seamOf(deps, work.account);
  let retryLater: unknown;
  for (const item of work.items) {
    let result: Result;
    try {
      result = await carry(deps, seam, work.lock.deviceId, item);
    } catch (error) {
      const seen = classifySeamError(error);
      if (seen.kind === 'transient' && !lastAttempt) {
        retryLater = error;
        break;
      }
      if (seen.kind === 'account') await markAccountFailing(deps.db, work.account.id, seen.code, deps.clock.now());
      result = { kind: 'failed', failure: seen.kind === 'refused' ? seen.failure : 'lock_unreachable' };
      deps.logger.warn({ lockId, commandId: item.command.id, seam: seen.code }, 'Seam did not take a command');
      if (seen.kind === 'account') {
        await record(deps, lockId, item, result);
        break;
      }
    }
    await record(deps, lockId, item, result);
  }
  // Seam may already have it on the lock (or report why not): look now instead of waiting for the next poll.
  await refreshLock(deps, lockId, { account: work.account, seam }).catch((error: unknown) =>
    deps.logger.warn({ lockId, ...loggable(error) }, 'could not refresh a Seam lock'),
  );
  if (retryLater) throw retryLater;
}

/** One command at Seam. Throws Seam's error for the caller to classify. */
async function carry(deps: CloudDeps, seam: SeamApi, deviceId: string, item: Item): Promise<Result> {
  if (item.kind === 'clear') {
    if (!item.existing) return { kind: 'done' }; // nothing of Keyway's at Seam for this slot
    try {
      await seam.deleteCode(item.existing.externalId);
    } catch (error) {
      if (classifySeamError(error).kind === 'gone') return { kind: 'done' };
      throw error;
    }
    return {
      kind: 'accepted',
      code: {
        accessCodeId: item.existing.externalId,
        status: 'removing',
        name: item.existing.name,
        errors: [],
        warnings: [],
      },
    };
  }
  const fp = deps.cipher.fingerprints(item.pin).fp;
  const change = { name: item.name, code: item.pin, startsAt: item.window?.startsAt, endsAt: item.window?.endsAt };
  if (item.existing) {
    const current = await seam.getCode(item.existing.externalId);
    if (current) {
      const samePin = current.code !== null && deps.cipher.fingerprints(current.code).fp === fp;
      const sameWindow = (current.endsAt ?? null) === (item.window?.endsAt ?? null);
      // A retry of a set Seam is still carrying out: asking again could restart it on a slow lock.
      if (samePin && sameWindow && current.errors.length === 0) return { kind: 'accepted', code: current };
      await seam.updateCode(current.accessCodeId, change);
      return { kind: 'accepted', code: { ...current, status: 'setting', name: item.name, errors: [], warnings: [] } };
    }
  }
  try {
    return { kind: 'accepted', code: await seam.createCode({ deviceId, ...change }) };
  } catch (error) {
    // Keyway created it before but never recorded it (a crash in between): take it back rather than fail.
    const seen = classifySeamError(error);
    if (seen.kind === 'refused' && seen.failure === 'duplicate_on_lock') {
      const orphan = (await seam.listCodes(deviceId)).find((c) => c.code === item.pin && c.name === item.name);
      if (orphan) return { kind: 'accepted', code: orphan };
    }
    throw error;
  }
}

async function record(deps: CloudDeps, lockId: string, item: Item, result: Result): Promise<void> {
  const now = deps.clock.now();
  const { command, existing } = item;
  if (result.kind === 'accepted') {
    const code = result.code;
    await deps.db.transaction(async (tx) => {
      const problems = { errors: code.errors, warnings: code.warnings };
      if (existing && existing.externalId === code.accessCodeId) {
        if (existing.pendingCommandId && existing.pendingCommandId !== command.id)
          await supersedeCommand(tx, existing.pendingCommandId);
        await updateCloudCode(tx, existing.id, {
          status: code.status,
          name: code.name,
          pendingCommandId: command.id,
          problems,
          updatedAt: now,
        });
        return;
      }
      if (existing) await deleteCloudCode(tx, existing.id); // its code vanished at Seam; the new one takes the slot
      await insertCloudCode(tx, {
        id: deps.random.uuid(),
        lockId,
        slot: command.slot,
        managed: true,
        externalId: code.accessCodeId,
        status: code.status,
        name: code.name,
        pendingCommandId: command.id,
        problems,
        updatedAt: now,
      });
    });
    return;
  }
  if (result.kind === 'done' && existing) await deleteCloudCode(deps.db, existing.id);
  const outcome = await applyCommandResult(deps, {
    commandId: command.id,
    ok: result.kind === 'done',
    error: result.kind === 'failed' ? result.failure : null,
    hubId: null,
  });
  if (outcome.reconcile.length > 0) await deps.reconcile.enqueueReconcile(outcome.reconcile);
}
