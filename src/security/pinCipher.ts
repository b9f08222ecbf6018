/**
 * PINs at rest: AES-256-GCM with a per-value random IV, bound to the row it belongs to (additional
 * authenticated data), so a ciphertext copied into another row does not decrypt. Fingerprints are keyed
 * HMACs with a separate derived key: equal PINs give equal fingerprints, which lets the database answer
 * "is this code or its prefix on that lock?" without ever holding a PIN in clear.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

export interface PinFingerprints {
  /** Of the whole PIN. */
  fp: string;
  /** Of its first four digits: how 4-digit and 6-digit codes that would shadow each other meet. */
  fp4: string;
}

export class PinCipher {
  readonly #encryptionKey: Buffer;
  readonly #fingerprintKey: Buffer;
  readonly #shareKey: Buffer;
  readonly #linkKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('The secret key must be 32 bytes.');
    this.#encryptionKey = Buffer.from(hkdfSync('sha256', masterKey, '', 'keyway pin encryption v1', 32));
    this.#fingerprintKey = Buffer.from(hkdfSync('sha256', masterKey, '', 'keyway pin fingerprint v1', 32));
    this.#shareKey = Buffer.from(hkdfSync('sha256', masterKey, '', 'keyway guest share link v1', 32));
    this.#linkKey = Buffer.from(hkdfSync('sha256', masterKey, '', 'keyway installation link v1', 32));
  }

  encrypt(pin: string, boundTo: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#encryptionKey, iv);
    cipher.setAAD(Buffer.from(boundTo));
    const body = Buffer.concat([cipher.update(pin, 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  decrypt(sealed: string, boundTo: string): string {
    const [version, payload] = sealed.split('.');
    if (version !== VERSION || payload === undefined) throw new Error('Unknown PIN ciphertext format.');
    const raw = Buffer.from(payload, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.#encryptionKey, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(boundTo));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** The unguessable part of a guest's share link: nothing is stored, and it can't be forged without the key. */
  shareToken(accessCodeId: string): string {
    return createHmac('sha256', this.#shareKey).update(accessCodeId).digest('base64url').slice(0, 32);
  }

  /**
   * A secret only this key can make, for `context` (e.g. the setup link of one issue): the server can print the
   * same link again after a restart while the database keeps only its hash.
   */
  derivedSecret(context: string): string {
    return createHmac('sha256', this.#linkKey).update(context).digest('base64url');
  }

  fingerprint(digits: string): string {
    return createHmac('sha256', this.#fingerprintKey).update(digits).digest('base64url').slice(0, 22);
  }

  fingerprints(pin: string): PinFingerprints {
    const fp = this.fingerprint(pin);
    return { fp, fp4: pin.length === 4 ? fp : this.fingerprint(pin.slice(0, 4)) };
  }
}
