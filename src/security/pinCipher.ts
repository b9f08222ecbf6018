/**
 * PINs at rest: AES-256-GCM with a per-value random IV, bound to the row it belongs to (additional
 * authenticated data), so a ciphertext copied into another row does not decrypt. Fingerprints are keyed
 * HMACs with a separate derived key: equal PINs give equal fingerprints, which lets the database answer
 * "is this code or its prefix on that lock?" without ever holding a PIN in clear.
 *
 * Key rotation (docs/operations.md, "Rotating the key"): a cipher holds the current key and any previous ones.
 * It always encrypts with the current key, naming it (`v2.<key id>.…`), and decrypts with whichever key a value
 * names; `v1.…` values (written before key ids) are tried against every key. Fingerprints, share links and
 * derived secrets stay keyed by the *first* key (the oldest previous one): they are compared with stored values
 * (`fp`/`fp4`, reported prints, hub passwords, links already sent) that cannot be recomputed without every PIN
 * and every link, so rotating them would silently break matching while a rotation runs.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { witnessSecret } from './testSecretSink.ts';

const LEGACY_VERSION = 'v1';
const VERSION = 'v2';

interface EncryptionKey {
  id: string;
  key: Buffer;
}

function encryptionKeyOf(masterKey: Buffer): EncryptionKey {
  if (masterKey.length !== 32) throw new Error('The secret key must be 32 bytes.');
  // The id names a key without revealing it: a hash of the derived key, short enough to prefix every value.
  const key = Buffer.from(hkdfSync('sha256', masterKey, '', 'keyway pin encryption v1', 32));
  const id = createHash('sha256').update('keyway key id v1').update(key).digest('base64url').slice(0, 8);
  return { id, key };
}

export interface PinFingerprints {
  /** Of the whole PIN. */
  fp: string;
  /** Of its first four digits: how 4-digit and 6-digit codes that would shadow each other meet. */
  fp4: string;
}

export class PinCipher {
  readonly #current: EncryptionKey;
  /** Current key first, then the previous ones: a `v1` value is tried in this order. */
  readonly #keys: readonly EncryptionKey[];
  readonly #fingerprintKey: Buffer;
  readonly #shareKey: Buffer;
  readonly #linkKey: Buffer;

  /** `previousKeys`: newest first; the last one is the installation's first key (it keys fingerprints and links). */
  constructor(masterKey: Buffer, previousKeys: readonly Buffer[] = []) {
    this.#current = encryptionKeyOf(masterKey);
    this.#keys = [this.#current, ...previousKeys.map(encryptionKeyOf)];
    const firstKey = previousKeys.at(-1) ?? masterKey;
    this.#fingerprintKey = Buffer.from(hkdfSync('sha256', firstKey, '', 'keyway pin fingerprint v1', 32));
    this.#shareKey = Buffer.from(hkdfSync('sha256', firstKey, '', 'keyway guest share link v1', 32));
    this.#linkKey = Buffer.from(hkdfSync('sha256', firstKey, '', 'keyway installation link v1', 32));
  }

  /**
   * Names the key that fingerprints PINs and signs links without revealing it: stored by the first start, so a
   * server started without the installation's first key can tell and refuse.
   */
  get keyCheck(): string {
    return createHmac('sha256', this.#fingerprintKey).update('keyway key check v1').digest('base64url').slice(0, 22);
  }

  /** The id new ciphertexts carry (not secret). */
  get keyId(): string {
    return this.#current.id;
  }

  /** What every value sealed with the current key starts with (a rotation skips those). */
  get currentPrefix(): string {
    return `${VERSION}.${this.#current.id}.`;
  }

  isCurrent(sealed: string): boolean {
    return sealed.startsWith(this.currentPrefix);
  }

  encrypt(pin: string, boundTo: string): string {
    witnessSecret('sealed', pin);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#current.key, iv);
    cipher.setAAD(Buffer.from(boundTo));
    const body = Buffer.concat([cipher.update(pin, 'utf8'), cipher.final()]);
    return `${this.currentPrefix}${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  decrypt(sealed: string, boundTo: string): string {
    const parts = sealed.split('.');
    if (parts[0] === VERSION && parts.length === 3) {
      const key = this.#keys.find((k) => k.id === parts[1]);
      if (!key) throw new Error(`No configured secret key has id ${parts[1]}: was a previous key left out?`);
      return open(key.key, parts[2] as string, boundTo);
    }
    if (parts[0] !== LEGACY_VERSION || parts.length !== 2) throw new Error('Unknown PIN ciphertext format.');
    for (const [index, key] of this.#keys.entries()) {
      try {
        return open(key.key, parts[1] as string, boundTo);
      } catch (error) {
        if (index === this.#keys.length - 1)
          throw new Error('No configured secret key opens this value.', { cause: error });
      }
    }
    throw new Error('No configured secret key opens this value.');
  }

  /** The same secret sealed with the current key (the rotation's one step); throws when no key opens it. */
  reseal(sealed: string, boundTo: string): string {
    return this.encrypt(this.decrypt(sealed, boundTo), boundTo);
  }

  /** The unguessable part of a guest's share link: nothing is stored, and it can't be forged without the key. */
  shareToken(accessCodeId: string): string {
    const token = createHmac('sha256', this.#shareKey).update(accessCodeId).digest('base64url').slice(0, 32);
    witnessSecret('secret', token);
    return token;
  }

  /**
   * A secret only this key can make, for `context` (e.g. the setup link of one issue): the server can print the
   * same link again after a restart while the database keeps only its hash.
   */
  derivedSecret(context: string): string {
    const secret = createHmac('sha256', this.#linkKey).update(context).digest('base64url');
    witnessSecret('secret', secret);
    return secret;
  }

  fingerprint(digits: string): string {
    return createHmac('sha256', this.#fingerprintKey).update(digits).digest('base64url').slice(0, 22);
  }

  fingerprints(pin: string): PinFingerprints {
    const fp = this.fingerprint(pin);
    return { fp, fp4: pin.length === 4 ? fp : this.fingerprint(pin.slice(0, 4)) };
  }
}

function open(key: Buffer, payload: string, boundTo: string): string {
  const raw = Buffer.from(payload, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(boundTo));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
