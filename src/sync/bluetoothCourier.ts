/**
 * Keyway's side of the Bluetooth courier: seal what a lock needs into a bundle for a phone to carry,
 * and take the lock's receipt back. Only a verified receipt changes state (DESIGN.md §1.6): until then
 * the old code stays on the lock and the change is pending, awaiting a phone.
 */
import { KeywayError } from '../domain/errors.ts';
import type { Clock } from '../platform/clock.ts';
import type { Random } from '../platform/random.ts';
import type { PinCipher } from '../security/pinCipher.ts';
import type { Db, Tx } from '../store/database.ts';
import {
  claimReceiptCounter,
  insertLockCommands,
  type LockRow,
  lockForSync,
  supersedeBundleCommands,
  updateLock,
} from '../store/repositories/lockSync.ts';
import { cardAccessEnds } from '../store/repositories/residencies.ts';
import { applyCommandResult, applyInventory, applyLockEvent } from './applyLockReports.ts';
import {
  type BundleOp,
  openReceiptInventory,
  type Receipt,
  type SealedBundle,
  sealBundle,
  verifyReceipt,
} from './bluetoothEnvelope.ts';
import { commandRecord } from './commandRecord.ts';
import { planFor } from './reconcileLock.ts';

export interface CourierDeps {
  db: Db;
  clock: Clock;
  random: Random;
  cipher: PinCipher;
}

export function bleKeyOf(cipher: PinCipher, lock: Pick<LockRow, 'id' | 'bleKeyEnc'>): Buffer {
  if (!lock.bleKeyEnc) throw new KeywayError('not_found', 'This lock has no Bluetooth key.');
  return Buffer.from(cipher.decrypt(lock.bleKeyEnc, `ble-key:${lock.id}`), 'base64');
}

export function sealBleKey(cipher: PinCipher, lockId: string, key: Buffer): string {
  return cipher.encrypt(key.toString('base64'), `ble-key:${lockId}`);
}

/**
 * Everything the lock should do now, sealed for it under the next counter. Each bundle carries the
 * whole plan, so a newer bundle supersedes an older one that no phone delivered.
 */
export async function issueBundle(
  tx: Tx,
  deps: CourierDeps,
  lockId: string,
): Promise<SealedBundle & { operations: number }> {
  const lock = await lockForSync(tx, lockId);
  if (lock?.connectivity !== 'bluetooth') throw new KeywayError('not_found', 'No such Bluetooth lock.');
  const now = deps.clock.now();
  const { plan, presences } = await planFor(tx, deps.cipher, lock, now, { ignoreInFlight: true });
  const counter = lock.bleCounter + 1;
  await updateLock(tx, lock.id, { bleCounter: counter });
  await supersedeBundleCommands(tx, lock.id);
  const ops: BundleOp[] = [];
  // Residents' codes carry their lease end, so the lock stops taking them at move-out with no phone around.
  const leaseEnds = await cardAccessEnds(
    tx,
    plan.commands.filter((c) => c.type === 'set_code').map((c) => c.accessCodeId),
  );
  const records = plan.commands.map((command) => {
    const opId = deps.random.uuid();
    // Bluetooth locks are reached only through phones, so a time-bound code always carries its schedule.
    const leaseEnd = leaseEnds.get(command.accessCodeId);
    const schedule =
      presences.get(command.accessCodeId)?.schedule ??
      (leaseEnd ? { timeZone: lock.timeZone, from: null, to: leaseEnd.toISOString(), weekly: null } : undefined);
    ops.push(
      command.type === 'set_code'
        ? { opId, type: 'set_code', slot: command.slot, code: command.code, ...(schedule ? { schedule } : {}) }
        : { opId, type: 'clear_slot', slot: command.slot },
    );
    return commandRecord(deps.cipher, opId, lock, command, now, { bundleCounter: counter });
  });
  await insertLockCommands(tx, records);
  const sealed = sealBundle(bleKeyOf(deps.cipher, lock), {
    lockId: lock.id,
    counter,
    issuedAt: now.toISOString(),
    ops,
  });
  return { ...sealed, operations: ops.length };
}

/** Verifies a receipt and applies it; refuses forgeries and replays. Returns the locks to reconcile. */
export async function acceptReceipt(deps: CourierDeps, receipt: Receipt): Promise<string[]> {
  const lock = await deps.db.transaction((tx) => lockForSync(tx, receipt.lockId));
  if (lock?.connectivity !== 'bluetooth') throw new KeywayError('not_found', 'No such Bluetooth lock.');
  const key = bleKeyOf(deps.cipher, lock);
  if (!verifyReceipt(key, receipt))
    throw new KeywayError('receipt_rejected', 'This receipt was not signed by the lock.');
  if (receipt.counter > lock.bleCounter)
    throw new KeywayError('receipt_rejected', 'This receipt answers a bundle Keyway never issued.');
  // Receipts arrive in counter order (the lock refuses a counter it has seen), so one number detects replays.
  const claimed = await deps.db.transaction((tx) => claimReceiptCounter(tx, lock.id, receipt.counter));
  if (!claimed) throw new KeywayError('receipt_rejected', 'This receipt was already delivered.');
  // The log holds what the keypad saw before this visit, so it is read against the codes as they were: a code
  // this bundle clears (a move-out) still names its holder. Each use is recorded once (a dedupe key per use).
  const reconcile: string[] = [];
  for (const use of receipt.accessLog) {
    const outcome = await applyLockEvent(deps, null, {
      type: 'keypad',
      lockId: lock.id,
      slot: use.slot,
      unlocked: use.unlocked,
      at: use.at,
    });
    reconcile.push(...outcome.reconcile);
  }
  for (const result of receipt.results) {
    await applyCommandResult(deps, {
      commandId: result.opId,
      ok: result.ok,
      error: result.ok ? null : (result.error ?? 'rejected_by_lock'),
      hubId: null, // verified above: signed by the lock itself
    });
  }
  const slots = openReceiptInventory(key, receipt);
  await applyInventory(deps, null, {
    lockId: lock.id,
    slotCount: lock.slotCount,
    codeLengths: lock.codeLengths,
    slots,
    battery: receipt.battery,
    at: deps.clock.now().toISOString(),
  });
  return [...new Set([lock.id, ...reconcile])];
}
