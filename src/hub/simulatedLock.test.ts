import { describe, expect, it } from 'vitest';
import { ManualClock } from '../platform/clock.ts';
import { type KeypadUse, LockDriverError } from './lockDriver.ts';
import { describeLockDriverContract, type LockWorld } from './lockDriverContract.ts';
import { SimulatedLock } from './simulatedLock.ts';

const fast = { min: 0, max: 0 };

async function failureCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LockDriverError) return error.code;
    throw error;
  }
  throw new Error('expected a LockDriverError');
}

describeLockDriverContract('simulated', async () => {
  const lock = new SimulatedLock({ lockId: 'contract', latencyMs: { min: 0, max: 2 } });
  const world: LockWorld = {
    truth: { slotCount: 30, codeLengths: [4, 6], readableCodes: true, nativeSchedules: true, rejectsDuplicates: true },
    typeCode: async (code) => void lock.typeCode(code),
    setReachable: async (reachable) => lock.setReachable(reachable),
    setBattery: async (level) => lock.setBattery(level),
    // The simulated lock enforces a schedule itself: a held code that does not open now is restricted.
    hasSchedule: async (slot) => {
      const held = lock.slots().find((s) => s.slot === slot);
      return held !== undefined && !lock.typeCode(held.code);
    },
  };
  return { driver: lock, world };
});

describeLockDriverContract('simulated, masked read-back', async () => {
  const lock = new SimulatedLock({ lockId: 'contract-masked', latencyMs: fast, readableCodes: false, slotCount: 8 });
  return {
    driver: lock,
    world: {
      truth: {
        slotCount: 8,
        codeLengths: [4, 6],
        readableCodes: false,
        nativeSchedules: true,
        rejectsDuplicates: true,
      },
      typeCode: async (code) => void lock.typeCode(code),
      setReachable: async (reachable) => lock.setReachable(reachable),
      setBattery: async (level) => lock.setBattery(level),
      hasSchedule: async (slot) => {
        const held = lock.slots().find((s) => s.slot === slot);
        return held !== undefined && !lock.typeCode(held.code);
      },
    },
  };
});

describe('SimulatedLock (beyond the contract)', () => {
  it('has Z-Wave-like defaults', () => {
    const lock = new SimulatedLock({ lockId: 'l1' });
    expect(lock.capabilities).toEqual({
      slotCount: 30,
      codeLengths: [4, 6],
      readableCodes: true,
      nativeSchedules: true,
      keypadLockout: true,
    });
  });

  it('locked out, its keypad refuses every code, the right one too, until the lockout ends on its clock', async () => {
    const clock = new ManualClock(new Date('2025-03-01T10:00:00Z'));
    const lock = new SimulatedLock({ lockId: 'l1', latencyMs: fast, clock });
    const uses: KeypadUse[] = [];
    lock.onKeypad((use) => uses.push(use));
    await lock.setCode(7, '4821');
    await lock.lockOutKeypad(5 * 60_000);
    expect(lock.typeCode('4821')).toBe(false);
    expect(uses).toEqual([{ slot: null, unlocked: false, lockedOut: true, at: new Date('2025-03-01T10:00:00Z') }]);
    clock.advance(5 * 60_000 - 1);
    expect(lock.typeCode('4821')).toBe(false);
    expect(lock.keypadLockedOutFor()).toBe(1);
    clock.advance(1);
    expect(lock.typeCode('4821')).toBe(true);
    expect(uses.at(-1)).toEqual({ slot: 7, unlocked: true, at: new Date('2025-03-01T10:05:00Z') });
  });

  it('without the capability, refuses a lockout', async () => {
    const lock = new SimulatedLock({ lockId: 'l1', latencyMs: fast, keypadLockout: false });
    expect(await failureCode(lock.lockOutKeypad(60_000))).toBe('rejected_by_lock');
    await lock.setCode(1, '4821');
    expect(lock.typeCode('4821')).toBe(true);
  });

  it('fails every operation while unreachable and tells listeners about changes only', async () => {
    const lock = new SimulatedLock({ lockId: 'l1', latencyMs: fast });
    const heard: boolean[] = [];
    lock.onReachability((reachable) => heard.push(reachable));
    lock.setReachable(false);
    lock.setReachable(false);
    expect(await failureCode(lock.setCode(1, '4821'))).toBe('lock_unreachable');
    expect(await failureCode(lock.clearSlot(1))).toBe('lock_unreachable');
    expect(await failureCode(lock.readSlots())).toBe('lock_unreachable');
    lock.setReachable(true);
    await lock.setCode(1, '4821');
    expect(heard).toEqual([false, true]);
  });

  it('reports which slot opened the door, and null for a wrong code', () => {
    const clock = new ManualClock(new Date('2025-03-01T10:00:00Z'));
    const lock = new SimulatedLock({ lockId: 'l1', latencyMs: fast, clock });
    const uses: KeypadUse[] = [];
    const unsubscribe = lock.onKeypad((use) => uses.push(use));
    return lock.setCode(7, '4821').then(() => {
      expect(lock.typeCode('4821')).toBe(true);
      expect(lock.typeCode('0000')).toBe(false);
      expect(lock.typeCode('48')).toBe(false);
      expect(uses).toEqual([
        { slot: 7, unlocked: true, at: new Date('2025-03-01T10:00:00Z') },
        { slot: null, unlocked: false, at: new Date('2025-03-01T10:00:00Z') },
        { slot: null, unlocked: false, at: new Date('2025-03-01T10:00:00Z') },
      ]);
      unsubscribe();
      lock.typeCode('4821');
      expect(uses).toHaveLength(3);
    });
  });

  it('injects exactly one failure with failNext', async () => {
    const lock = new SimulatedLock({ lockId: 'l1', latencyMs: fast });
    lock.failNext('no_free_slot');
    expect(await failureCode(lock.setCode(1, '4821'))).toBe('no_free_slot');
    await lock.setCode(1, '4821');
    expect(lock.slots()).toHaveLength(1);
  });

  it('takes the configured time per operation, drawn from the injected randomness', async () => {
    const lock = new SimulatedLock({ lockId: 'l1', latencyMs: { min: 40, max: 60 }, random01: () => 0.5 });
    let started = performance.now();
    await lock.setCode(1, '4821');
    let elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(45);
    expect(elapsed).toBeLessThan(400);

    lock.setLatency({ min: 0, max: 0 });
    started = performance.now();
    await lock.clearSlot(1);
    elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(30);
  });

  it('clamps the battery level', async () => {
    const lock = new SimulatedLock({ lockId: 'l1', battery: 80 });
    expect(await lock.battery()).toBe(80);
    lock.setBattery(140);
    expect(await lock.battery()).toBe(100);
    lock.setBattery(-3);
    expect(await lock.battery()).toBe(0);
  });
});
