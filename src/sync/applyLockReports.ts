/**
 * What hubs and phones report back, turned into state: command results, full inventories, hub status,
 * keypad use and battery. Every server process hears every report (MQTT 3.1.1 has no shared
 * subscriptions), so each handler is idempotent: conditional updates and deduplicated events.
 */

import type { Logger } from 'pino';
import { onBreakerFailure } from '../domain/sync/circuitBreaker.ts';
import { classifyDrift } from '../domain/sync/drift.ts';
import { isRetryable, retryDelayMs } from '../domain/sync/retryPolicy.ts';
import type { Clock } from '../platform/clock.ts';
import type { CommandDriver, Metrics } from '../platform/metrics.ts';
import type { Random } from '../platform/random.ts';
import type { PinCipher } from '../security/pinCipher.ts';
import type { Db, Tx } from '../store/database.ts';
import { recordEvent } from '../store/repositories/events.ts';
import { locksOfCode, markFirstUse } from '../store/repositories/guestCodes.ts';
import { hubCommunity, lockAtAddress, upsertDiscovery } from '../store/repositories/hubs.ts';
import {
  clearPreviousIfRolledOut,
  completeCommand,
  credentialInSlot,
  hasLaterCommandForSlot,
  inFlightCommands,
  type LockCommandRow,
  lockCodeRows,
  lockCredentials,
  lockCredentialsOfLock,
  lockForSync,
  locksOfHub,
  setHubOnline,
  timeOutCommandsOfLocks,
  updateLock,
} from '../store/repositories/lockSync.ts';
import { closeDriftIfRepaired, type DriftLock, recordDriftFound } from './driftRepair.ts';
import type { Inventory, LockEvent } from './hubProtocol.ts';
import { applyToInventory, openInventory, storedInventory } from './inventory.ts';
import { checkKeypadBruteForce, type OutgoingCommand } from './keypadAlert.ts';
import { moveRow } from './reconcileLock.ts';

export interface ReportDeps {
  db: Db;
  clock: Clock;
  random: Random;
  cipher: PinCipher;
  /** Told how long each settled command took (absent: not measured). */
  metrics?: Pick<Metrics, 'commandCompleted'>;
}

export interface ReportOutcome {
  /** Locks that need a reconcile pass because of this report. */
  reconcile: string[];
  /** Locks whose real contents are in doubt (a result arrived out of order): ask for an inventory. */
  askInventory: string[];
  /** Commands stored by this report (a keypad lockout) for the caller to publish once committed. */
  publish?: OutgoingCommand[];
}

const none: ReportOutcome = { reconcile: [], askInventory: [] };

/** Thrown inside the result transaction to undo it: the result did not come from the lock's own hub. */
class ForeignResult extends Error {}

/**
 * A command's outcome. `hubId` is who reported it: the hub named by the MQTT topic it arrived on, or null for a
 * report that did not come through a hub (a Bluetooth receipt, a cloud connector — each verified on its own
 * path; omitted counts as null). Only the hub that drives the command's lock can settle it (a lock without a hub:
 * only a null source); anything else is ignored and logged, so a hub can never make another hub's door active.
 */
export async function applyCommandResult(
  deps: ReportDeps & { logger?: Pick<Logger, 'warn'> },
  result: { commandId: string; ok: boolean; error: string | null; hubId?: string | null },
): Promise<ReportOutcome> {
  try {
    return await settleCommand(deps, result);
  } catch (error) {
    if (!(error instanceof ForeignResult)) throw error;
    deps.logger?.warn(
      { commandId: result.commandId, fromHubId: result.hubId ?? null },
      'ignored a result that did not come from the lock’s own hub',
    );
    return none;
  }
}

