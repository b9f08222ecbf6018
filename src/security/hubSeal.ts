/**
 * PINs on the hub channel: sealed for one hub with AES-256-GCM, so the broker and every other MQTT client see
 * ciphertext only. The key is derived from the hub's MQTT password (HKDF-SHA256, salt = hub id), so a hub needs
 * no second secret; Keyway keeps the derived key encrypted at rest (hubs.seal_key_enc).
 *
 * Each sealed value is bound (associated data) to where it belongs — the hub, the lock address and, for a code,
 * the slot and the command id — so a sealed code copied into another command, slot, lock or hub does not open.
 * Imported by the hub program too: node:crypto only.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 's1';
const INFO = 'keyway hub seal v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** The hub's sealing key: HKDF-SHA256(password, salt = hub id, info = "keyway hub seal v1"), 32 bytes. */
export function deriveHubSealKey(password: string, hubId: string): Buffer {
  if (password.length === 0) throw new Error('a hub sealing key needs the hub password');
  return Buffer.from(hkdfSync('sha256', Buffer.from(password, 'utf8'), Buffer.from(hubId, 'utf8'), INFO, 32));
}

/** What a sealed code is bound to: it opens only for this hub, lock, slot and command. */
export interface CodeBinding {
  hubId: string;
  lockAddress: string;
  slot: number;
  commandId: string;
}

/** What a sealed slot list is bound to: this hub, this lock, this report time. */
export interface SlotsBinding {
  hubId: string;
  lockAddress: string;
  at: string;
}

function codeContext(b: CodeBinding): string {
  return JSON.stringify(['code', b.hubId, b.lockAddress, b.slot, b.commandId]);
}

function slotsContext(b: SlotsBinding): string {
  return JSON.stringify(['slots', b.hubId, b.lockAddress, b.at]);
}

export function sealCode(key: Buffer, binding: CodeBinding, code: string): string {
  return seal(key, codeContext(binding), Buffer.from(code, 'utf8'));
}

/** Undefined when the value was not sealed with this key for exactly this binding. */
export function openCode(key: Buffer, binding: CodeBinding, sealed: string): string | undefined {
  return open(key, codeContext(binding), sealed)?.toString('utf8');
}

export function sealSlots(key: Buffer, binding: SlotsBinding, slots: readonly unknown[]): string {
  return seal(key, slotsContext(binding), Buffer.from(JSON.stringify(slots), 'utf8'));
}

/** The slot list as JSON (the caller validates its shape); undefined when it does not open. */
export function openSlots(key: Buffer, binding: SlotsBinding, sealed: string): unknown[] | undefined {
  const plain = open(key, slotsContext(binding), sealed);
  if (!plain) return undefined;
  try {
    const parsed: unknown = JSON.parse(plain.toString('utf8'));
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function seal(key: Buffer, context: string, plain: Buffer): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(`${INFO}|${context}`, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return `${VERSION}.${Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64url')}`;
}

function open(key: Buffer, context: string, sealed: string): Buffer | undefined {
  const [version, payload, extra] = sealed.split('.');
  if (version !== VERSION || payload === undefined || extra !== undefined) return undefined;
  const raw = Buffer.from(payload, 'base64url');
  if (raw.length < NONCE_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, NONCE_BYTES));
    decipher.setAAD(Buffer.from(`${INFO}|${context}`, 'utf8'));
    decipher.setAuthTag(raw.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    return undefined;
  }
}
