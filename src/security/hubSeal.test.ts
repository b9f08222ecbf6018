import { describe, expect, it } from 'vitest';
import { deriveHubSealKey, openCode, openSlots, sealCode, sealSlots } from './hubSeal.ts';

const hubId = '6f1c2d3e-0000-4000-8000-000000000001';
const key = deriveHubSealKey('hub-password-1', hubId);
const binding = { hubId, lockAddress: 'front', slot: 3, commandId: 'cmd-1' };

describe('hub sealing', () => {
  it('derives a 32-byte key from the password and the hub id, different for another password or hub', () => {
    expect(key).toHaveLength(32);
    expect(deriveHubSealKey('hub-password-1', hubId).equals(key)).toBe(true);
    expect(deriveHubSealKey('hub-password-2', hubId).equals(key)).toBe(false);
    expect(deriveHubSealKey('hub-password-1', 'another-hub').equals(key)).toBe(false);
    expect(() => deriveHubSealKey('', hubId)).toThrow();
  });

  it('seals a code so that it opens for exactly its binding, and the PIN is not in the sealed text', () => {
    const sealed = sealCode(key, binding, '482193');
    expect(sealed).not.toContain('482193');
    expect(Buffer.from(sealed.slice(3), 'base64url').toString('latin1')).not.toContain('482193');
    expect(openCode(key, binding, sealed)).toBe('482193');
    // A fresh nonce every time: equal PINs do not give equal ciphertexts.
    expect(sealCode(key, binding, '482193')).not.toBe(sealed);
  });

  it.each([
    ['another command', { ...binding, commandId: 'cmd-2' }],
    ['another slot', { ...binding, slot: 4 }],
    ['another lock', { ...binding, lockAddress: 'side' }],
    ['another hub', { ...binding, hubId: 'another-hub' }],
  ])('refuses a sealed code replayed into %s', (_what, other) => {
    expect(openCode(key, other, sealCode(key, binding, '4821'))).toBeUndefined();
  });

  it('refuses another key, a tampered ciphertext and garbage (never throws)', () => {
    const sealed = sealCode(key, binding, '4821');
    expect(openCode(deriveHubSealKey('other', hubId), binding, sealed)).toBeUndefined();
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    expect(openCode(key, binding, `s1.${raw.toString('base64url')}`)).toBeUndefined();
    for (const junk of ['', 's1.', 's1.AAAA', 'v1.abc', 's1.a.b', 'not sealed'])
      expect(openCode(key, binding, junk)).toBeUndefined();
  });

  it('seals a slot list bound to hub, lock and report time', () => {
    const slots = [
      { slot: 1, code: '4821' },
      { slot: 2, code: null },
    ];
    const at = '2026-06-15T15:00:00.000Z';
    const sealed = sealSlots(key, { hubId, lockAddress: 'front', at }, slots);
    expect(sealed).not.toContain('4821');
    expect(openSlots(key, { hubId, lockAddress: 'front', at }, sealed)).toEqual(slots);
    expect(openSlots(key, { hubId, lockAddress: 'side', at }, sealed)).toBeUndefined();
    expect(openSlots(key, { hubId, lockAddress: 'front', at: '2026-06-15T15:00:01.000Z' }, sealed)).toBeUndefined();
  });
});
