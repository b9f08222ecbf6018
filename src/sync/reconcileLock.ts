/**
 * One reconcile pass over one lock: compare what should be on it with what it last reported, record
 * the outcome per (code, lock), and send the commands that close the gap. Idempotent: a second pass
 * with nothing new sends nothing (in-flight commands are part of the plan's input).
 *
 * Runs inside one transaction that holds the lock row, so two passes over one lock never interleave
 * even if two jobs somehow ran at once. Commands are published after the commit: a crash in between
 * leaves them `sent` without a result, and the timeout sweep retries them.
 */
import { breakerAllows } from '../domain/sync/circuitBreaker.ts';
import { type LockCodeEvent, type LockCodeStatus, transition } from '../domain/sync/lockCodeState.ts';
import { type PlannedCommand, planLock, type WantedCode } from '../domain/sync/lockPlan.ts';
import type { Clock } from '../platform/clock.ts';
import type { Random } from '../platform/random.ts';
import type { PinCipher } from '../security/pinCipher.ts';
import type { Db, Tx } from '../store/database.ts';
import { recordEvent } from '../store/repositories/events.ts';
import { addressOfLock } from '../store/repositories/hubs.ts';
import {
  inFlightCommands,
  insertLockCommands,
  type LockCodeRow,
  type LockCodeUpdate,
  type LockRow,
  lockCodeRows,
  lockForSync,
  updateLock,
  updateLockCode,
  updateLockCodeIfUnchanged,
} from '../store/repositories/lockSync.ts';
import { commandRecord } from './commandRecord.ts';
import type { HubCommand } from './hubProtocol.ts';
import type { HubTransport } from './hubTransport.ts';
import { openInventory } from './inventory.ts';
import * as retirement from './retirement.ts';
import { type Presence, presence } from './wanted.ts';

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

/** What a row remembers of its place on the lock, cleared once the lock no longer holds the code. */
const OFF_THE_LOCK = {
  slot: null,
  reportedVersion: null,
  reportedFp: null,
  reportedFp4: null,
  reportedLength: null,
} as const satisfies Omit<LockCodeUpdate, 'updatedAt'>;

export async function reconcileLock(deps: ReconcileDeps, lockId: string): Promise<ReconcileResult> {
  const outgoing: HubCommand[] = [];
  let cloud = false;
  const result = await deps.db.transaction(async (tx) => {
    const lock = await lockForSync(tx, lockId);
    if (!lock) return { sent: 0, hubId: null };
    cloud = lock.connectivity === 'seam';
    const now = deps.clock.now();
    const retiring = await retirement.beforePass(tx, lock.id, now);
    // The hub knows its locks by address (the demo's: their ids).
    const address = lock.hubId ? await addressOfLock(tx, lock.id) : lock.id;
    const { plan, byCode, presences } = await planFor(tx, deps.cipher, lock, now);
    for (const row of byCode.values()) {
      const next = presences.get(row.accessCodeId)?.nextBoundaryAt ?? null;
      if ((next?.getTime() ?? null) !== (row.nextBoundaryAt?.getTime() ?? null)) {
        await updateLockCode(tx, row.id, { nextBoundaryAt: next, updatedAt: now });
        row.nextBoundaryAt = next;
      }
    }
    for (const accessCodeId of plan.satisfied) {
      const row = byCode.get(accessCodeId);
      if (row && row.intent === 'present' && !presences.get(accessCodeId)?.present) {
        // A guest code between its windows: rightly not on this lock now; it comes back when its window opens.
        // Forget where it was on the lock, if the row still remembers.
        const remembered = row.slot !== null || row.reportedVersion !== null;
        await moveRow(tx, row, { type: 'outside_window' }, now, remembered ? OFF_THE_LOCK : {});
        if (remembered) {
          row.slot = null;
          row.reportedVersion = null;
        }
        continue;
      }
      if (row) await moveRow(tx, row, { type: 'already_satisfied' }, now, row.intent === 'absent' ? OFF_THE_LOCK : {});
    }
    for (const failure of plan.failures) {
      const row = byCode.get(failure.accessCodeId);
      if (row) await moveRow(tx, row, { type: 'failed', reason: failure.reason, final: true }, now);
    }
    await noteUnmanaged(
      tx,
      lock,
      plan.unmanagedSlots.map((s) => s.slot),
      now,
    );

    const sendable = await gate(tx, lock, plan.commands, byCode, now);
    if (sendable.length === 0) {
      if (retiring && plan.commands.length === 0) await retirement.finishIfDone(tx, lock, now);
      return { sent: 0, hubId: lock.hubId };
    }
    const records = sendable.map((command) => ({
      record: commandRecord(deps.cipher, deps.random.uuid(), lock, command, now),
      row: byCode.get(command.accessCodeId),
      command,
    }));
    await insertLockCommands(
      tx,
      records.map(({ record }) => record),
    );
    for (const { record, row, command } of records) {
      if (row) await moveRow(tx, row, { type: 'command_sent' }, now, { slot: command.slot, nextAttemptAt: null });
      const schedule = presences.get(command.accessCodeId)?.schedule;
      outgoing.push(
        command.type === 'set_code'
          ? {
              id: record.id,
              type: 'set_code',
              lockId: address,
              slot: command.slot,
              code: command.code,
              ...(schedule ? { schedule } : {}),
              sentAt: now.toISOString(),
            }
          : { id: record.id, type: 'clear_slot', lockId: address, slot: command.slot, sentAt: now.toISOString() },
      );
    }
    return { sent: records.length, hubId: lock.hubId };
  });
  if (result.hubId) for (const command of outgoing) await deps.hubs.publishCommand(result.hubId, command);
  // A cloud lock's job reads its commands back from the database (they hold PINs: never in the job's data).
  if (cloud && outgoing.length > 0) await deps.cloud?.dispatch(lockId);
  return result;
}

