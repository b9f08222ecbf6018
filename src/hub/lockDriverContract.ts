/**
 * THE lock driver contract: the behaviour the hub agent relies on, as a vitest suite every driver must pass
 * (`simulated` in simulatedLock.test.ts, `zwave` on zwave-js's mock controller in zwave/zwaveLock.test.ts).
 *
 * A driver under test comes with a "world": the physical lock and its radio network, which the test acts on
 * from the outside (someone types a code, the lock drops off the network). The world also says what the real
 * lock is like (does it refuse duplicates, does it mask codes), so the suite can check the driver reports the
 * lock truthfully. TEST SUPPORT — imported by test files only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LockSchedule } from '../domain/guest/lockSchedule.ts';
import { type KeypadUse, type LockDriver, LockDriverError } from './lockDriver.ts';

export interface LockWorld {
  /** The true nature of the lock, to compare the driver's capabilities with. */
  readonly truth: {
    slotCount: number;
    codeLengths: number[];
    /** false: the lock answers read-backs with masked codes ("****"). */
    readableCodes: boolean;
    nativeSchedules: boolean;
    /** Whether the lock refuses a code that another slot holds (most real locks do). */
    rejectsDuplicates: boolean;
  };
  /** A person types `code` on the keypad. The keypad event may still be on its way when this resolves. */
  typeCode(code: string): Promise<void>;
  /** Takes the lock off / puts it back on the radio network; resolves once the hub side can have noticed. */
  setReachable(reachable: boolean): Promise<void>;
  /** The lock's battery drops (or rises) to `level`; resolves once the lock has reported it. */
  setBattery(level: number): Promise<void>;
  /** Whether the lock itself restricts `slot` to a schedule (asked only when the lock has native schedules). */
  hasSchedule(slot: number): Promise<boolean>;
}

export interface LockDriverFixture {
  /** A driver for a lock that holds no codes. */
  driver: LockDriver;
  world: LockWorld;
  /** Releases the driver (listeners, timers); the world may be reused by the next fixture. */
  close?(): Promise<void>;
}

/** How long an asynchronous event (keypad, reachability) may take to arrive. */
const EVENT_WAIT_MS = 5_000;

/** An expired window: the lock holds the code but must not open with it now. */
const PAST_SCHEDULE: LockSchedule = {
  timeZone: 'Europe/Paris',
  from: '2021-03-01T09:00:00.000Z',
  to: '2021-03-03T18:00:00.000Z',
  weekly: null,
};

export async function lockFailure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LockDriverError) return error.code;
    throw error;
  }
  throw new Error('expected a LockDriverError');
}

export async function eventually(check: () => boolean, what: string, timeoutMs = EVENT_WAIT_MS): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A valid code of the lock's first supported length, distinct per `seed`. */
function codeFor(lengths: number[], seed: number, length = lengths[0]!): string {
  return String(seed).padStart(length, '7').slice(-length);
}