async function settleCommand(
  deps: ReportDeps,
  result: { commandId: string; ok: boolean; error: string | null; hubId?: string | null },
): Promise<ReportOutcome> {
  const from = result.hubId ?? null;
  if (from !== null && !HUB_ID.test(from)) throw new ForeignResult();
  let settled: { driver: CommandDriver; ms: number } | undefined;
  const outcome = await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const command = await completeCommand(tx, result.commandId, { ok: result.ok, error: result.error, at: now });
    if (!command) return none; // a duplicate, or not ours
    const lock = await lockForSync(tx, command.lockId);
    if (!lock || lock.hubId !== from) throw new ForeignResult(); // rolls back
    settled = { driver: lock.connectivity, ms: now.getTime() - command.sentAt.getTime() };
    if (command.type === 'report_inventory' || command.slot === null || command.accessCodeId === null) {
      return { reconcile: [command.lockId], askInventory: [] };
    }
    if (await hasLaterCommandForSlot(tx, command.lockId, command.slot, command.sentAt, command.id)) {
      // A newer command went to this slot after this one: which landed last is unknown, so look.
      return { reconcile: [command.lockId], askInventory: [command.lockId] };
    }
    await applyToRow(tx, deps, command, result.ok ? null : (result.error ?? 'rejected_by_lock'), now);
    return { reconcile: [command.lockId], askInventory: [] };
  });
  // Counted once committed: a duplicate or a foreign result settles nothing.
  if (settled) deps.metrics?.commandCompleted(settled.driver, result.ok, settled.ms);
  return outcome;
}

async function applyToRow(
  tx: Tx,
  deps: ReportDeps,
  command: LockCommandRow,
  error: string | null,
  now: Date,
): Promise<void> {
  const lock = await lockForSync(tx, command.lockId);
  if (!lock) return;
  if (command.accessCodeId) await lockCredentials(tx, [command.accessCodeId]);
  const rows = await lockCodeRows(tx, command.lockId);
  const row = rows.find((r) => r.accessCodeId === command.accessCodeId);
  const slot = command.slot as number;
  if (error === null) {
    const inventory = openInventory(deps.cipher, lock.id, lock.inventoryEnc) ?? [];
    const isCurrent = row !== undefined && command.version === row.version;
    const code =
      command.type === 'set_code' && isCurrent && row ? deps.cipher.decrypt(row.pinEnc, row.accessCodeId) : null;
    const next =
      command.type === 'set_code'
        ? applyToInventory(inventory, { type: 'set_code', slot, code })
        : applyToInventory(inventory, { type: 'clear_slot', slot });
    // The slots this result did not touch keep their prints; the one it set takes the credential's own.
    const known = new Map(lock.inventoryPrints ?? []);
    known.delete(slot);
    if (code !== null && row) known.set(slot, row.fp);
    await updateLock(tx, lock.id, {
      ...storedInventory(
        deps.cipher,
        lock.id,
        next,
        lock.inventoryPrints !== null || lock.inventoryEnc === null ? known : undefined,
      ),
      breakerFailures: 0,
      breakerOpenedAt: null,
    });
    if (!row) return;
    if (command.type === 'set_code') {
      const reported = {
        slot,
        reportedVersion: command.version,
        reportedFp: command.codeFp,
        reportedFp4: command.codeFp4,
        reportedLength: command.codeLength,
        attempts: 0,
        nextAttemptAt: null,
      };
      const after = await moveRow(
        tx,
        row,
        isCurrent && row.intent === 'present' ? { type: 'confirmed' } : { type: 'command_sent' },
        now,
        reported,
      );
      if (after.state === 'active') {
        await clearPreviousIfRolledOut(tx, row.accessCodeId);
        await closeDriftIfRepaired(tx, lock, now);
      }
    } else {
      const cleared = {
        slot: null,
        reportedVersion: null,
        reportedFp: null,
        reportedFp4: null,
        reportedLength: null,
        attempts: 0,
        nextAttemptAt: null,
      };
      await moveRow(tx, row, row.intent === 'absent' ? { type: 'confirmed' } : { type: 'command_sent' }, now, cleared);
    }
    await recordRowEvent(tx, lock.communityId, row.accessCodeId, row.holderId, lock.id, row.state, row.reason, now);
    return;
  }
  if (error === 'lock_unreachable') {
    const breaker = onBreakerFailure(
      { consecutiveFailures: lock.breakerFailures, openedAt: lock.breakerOpenedAt?.getTime() ?? null },
      now.getTime(),
    );
    await updateLock(tx, lock.id, {
      breakerFailures: breaker.consecutiveFailures,
      breakerOpenedAt: breaker.openedAt === null ? null : new Date(breaker.openedAt),
      reachable: false,
    });
  }
  if (!row) return;
  const attempts = row.attempts + 1;
  const retry = isRetryable(error);
  const random01 = () => deps.random.int(1_000_000) / 1_000_000;
  await moveRow(tx, row, { type: 'failed', reason: error as 'rejected_by_lock', final: !retry }, now, {
    attempts,
    nextAttemptAt: retry ? new Date(now.getTime() + retryDelayMs(attempts, random01)) : null,
  });
  await recordRowEvent(tx, lock.communityId, row.accessCodeId, row.holderId, lock.id, row.state, row.reason, now);
}

