import { describe, expect, it } from 'vitest';
import { KeypadLockout } from './keypadLockout.ts';

const at = (seconds: number) => new Date(Date.UTC(2026, 5, 15, 12, 0, seconds));

describe('KeypadLockout', () => {
  it.each([
    // [seconds of each wrong code, second asked, locked for (s)]
    [[0, 1, 2, 3], 4, 0],
    [[0, 1, 2, 3, 4], 5, 59],
    [[0, 1, 2, 3, 4], 64, 0],
    [[0, 10, 20, 30, 61], 62, 0], // the first one left the minute before the fifth came
    [[0, 10, 20, 30, 59], 60, 59],
  ] as const)('wrong codes at %j, asked at %i s → locked for %i s', (wrong, asked, lockedSeconds) => {
    const lockout = new KeypadLockout();
    for (const second of wrong) lockout.record('lock', at(second), false);
    expect(lockout.lockedFor('lock', at(asked))).toBe(lockedSeconds * 1000);
  });

  it('a right code clears the count; another lock is not affected', () => {
    const lockout = new KeypadLockout();
    for (const second of [0, 1, 2, 3]) lockout.record('lock', at(second), false);
    lockout.record('lock', at(4), true);
    lockout.record('lock', at(5), false);
    expect(lockout.lockedFor('lock', at(6))).toBe(0);
    for (const second of [0, 1, 2, 3, 4]) lockout.record('lock', at(second), false);
    expect(lockout.lockedFor('other', at(5))).toBe(0);
  });
});
