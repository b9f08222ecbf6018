import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PinCipher } from './pinCipher.ts';

const cipher = new PinCipher(randomBytes(32));

describe('PinCipher', () => {
  it('round-trips PINs, keeping leading zeros, with a fresh IV each time', () => {
    const a = cipher.encrypt('0429', 'row-1');
    const b = cipher.encrypt('0429', 'row-1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('0429');
    expect(cipher.decrypt(a, 'row-1')).toBe('0429');
  });

  it('refuses a ciphertext moved to another row, a tampered one, or another key', () => {
    const sealed = cipher.encrypt('739104', 'row-1');
    expect(() => cipher.decrypt(sealed, 'row-2')).toThrow();
    // Flip one bit of the sealed bytes (editing the last base64 character may touch only its unused bits).
    const head = sealed.slice(0, sealed.lastIndexOf('.') + 1);
    const bytes = Buffer.from(sealed.slice(head.length), 'base64url');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0x01;
    const tampered = `${head}${bytes.toString('base64url')}`;
    expect(tampered).not.toBe(sealed);
    expect(() => cipher.decrypt(tampered, 'row-1')).toThrow();
    expect(() => new PinCipher(randomBytes(32)).decrypt(sealed, 'row-1')).toThrow();
  });

  it('fingerprints: equal PINs match; a 6-digit code carries its 4-digit prefix print', () => {
    const four = cipher.fingerprints('2580');
    const six = cipher.fingerprints('258013');
    expect(cipher.fingerprints('2580')).toEqual(four);
    expect(four.fp4).toBe(four.fp);
    expect(six.fp4).toBe(four.fp);
    expect(six.fp).not.toBe(four.fp);
    expect(new PinCipher(randomBytes(32)).fingerprints('2580').fp).not.toBe(four.fp);
  });

  it('needs a 32-byte key', () => {
    expect(() => new PinCipher(randomBytes(16))).toThrow();
  });
});

describe('PinCipher with a previous key (rotation)', () => {
  const keyA = randomBytes(32);
  const keyB = randomBytes(32);
  const onA = new PinCipher(keyA);
  const rotated = new PinCipher(keyB, [keyA]);

  /** What a server before key ids wrote: `v1.` + IV, tag and body under key A's encryption key. */
  const legacyV1 = (pin: string, boundTo: string) => {
    const encryptionKey = Buffer.from(hkdfSync('sha256', keyA, '', 'keyway pin encryption v1', 32));
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', encryptionKey, iv);
    c.setAAD(Buffer.from(boundTo));
    const body = Buffer.concat([c.update(pin, 'utf8'), c.final()]);
    return `v1.${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64url')}`;
  };

  it('names its key in every new ciphertext, and always encrypts with the newest key', () => {
    const sealed = rotated.encrypt('4821', 'row-1');
    expect(sealed.startsWith(`v2.${rotated.keyId}.`)).toBe(true);
    expect(rotated.keyId).not.toBe(onA.keyId);
    expect(rotated.isCurrent(sealed)).toBe(true);
    expect(new PinCipher(keyB).decrypt(sealed, 'row-1')).toBe('4821');
    expect(() => onA.decrypt(sealed, 'row-1')).toThrow(/key/);
  });

  it('reads what the old key sealed, in both formats, and reseals it under the new key', () => {
    for (const old of [onA.encrypt('739104', 'row-1'), legacyV1('739104', 'row-1')]) {
      expect(rotated.isCurrent(old)).toBe(false);
      expect(rotated.decrypt(old, 'row-1')).toBe('739104');
      const resealed = rotated.reseal(old, 'row-1');
      expect(rotated.isCurrent(resealed)).toBe(true);
      expect(new PinCipher(keyB).decrypt(resealed, 'row-1')).toBe('739104');
      expect(() => rotated.reseal(old, 'row-2')).toThrow();
    }
  });

  it('keeps fingerprints, share links and derived secrets on the first key, so stored prints still match', () => {
    expect(rotated.fingerprints('258013')).toEqual(onA.fingerprints('258013'));
    expect(rotated.shareToken('code-1')).toBe(onA.shareToken('code-1'));
    expect(rotated.derivedSecret('mqtt server identity v1')).toBe(onA.derivedSecret('mqtt server identity v1'));
    const twice = new PinCipher(randomBytes(32), [keyB, keyA]);
    expect(twice.fingerprints('2580')).toEqual(onA.fingerprints('2580'));
  });

  it('refuses a ciphertext under a key it was not given', () => {
    const stranger = new PinCipher(randomBytes(32)).encrypt('1234', 'row-1');
    expect(() => rotated.decrypt(stranger, 'row-1')).toThrow(/key/);
    expect(() => new PinCipher(keyB, [randomBytes(16)])).toThrow();
  });
});