export async function recordRowEvent(
  tx: Tx,
  communityId: string,
  accessCodeId: string,
  holderId: string | null,
  lockId: string,
  state: string,
  reason: string | null,
  at: Date,
): Promise<void> {
  await recordEvent(tx, {
    communityId,
    type: 'lock_code.updated',
    actor: { type: 'system', id: null },
    subject: { type: 'access_code', id: accessCodeId },
    data: { accessCodeId, holderId, lockId, state, reason },
    at,
  });
}

/** A full inventory: the lock's real contents replace what Keyway believed. */
export async function applyInventory(
  deps: ReportDeps,
  hubId: string | null,
  inventory: Inventory,
): Promise<ReportOutcome> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const lockId = await resolveLock(tx, hubId, inventory.lockId);
    if (lockId === undefined) {
      if (hubId !== null) {
        await noteDiscovered(tx, deps, hubId, inventory.lockId, now, {
          codeLengths: inventory.codeLengths,
          slotCount: inventory.slotCount,
          readableCodes: inventory.readableCodes ?? !inventory.slots.some((s) => s.code === null),
          ...(inventory.nativeSchedules !== undefined ? { nativeSchedules: inventory.nativeSchedules } : {}),
          ...(inventory.keypadLockout !== undefined ? { keypadLockout: inventory.keypadLockout } : {}),
        });
      }
      return none;
    }
    const lock = await lockForSync(tx, lockId);
    if (!lock || (hubId !== null && lock.hubId !== hubId)) return none;
    await updateLock(tx, lock.id, {
      ...storedInventory(deps.cipher, lock.id, inventory.slots),
      inventoryAt: now,
      battery: inventory.battery,
      reachable: true,
      // What the hub says now: a hub that predates the field (or a new driver) cannot lock the keypad out.
      keypadLockout: inventory.keypadLockout ?? false,
      // Verified truth: only a lock that reads codes back proves which PIN is where (a masked read shows
      // occupancy, so it still finds a wipe, but it never makes the lock "verified").
      ...(provesCodes(lock.readableCodes, inventory) ? { verifiedAt: now } : {}),
    });
    await adoptInventory(tx, deps, lock, inventory.slots, now);
    return { reconcile: [lock.id], askInventory: [] };
  });
}

/** A read proves the codes when the lock reads them back and none came masked. */
function provesCodes(readableCodes: boolean, inventory: Inventory): boolean {
  return readableCodes && inventory.readableCodes !== false && inventory.slots.every((s) => s.code !== null);
}

export async function applyHubStatus(
  deps: ReportDeps,
  hubId: string,
  online: boolean,
  addresses: readonly string[] = [],
): Promise<ReportOutcome> {
  if (!HUB_ID.test(hubId)) return none;
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    for (const address of online ? addresses : []) {
      if ((await lockAtAddress(tx, hubId, address)) === undefined)
        await noteDiscovered(tx, deps, hubId, address, now, {});
    }
    const status = await setHubOnline(tx, hubId, online, now).catch(() => undefined);
    if (!status) return none;
    const lockIds = await locksOfHub(tx, hubId);
    if (status.changed) {
      if (!online) await timeOutCommandsOfLocks(tx, lockIds);
      await recordEvent(tx, {
        communityId: status.communityId,
        type: online ? 'hub.online' : 'hub.offline',
        actor: { type: 'system', id: null },
        subject: { type: 'hub', id: hubId },
        data: { hubId },
        at: now,
      });
    }
    return { reconcile: lockIds, askInventory: [] };
  });
}

