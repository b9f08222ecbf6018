/**
 * The Bluetooth courier's envelope, shared by Keyway and the lock (the simulated one here; firmware in
 * real life). Keyway seals the pending operations for one lock with that lock's own key (AES-256-GCM,
 * the lock id and a monotonic counter bound in as associated data). The phone carries bytes it cannot
 * read or alter. The lock refuses a counter it has already seen, applies the operations, and answers
 * with a receipt authenticated by the same key (HMAC-SHA256); its slot inventory inside the receipt is
 * sealed too, so PINs never cross the phone in clear. Keyway accepts each counter's receipt once.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { lockScheduleSchema } from './hubProtocol.ts';

export const bundleOpSchema = z.discriminatedUnion('type', [
  z.object({
    opId: z.string(),
    type: z.literal('set_code'),
    slot: z.number().int().min(1),
    code: z.string().regex(/^[0-9]{4,8}$/),
    schedule: lockScheduleSchema.optional(),
  }),
  z.object({ opId: z.string(), type: z.literal('clear_slot'), slot: z.number().int().min(1) }),
]);
export type BundleOp = z.infer<typeof bundleOpSchema>;

const bundlePayloadSchema = z.object({
  lockId: z.string(),
  counter: z.number().int().min(1),
  issuedAt: z.string(),
  ops: z.array(bundleOpSchema),
});
export type BundlePayload = z.infer<typeof bundlePayloadSchema>;

/** What the phone fetches and hands to the lock. */
export const sealedBundleSchema = z.object({
  lockId: z.string(),
  counter: z.number().int().min(1),
  sealed: z.string(),
});
export type SealedBundle = z.infer<typeof sealedBundleSchema>;

export const receiptSchema = z.object({
  lockId: z.string(),
  counter: z.number().int().min(1),
  results: z.array(z.object({ opId: z.string(), ok: z.boolean(), error: z.string().nullable() })),
  /** The lock's slots after applying the bundle, sealed with its key: [{slot, code|null}]. */
  inventorySealed: z.string(),
  accessLog: z.array(z.object({ slot: z.number().int().nullable(), unlocked: z.boolean(), at: z.string() })),
  battery: z.number().int().min(0).max(100).nullable(),
  mac: z.string(),
});
export type Receipt = z.infer<typeof receiptSchema>;

function seal(key: Buffer, aad: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

function open(key: Buffer, aad: string, sealed: string): string {
  const raw = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

const bundleAad = (lockId: string, counter: number) => `keyway-ble-v1:bundle:${lockId}:${counter}`;
const inventoryAad = (lockId: string, counter: number) => `keyway-ble-v1:inventory:${lockId}:${counter}`;

export function sealBundle(key: Buffer, payload: BundlePayload): SealedBundle {
  return {
    lockId: payload.lockId,
    counter: payload.counter,
    sealed: seal(key, bundleAad(payload.lockId, payload.counter), JSON.stringify(payload)),
  };
}

/** Lock side: undefined when the bundle was not sealed with this key for this lock and counter. */
export function openBundle(key: Buffer, bundle: SealedBundle): BundlePayload | undefined {
  try {
    const payload = bundlePayloadSchema.parse(
      JSON.parse(open(key, bundleAad(bundle.lockId, bundle.counter), bundle.sealed)),
    );
    return payload.lockId === bundle.lockId && payload.counter === bundle.counter ? payload : undefined;
  } catch {
    return undefined;
  }
}

export function sealInventoryForReceipt(
  key: Buffer,
  lockId: string,
  counter: number,
  slots: { slot: number; code: string | null }[],
): string {
  return seal(key, inventoryAad(lockId, counter), JSON.stringify(slots));
}

export function openReceiptInventory(key: Buffer, receipt: Receipt): { slot: number; code: string | null }[] {
  return JSON.parse(open(key, inventoryAad(receipt.lockId, receipt.counter), receipt.inventorySealed)) as {
    slot: number;
    code: string | null;
  }[];
}

function macOf(key: Buffer, receipt: Omit<Receipt, 'mac'>): string {
  const canonical = JSON.stringify([
    receipt.lockId,
    receipt.counter,
    receipt.results,
    receipt.inventorySealed,
    receipt.accessLog,
    receipt.battery,
  ]);
  return createHmac('sha256', key).update(canonical).digest('base64url');
}

export function signReceipt(key: Buffer, receipt: Omit<Receipt, 'mac'>): Receipt {
  return { ...receipt, mac: macOf(key, receipt) };
}

export function verifyReceipt(key: Buffer, receipt: Receipt): boolean {
  const expected = Buffer.from(macOf(key, receipt));
  const actual = Buffer.from(receipt.mac);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
