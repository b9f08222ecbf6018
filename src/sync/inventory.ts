/** A lock's last known slot contents, kept encrypted at rest because it holds PINs. */
import type { InventoryPrints } from '../domain/sync/lockPlan.ts';
import type { PinCipher } from '../security/pinCipher.ts';

export interface InventorySlot {
  slot: number;
  /** null when the lock masks codes on read-back (only occupancy is known). */
  code: string | null;
}

export function openInventory(cipher: PinCipher, lockId: string, sealed: string | null): InventorySlot[] | null {
  if (sealed === null) return null;
  return JSON.parse(cipher.decrypt(sealed, `inventory:${lockId}`)) as InventorySlot[];
}

export function sealInventory(cipher: PinCipher, lockId: string, slots: readonly InventorySlot[]): string {
  const sorted = [...slots].sort((a, b) => a.slot - b.slot);
  return cipher.encrypt(JSON.stringify(sorted), `inventory:${lockId}`);
}

/**
 * Fingerprints an inventory. `known` gives prints already at hand by slot (the previous inventory's, or the
 * credential's own `fp` for a code Keyway just set), so a confirmation costs no HMAC.
 */
export function printInventory(
  cipher: PinCipher,
  slots: readonly InventorySlot[],
  known: ReadonlyMap<number, string | null> = new Map(),
): InventoryPrints {
  return [...slots]
    .sort((a, b) => a.slot - b.slot)
    .map((s) => [s.slot, s.code === null ? null : (known.get(s.slot) ?? cipher.fingerprint(s.code))]);
}

/** The two columns that store an inventory: sealed (it holds PINs) and printed (what a reconcile pass reads). */
export function storedInventory(
  cipher: PinCipher,
  lockId: string,
  slots: readonly InventorySlot[],
  known?: ReadonlyMap<number, string | null>,
): { inventoryEnc: string; inventoryPrints: InventoryPrints } {
  return { inventoryEnc: sealInventory(cipher, lockId, slots), inventoryPrints: printInventory(cipher, slots, known) };
}

/** The inventory after the lock confirmed one operation (so a stale report is never mistaken for drift). */
export function applyToInventory(
  slots: readonly InventorySlot[],
  op: { type: 'set_code'; slot: number; code: string | null } | { type: 'clear_slot'; slot: number },
): InventorySlot[] {
  const others = slots.filter((s) => s.slot !== op.slot);
  return op.type === 'set_code' ? [...others, { slot: op.slot, code: op.code }] : others;
}