/** Keypad use becomes activity ("Alex's code opened Main Gate"); battery and reachability update the lock. */
export async function applyLockEvent(deps: ReportDeps, hubId: string | null, event: LockEvent): Promise<ReportOutcome> {
  return deps.db.transaction(async (tx) => {
    const lockId = await resolveLock(tx, hubId, event.lockId);
    const lock = lockId === undefined ? undefined : await lockForSync(tx, lockId);
    if (!lock || (hubId !== null && lock.hubId !== hubId)) return none;
    if (event.type === 'battery') {
      await updateLock(tx, lock.id, { battery: event.level });
      return none;
    }
    if (event.type === 'reachability') {
      await updateLock(tx, lock.id, { reachable: event.reachable });
      return event.reachable ? { reconcile: [lock.id], askInventory: [] } : none;
    }
    const holder = event.slot === null ? undefined : await credentialInSlot(tx, lock.id, event.slot);
    const usedAt = new Date(event.at);
    let reconcile: string[] = [];
    if (
      event.unlocked &&
      holder?.guest_type === 'delivery' &&
      (await markFirstUse(tx, holder.access_code_id, usedAt))
    ) {
      // One delivery: from its first use the code has a grace period left, then it leaves every door.
      reconcile = await locksOfCode(tx, holder.access_code_id);
      await recordEvent(tx, {
        communityId: lock.communityId,
        type: 'guest_code.used',
        actor: { type: 'system', id: null },
        subject: { type: 'access_code', id: holder.access_code_id },
        data: { ownerId: holder.owner_id, guestName: holder.guest_name, doorName: lock.name, lockId: lock.id },
        at: usedAt,
      });
    }
    await recordEvent(tx, {
      communityId: lock.communityId,
      type: event.unlocked ? 'lock.opened' : 'lock.code_refused',
      actor: { type: 'system', id: null },
      subject: { type: 'lock', id: lock.id },
      data: {
        lockId: lock.id,
        accessPointId: lock.accessPointId,
        doorName: lock.name,
        slot: event.slot,
        accessCodeId: holder?.access_code_id ?? null,
        holderId: holder?.holder_id ?? null,
        holderName: holder?.holder_name ?? null,
        ownerId: holder?.owner_id ?? null,
        ownerName: holder?.owner_name ?? null,
        guestName: holder?.guest_name ?? null,
        codeKind: holder?.kind ?? null,
        ...(event.lockedOut ? { lockedOut: true } : {}),
        at: event.at,
      },
      dedupeKey: `keypad:${lock.id}:${event.at}:${event.slot ?? 'none'}:${event.unlocked}`,
      at: usedAt,
    });
    // A locked-out keypad compared nothing: not a guess, and the lockout is already the answer.
    const publish =
      !event.unlocked && event.slot === null && !event.lockedOut
        ? await checkKeypadBruteForce(tx, deps, lock, usedAt)
        : [];
    return { reconcile, askInventory: [], publish };
  });
}

