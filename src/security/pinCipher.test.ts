import { randomBytes } from 'node:crypto';
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
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith('AA') ? 'AB' : 'AA'}`;
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
