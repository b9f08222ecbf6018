/**
 * The planner's input for one lock, built from its stored rows: what should be on it (versions and keyed
 * fingerprints; each PIN decrypted only if the planner asks for it), what it last reported, what is in flight.
 * Shared by reconcile passes (one lock or many) and Bluetooth bundles, so they plan alike.
 */
import type { InFlightCommand, LockFacts, ReportedSlot, WantedCode } from '../domain/sync/lockPlan.ts';
import type { PinCipher } from '../security/pinCipher.ts';
import type { LockCodeRow, LockRow } from '../store/repositories/lockSync.ts';
import { openInventory } from './inventory.ts';
import { type Presence, presence } from './wanted.ts';

/** A code row as the planner needs it; `pinEnc` null = not loaded (the planner asking for it throws PinNotLoaded). */
export type PlanRow = Omit<LockCodeRow, 'pinEnc'> & { pinEnc: string | null };

/** A plan asked for a PIN its caller did not load: load the lock's PINs and plan it again. */
export class PinNotLoaded extends Error {
  constructor(readonly accessCodeId: string) {
    super(`PIN of ${accessCodeId} not loaded`);
  }
}

export interface PlanInput {
  facts: LockFacts;
  wanted: WantedCode[];
  inFlight: InFlightCommand[];
  presences: Map<string, Presence>;
}

export function planInput(
  cipher: PinCipher,
  lock: LockRow,
  rows: readonly PlanRow[],
  inFlight: readonly { accessCodeId: string | null; type: string; slot: number | null; version: number | null }[],
  now: Date,
): PlanInput {
  // presence() reads the row's intent and validity only, never its PIN.
  const presences = new Map<string, Presence>(
    rows.map((row) => [row.accessCodeId, presence(row as LockCodeRow, lock, now)]),
  );
  const wanted: WantedCode[] = rows.map((row) => ({
    accessCodeId: row.accessCodeId,
    version: row.version,
    length: row.codeLength,
    fp: row.fp,
    pin: () => {
      if (row.pinEnc === null) throw new PinNotLoaded(row.accessCodeId);
      return cipher.decrypt(row.pinEnc, row.accessCodeId);
    },
    present: presences.get(row.accessCodeId)?.present ?? false,
    slot: row.slot,
    reportedVersion: row.reportedVersion,
    // Reset by every answered command: above 0, the last one timed out or failed (it may have landed).
    unanswered: row.attempts > 0,
  }));
  return {
    facts: {
      slotCount: lock.slotCount,
      codeLengths: lock.codeLengths,
      reported: reportedSlots(cipher, lock),
      fingerprint: (code) => cipher.fingerprint(code),
    },
    wanted,
    inFlight: inFlight
      .filter((c) => c.type !== 'report_inventory' && c.slot !== null)
      .map((c) => ({
        accessCodeId: c.accessCodeId,
        slot: c.slot as number,
        type: c.type as 'set_code' | 'clear_slot',
        version: c.version,
      })),
    presences,
  };
}

/**
 * The lock's last inventory as the planner reads it. Printed (the usual case): each slot's fingerprint as stored,
 * and its code decrypted only if the planner asks for one (a PIN checked against a foreign code), the whole
 * inventory at most once. Not printed yet (stored before prints existed): decrypted, and printed by the planner.
 */
export function reportedSlots(
  cipher: PinCipher,
  lock: Pick<LockRow, 'id' | 'inventoryEnc' | 'inventoryPrints'>,
): ReportedSlot[] | null {
  if (lock.inventoryEnc === null) return null;
  if (lock.inventoryPrints === null) return openInventory(cipher, lock.id, lock.inventoryEnc);
  let codes: Map<number, string | null> | undefined;
  const codeOf = (slot: number) => {
    codes ??= new Map((openInventory(cipher, lock.id, lock.inventoryEnc) ?? []).map((s) => [s.slot, s.code]));
    return codes.get(slot) ?? null;
  };
  return lock.inventoryPrints.map(([slot, fp]) => ({
    slot,
    fp,
    get code() {
      return fp === null ? null : codeOf(slot);
    },
  }));
}