/** Hub ids are Keyway's uuids: anything else in a topic names no hub of ours. */
const HUB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The gateway's map: a hub speaks of its locks by address, Keyway by lock id. A report from a hub is
 * resolved by (hub, address) only, so a hub can never touch another hub's lock. Reports without a hub
 * (a phone's Bluetooth receipt) name the lock id itself.
 */
async function resolveLock(tx: Tx, hubId: string | null, address: string): Promise<string | undefined> {
  if (hubId === null) return HUB_ID.test(address) ? address : undefined;
  if (!HUB_ID.test(hubId)) return undefined;
  return lockAtAddress(tx, hubId, address);
}

/** A hub named an address no lock of it has: a lock waiting for a door ("Building hub found a new lock"). */
async function noteDiscovered(
  tx: Tx,
  deps: ReportDeps,
  hubId: string,
  address: string,
  now: Date,
  capabilities: Record<string, unknown>,
): Promise<void> {
  if (!HUB_ID.test(hubId)) return;
  const hub = await hubCommunity(tx, hubId);
  if (!hub) return;
  const isNew = await upsertDiscovery(
    tx,
    { id: deps.random.uuid(), communityId: hub.communityId, hubId, address, capabilities },
    now,
  );
  if (!isNew) return;
  await recordEvent(tx, {
    communityId: hub.communityId,
    type: 'hub.lock_discovered',
    actor: { type: 'system', id: null },
    subject: { type: 'hub', id: hubId },
    data: { hubId, hubName: hub.name, address },
    at: now,
  });
}

/**
 * What a read of the lock proves, row by row (the classification is domain/sync/drift.ts):
 * - a row whose slot holds exactly its current PIN is on the lock (even if the result saying so was lost);
 * - a row Keyway believed on the lock whose slot is empty (missing) or holds another code (replaced: set at
 *   the keypad, say) is NOT on it: it goes back to pending (`drift`) and the reconcile pass re-sends it into
 *   Keyway's own slot — overwriting only that slot, never one Keyway does not claim;
 * - masked slots prove occupancy only: an empty Keyway slot is still drift, an occupied one is unverifiable.
 * A read that found drift records one `lock.drift_found`; the repair event follows once every row is back.
 */
async function adoptInventory(
  tx: Tx,
  deps: ReportDeps,
  lock: DriftLock,
  slots: readonly { slot: number; code: string | null }[],
  now: Date,
): Promise<void> {
  const lockId = lock.id;
  const communityId = lock.communityId;
  const bySlot = new Map(slots.map((s) => [s.slot, s.code]));
  await lockCredentialsOfLock(tx, lockId);
  const rows = await lockCodeRows(tx, lockId);
  // A slot with a command still out may legitimately differ from what the row says (a guest code's window
  // closing clears it while the row is still active): the command's result settles it, not this read.
  const busySlots = new Set((await inFlightCommands(tx, lockId)).map((c) => c.slot));
  const pins = new Map(
    rows.flatMap((row) => (row.slot === null ? [] : [[row.id, deps.cipher.decrypt(row.pinEnc, row.accessCodeId)]])),
  );
  const drift = classifyDrift(
    rows.map((row) => ({
      id: row.id,
      slot: row.slot,
      believedOnLock: row.state === 'active' && row.reportedVersion === row.version && !busySlots.has(row.slot),
      intent: row.intent,
      pin: pins.get(row.id) ?? '',
    })),
    slots,
  );
  const drifted = { rowIds: [] as string[], lost: 0, replaced: 0 };
  for (const row of rows) {
    if (row.slot === null) continue;
    const verdict = drift.verdicts.get(row.id);
    if (verdict === 'confirmed' || verdict === 'unverifiable') continue;
    if (verdict === 'missing' || verdict === 'replaced') {
      // Forget the confirmation (the planner then re-sends into the row's own slot), keep the slot.
      const cleared = { reportedVersion: null, reportedFp: null, reportedFp4: null, reportedLength: null };
      const after = await moveRow(tx, row, { type: 'drift_found' }, now, cleared);
      if (after.state === 'pending') {
        drifted.rowIds.push(row.id);
        if (verdict === 'missing') drifted.lost++;
        else drifted.replaced++;
        await recordRowEvent(tx, communityId, row.accessCodeId, row.holderId, lockId, row.state, row.reason, now);
      }
      continue;
    }
    const held = bySlot.get(row.slot);
    if (held === null) continue; // masked
    const pin = pins.get(row.id) as string;
    if (held === pin) {
      if (row.reportedVersion === row.version && (row.state === 'active' || row.intent === 'absent')) continue;
      const prints = deps.cipher.fingerprints(pin);
      const reported = {
        reportedVersion: row.version,
        reportedFp: prints.fp,
        reportedFp4: prints.fp4,
        reportedLength: pin.length,
      };
      const after = await moveRow(
        tx,
        row,
        row.intent === 'present' ? { type: 'confirmed' } : { type: 'command_sent' },
        now,
        reported,
      );
      if (after.state === 'active') await clearPreviousIfRolledOut(tx, row.accessCodeId);
      await recordRowEvent(tx, communityId, row.accessCodeId, row.holderId, lockId, row.state, row.reason, now);
    } else if (held === undefined && row.reportedVersion !== null) {
      const cleared = { reportedVersion: null, reportedFp: null, reportedFp4: null, reportedLength: null };
      if (row.intent === 'absent') {
        await moveRow(tx, row, { type: 'confirmed' }, now, { ...cleared, slot: null });
        await recordRowEvent(tx, communityId, row.accessCodeId, row.holderId, lockId, row.state, row.reason, now);
      } else {
        await moveRow(tx, row, { type: 'change_requested' }, now, cleared);
      }
    }
  }
  if (drifted.rowIds.length > 0) {
    await recordDriftFound(tx, lock, { ...drifted, wiped: drift.wiped }, now);
  } else {
    await closeDriftIfRepaired(tx, lock, now);
  }
}