/**
 * Decides which planned commands may go now. Bluetooth locks wait for a phone; a hub lock whose hub is
 * offline, or whose breaker is open, or whose row is backing off after a failure, waits too — and says why.
 */
async function gate(
  tx: Tx,
  lock: LockRow,
  commands: readonly PlannedCommand[],
  byCode: Map<string, LockCodeRow>,
  now: Date,
): Promise<PlannedCommand[]> {
  if (commands.length === 0) return [];
  const hold = async (event: LockCodeEvent, nextAttemptAt: Date | null = null) => {
    for (const command of commands) {
      const row = byCode.get(command.accessCodeId);
      if (row) await moveRow(tx, row, event, now, { nextAttemptAt });
    }
    return [];
  };
  if (lock.connectivity === 'bluetooth') return hold({ type: 'awaiting_phone' });
  // A Seam lock whose account is failing or whose device is offline: wait, say why, look again in a minute
  // (the poll also asks for a pass as soon as the device is back).
  if (lock.connectivity === 'seam' && !lock.hubOnline)
    return hold({ type: 'failed', reason: 'lock_unreachable', final: false }, new Date(now.getTime() + 60_000));
  if (!lock.hubOnline) return hold({ type: 'hub_offline' });
  const breaker = { consecutiveFailures: lock.breakerFailures, openedAt: lock.breakerOpenedAt?.getTime() ?? null };
  if (!breakerAllows(breaker, now.getTime())) {
    return hold(
      { type: 'failed', reason: 'circuit_open', final: false },
      new Date((breaker.openedAt ?? now.getTime()) + 60_000),
    );
  }
  return commands.filter((command) => {
    const row = byCode.get(command.accessCodeId);
    // The lock answered for good (a refusal, a duplicate, a length it does not take): asking again gets the same
    // answer, so the row stays failed until its wish changes — a new PIN, a removal, drift found on the lock (a
    // failed row is always final; a retryable failure waits as pending). Re-sending looped: every result asks for
    // a pass, and every pass sent the command again.
    if (row?.state === 'failed') return false;
    return !row?.nextAttemptAt || row.nextAttemptAt.getTime() <= now.getTime();
  });
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

async function noteUnmanaged(tx: Tx, lock: LockRow, slots: number[], now: Date): Promise<void> {
  const sorted = [...slots].sort((a, b) => a - b);
  if (sorted.join(',') === lock.unmanagedSlots.join(',')) return;
  await updateLock(tx, lock.id, { unmanagedSlots: sorted });
  const added = sorted.filter((s) => !lock.unmanagedSlots.includes(s));
  if (added.length > 0) {
    await recordEvent(tx, {
      communityId: lock.communityId,
      type: 'lock.unmanaged_codes_found',
      actor: { type: 'system', id: null },
      subject: { type: 'lock', id: lock.id },
      data: { lockId: lock.id, name: lock.name, slots: added },
      at: now,
    });
  }
}

/** The plan for one lock from its stored facts: shared by reconcile passes and Bluetooth bundles. */
export async function planFor(
  tx: Tx,
  cipher: PinCipher,
  lock: LockRow,
  now: Date,
  options: { ignoreInFlight?: boolean } = {},
) {
  const rows = await lockCodeRows(tx, lock.id);
  const byCode = new Map(rows.map((r) => [r.accessCodeId, r]));
  const inventory = openInventory(cipher, lock.id, lock.inventoryEnc);
  const inFlight = options.ignoreInFlight ? [] : await inFlightCommands(tx, lock.id);
  const presences = new Map<string, Presence>(rows.map((row) => [row.accessCodeId, presence(row, lock, now)]));
  const wanted: WantedCode[] = rows.map((row) => ({
    accessCodeId: row.accessCodeId,
    version: row.version,
    pin: cipher.decrypt(row.pinEnc, row.accessCodeId),
    present: presences.get(row.accessCodeId)?.present ?? false,
    slot: row.slot,
    reportedVersion: row.reportedVersion,
  }));
  const plan = planLock(
    { slotCount: lock.slotCount, codeLengths: lock.codeLengths, reported: inventory },
    wanted,
    inFlight
      .filter((c) => c.type !== 'report_inventory' && c.slot !== null)
      .map((c) => ({
        accessCodeId: c.accessCodeId,
        slot: c.slot as number,
        type: c.type as 'set_code' | 'clear_slot',
        version: c.version,
      })),
  );
  return { plan, rows, byCode, presences };
}