export function describeLockDriverContract(name: string, makeFixture: () => Promise<LockDriverFixture>): void {
  describe(`LockDriver contract: ${name}`, () => {
    const open: LockDriverFixture[] = [];
    afterEach(async () => {
      for (const fixture of open.splice(0)) await fixture.close?.();
    });
    const fresh = async (): Promise<LockDriverFixture> => {
      const fixture = await makeFixture();
      open.push(fixture);
      return fixture;
    };

    it('reports the capabilities of the lock', async () => {
      const { driver, world } = await fresh();
      const { slotCount, codeLengths, nativeSchedules } = driver.capabilities;
      expect({ slotCount, codeLengths, nativeSchedules }).toEqual({
        slotCount: world.truth.slotCount,
        codeLengths: world.truth.codeLengths,
        nativeSchedules: world.truth.nativeSchedules,
      });
      expect(codeLengths.length).toBeGreaterThan(0);
      expect([...codeLengths].sort((a, b) => a - b)).toEqual(codeLengths);
      expect(typeof driver.lockId).toBe('string');
    });

    it('sets, overwrites and clears slots; clearing an empty slot succeeds', async () => {
      const { driver, world } = await fresh();
      const lengths = world.truth.codeLengths;
      const last = world.truth.slotCount;
      await driver.setCode(3, codeFor(lengths, 4821));
      await driver.setCode(3, codeFor(lengths, 9071, lengths.at(-1)));
      await driver.setCode(last, codeFor(lengths, 1357));
      await driver.clearSlot(2); // never held anything
      const read = await driver.readSlots();
      expect(read.map((s) => s.slot)).toEqual([3, last]);
      if (driver.capabilities.readableCodes) {
        expect(read).toEqual([
          { slot: 3, code: codeFor(lengths, 9071, lengths.at(-1)) },
          { slot: last, code: codeFor(lengths, 1357) },
        ]);
      }
      await driver.clearSlot(3);
      await driver.clearSlot(3);
      expect((await driver.readSlots()).map((s) => s.slot)).toEqual([last]);
    });

    it('reads codes back, or reports them masked and says so in its capabilities', async () => {
      const { driver, world } = await fresh();
      const code = codeFor(world.truth.codeLengths, 2468);
      await driver.setCode(5, code);
      const read = await driver.readSlots();
      expect(driver.capabilities.readableCodes).toBe(world.truth.readableCodes);
      expect(read).toEqual([{ slot: 5, code: world.truth.readableCodes ? code : null }]);
    });

    it('turns a duplicate refused by the lock into duplicate_on_lock, and allows rewriting the same slot', async (context) => {
      const { driver, world } = await fresh();
      if (!world.truth.rejectsDuplicates) context.skip();
      const code = codeFor(world.truth.codeLengths, 5555);
      await driver.setCode(1, code);
      expect(await lockFailure(driver.setCode(2, code))).toBe('duplicate_on_lock');
      await expect(driver.setCode(1, code)).resolves.toBeUndefined();
      expect((await driver.readSlots()).map((s) => s.slot)).toEqual([1]);
    });

    it('refuses a code length the lock does not take with length_not_supported', async () => {
      const { driver } = await fresh();
      const lengths = driver.capabilities.codeLengths;
      const unsupported = [3, ...Array.from({ length: 8 }, (_, i) => i + 4)].find((n) => !lengths.includes(n));
      expect(unsupported).toBeDefined();
      expect(await lockFailure(driver.setCode(1, '9'.repeat(unsupported!)))).toBe('length_not_supported');
      expect(await driver.readSlots()).toEqual([]);
    });

    it('refuses slots outside 1..slotCount with rejected_by_lock', async () => {
      const { driver } = await fresh();
      const code = codeFor(driver.capabilities.codeLengths, 1234);
      const beyond = driver.capabilities.slotCount + 1;
      expect(await lockFailure(driver.setCode(0, code))).toBe('rejected_by_lock');
      expect(await lockFailure(driver.setCode(beyond, code))).toBe('rejected_by_lock');
      expect(await lockFailure(driver.clearSlot(beyond))).toBe('rejected_by_lock');
      expect(await driver.readSlots()).toEqual([]);
    });

    it('fails operations with lock_unreachable while the lock is off the network, and reports reachability', async () => {
      const { driver, world } = await fresh();
      const code = codeFor(driver.capabilities.codeLengths, 8642);
      const heard: boolean[] = [];
      const unsubscribe = driver.onReachability((reachable) => heard.push(reachable));
      await world.setReachable(false);
      await eventually(() => heard.includes(false), 'the unreachable event');
      expect(await lockFailure(driver.setCode(1, code))).toBe('lock_unreachable');
      expect(await lockFailure(driver.clearSlot(1))).toBe('lock_unreachable');
      expect(await lockFailure(driver.readSlots())).toBe('lock_unreachable');
      await world.setReachable(true);
      await eventually(() => heard.at(-1) === true, 'the reachable event');
      await driver.setCode(1, code);
      expect((await driver.readSlots()).map((s) => s.slot)).toEqual([1]);
      unsubscribe();
      expect(heard).toEqual([false, true]);
    });

    it('reports keypad use with the slot that matched, and null for a wrong code', async () => {
      const { driver, world } = await fresh();
      const code = codeFor(driver.capabilities.codeLengths, 4821);
      const wrong = codeFor(driver.capabilities.codeLengths, 1111);
      await driver.setCode(7, code);
      const uses: KeypadUse[] = [];
      const unsubscribe = driver.onKeypad((use) => uses.push(use));
      await world.typeCode(code);
      await eventually(() => uses.length >= 1, 'the keypad unlock');
      await world.typeCode(wrong);
      await eventually(() => uses.length >= 2, 'the wrong-code event');
      expect(uses.map(({ slot, unlocked }) => ({ slot, unlocked }))).toEqual([
        { slot: 7, unlocked: true },
        { slot: null, unlocked: false },
      ]);
      expect(uses.every((use) => use.at instanceof Date && !Number.isNaN(use.at.getTime()))).toBe(true);
      unsubscribe();
      await world.typeCode(code);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(uses).toHaveLength(2);
    });

    it('reports the battery level the lock reports', async () => {
      const { driver, world } = await fresh();
      await world.setBattery(42);
      expect(await driver.battery()).toBe(42);
      await world.setBattery(87);
      expect(await driver.battery()).toBe(87);
    });

    it('hands a schedule given with a code to a lock with native schedules, and lifts it with a plain set', async (context) => {
      const { driver, world } = await fresh();
      if (!driver.capabilities.nativeSchedules) context.skip();
      const code = codeFor(driver.capabilities.codeLengths, 3691);
      await driver.setCode(4, code, PAST_SCHEDULE);
      expect(await world.hasSchedule(4)).toBe(true);
      expect((await driver.readSlots()).map((s) => s.slot)).toEqual([4]);
      await driver.setCode(4, code);
      expect(await world.hasSchedule(4)).toBe(false);
    });
  });
}
