/**
 * The zwave driver on zwave-js's mock controller: the driver contract on three kinds of lock, then what only a
 * Z-Wave lock does. One mock network for the whole file (an interview takes about a second per node).
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KeypadMode,
  RemoveNodeReason,
  ScheduleEntryLockCCYearDayScheduleSet,
  UserCodeCCExtendedUserCodeSet,
  UserCodeCCSet,
} from 'zwave-js';
import { type KeypadUse, LockDriverError } from '../lockDriver.ts';
import { describeLockDriverContract, eventually, type LockDriverFixture, lockFailure } from '../lockDriverContract.ts';
import { type MockZwave, startMockZwave } from './mockZwave.ts';
import { ZwaveLock, type ZwaveLockOptions } from './zwaveLock.ts';

const SUPERVISED = 2;
const UNSUPERVISED = 3;
const MASKED = 4;
const PLAIN = 5; // 30 slots, no Schedule Entry Lock, no Battery: pacing, a node dying mid-command, removal

/** Radio time per frame on the mock, ms (zwave-js's default is 10): keeps the file fast. */
const FAST_RADIO = 2;
const testOptions: ZwaveLockOptions = { readPauseMs: 0, duplicateWindowMs: 300 };
let zwave: MockZwave;

beforeAll(async () => {
  zwave = await startMockZwave(
    [
      { nodeId: SUPERVISED, txDelayMs: FAST_RADIO, keypadLockout: true },
      { nodeId: UNSUPERVISED, supervision: false, txDelayMs: FAST_RADIO },
      { nodeId: MASKED, masksCodes: true, txDelayMs: FAST_RADIO },
      { nodeId: PLAIN, slots: 30, schedules: false, battery: false, rejectDuplicates: false, txDelayMs: FAST_RADIO },
    ],
    { lock: testOptions },
  );
}, 60_000);

afterAll(async () => {
  await zwave?.close();
});

/** A fresh driver on an emptied device (the network's own driver for the node keeps running beside it). */
async function fixture(nodeId: number, options: ZwaveLockOptions = testOptions): Promise<LockDriverFixture> {
  const device = zwave.devices.get(nodeId)!;
  await device.reset();
  const driver = await ZwaveLock.create(device.node, options);
  return { driver, world: device.world(), close: async () => driver.dispose() };
}

describeLockDriverContract('zwave on the mock: Supervision, refuses duplicates', () => fixture(SUPERVISED));
describeLockDriverContract('zwave on the mock: no Supervision, refuses duplicates', () => fixture(UNSUPERVISED));
describeLockDriverContract('zwave on the mock: masks codes on read-back', () => fixture(MASKED));

describe('ZwaveNetwork on the mock', () => {
  it('finds every lock node, addressed by node id, with its capabilities', () => {
    expect([...zwave.locks.values()].map((lock) => lock.lockId).sort()).toEqual(['2', '3', '4', '5']);
    expect(zwave.locks.get(SUPERVISED)!.capabilities).toEqual({
      slotCount: 10,
      codeLengths: [4, 5, 6, 7, 8],
      readableCodes: true,
      nativeSchedules: true,
      keypadLockout: true,
    });
    // User Code CC v2 without "locked out" among its keypad modes: no lockout.
    expect(zwave.locks.get(PLAIN)!.capabilities).toMatchObject({
      slotCount: 30,
      nativeSchedules: false,
      keypadLockout: false,
    });
  });
});

describe('ZwaveLock beyond the contract', () => {
  it('knows a lock masks codes from its configuration, before any read', async () => {
    const { driver } = await fixture(MASKED, { ...testOptions, masksCodes: true });
    expect(driver.capabilities.readableCodes).toBe(false);
    (driver as ZwaveLock).dispose();
  });

  it('takes code lengths from configuration, and refuses others', async () => {
    const { driver } = await fixture(SUPERVISED, { ...testOptions, codeLengths: [6, 4, 6] });
    expect(driver.capabilities.codeLengths).toEqual([4, 6]);
    expect(await lockFailure(driver.setCode(1, '12345'))).toBe('length_not_supported');
    expect(zwave.devices.get(SUPERVISED)!.codes()).toEqual(new Map());
    (driver as ZwaveLock).dispose();
  });

  it('reads slots one at a time with the configured pause between them', async () => {
    const pauses: number[] = [];
    const { driver } = await fixture(PLAIN, {
      ...testOptions,
      readPauseMs: 25,
      sleep: (ms) => {
        pauses.push(ms);
        return new Promise((resolve) => setTimeout(resolve, ms));
      },
    });
    await driver.setCode(30, '4821');
    const started = performance.now();
    expect(await driver.readSlots()).toEqual([{ slot: 30, code: '4821' }]);
    expect(pauses).toEqual(Array.from({ length: 29 }, () => 25));
    expect(performance.now() - started).toBeGreaterThanOrEqual(29 * 25);
    (driver as ZwaveLock).dispose();
  });

  it('writes a year-day schedule in the schedule time zone, and a weekly rule as a daily-repeating entry', async () => {
    const { driver } = await fixture(SUPERVISED);
    const device = zwave.devices.get(SUPERVISED)!;
    await driver.setCode(2, '4821', {
      timeZone: 'Europe/Paris',
      from: '2030-06-01T07:00:30.000Z',
      to: '2030-06-03T16:30:00.000Z',
      weekly: null,
    });
    expect(device.schedules(2)).toEqual([
      {
        key: '2_1_1', // user 2, slot 1, year-day
        entry: expect.objectContaining({ startYear: 30, startMonth: 6, startDay: 1, startHour: 9, startMinute: 1 }),
      },
    ]);
    expect(device.schedules(2)[0]!.entry).toMatchObject({ stopYear: 30, stopMonth: 6, stopDay: 3, stopHour: 18 });
    await driver.setCode(2, '4821', {
      timeZone: 'Europe/Paris',
      from: null,
      to: null,
      weekly: { days: ['sat', 'mon'], start: '22:00', end: '02:00' },
    });
    expect(device.schedules(2)).toEqual([
      {
        key: '2_1_2', // daily repeating replaces the year-day entry
        entry: expect.objectContaining({
          weekdays: [1, 6],
          startHour: 22,
          startMinute: 0,
          durationHour: 4,
          durationMinute: 0,
        }),
      },
    ]);
    await driver.clearSlot(2);
    expect(device.schedules(2)).toEqual([]);
    (driver as ZwaveLock).dispose();
  });

  it('takes the code off again when the lock refuses its schedule (never a time-bound code at all hours)', async () => {
    const { driver } = await fixture(SUPERVISED);
    const device = zwave.devices.get(SUPERVISED)!;
    let refuse = true;
    device.device.defineBehavior({
      handleCC: (_controller, _self, cc) =>
        refuse && cc instanceof ScheduleEntryLockCCYearDayScheduleSet && cc.action === 1
          ? { action: 'fail' }
          : undefined,
    });
    const schedule = { timeZone: 'UTC', from: '2030-01-01T00:00:00Z', to: '2030-01-02T00:00:00Z', weekly: null };
    try {
      expect(await lockFailure(driver.setCode(6, '4821', schedule))).toBe('rejected_by_lock');
      expect(device.codes().has(6)).toBe(false);
    } finally {
      refuse = false;
      (driver as ZwaveLock).dispose();
    }
  });

  it('ignores a schedule on a lock without Schedule Entry Lock (Keyway enforces it), and has no battery', async () => {
    const { driver } = await fixture(PLAIN);
    await driver.setCode(1, '4821', { timeZone: 'UTC', from: '2030-01-01T00:00:00Z', to: null, weekly: null });
    expect(zwave.devices.get(PLAIN)!.codes()).toEqual(new Map([[1, '4821']]));
    expect(await driver.battery()).toBeNull();
    (driver as ZwaveLock).dispose();
  });

  it('reports lock_unreachable for a node that goes dead mid-command, then works again once it is back', async () => {
    const { driver } = await fixture(PLAIN);
    const device = zwave.devices.get(PLAIN)!;
    const heard: boolean[] = [];
    driver.onReachability((reachable) => heard.push(reachable));
    let dieOnNextSet = true;
    // The lock acknowledges the Set frame, then falls silent before acting on it (battery pulled, out of range).
    device.device.defineBehavior({
      handleCC: (_controller, _self, cc) => {
        if (!dieOnNextSet || !(cc instanceof UserCodeCCSet || cc instanceof UserCodeCCExtendedUserCodeSet)) return;
        dieOnNextSet = false;
        device.fallSilent();
        return { action: 'stop' };
      },
    });
    // zwave-js: the node acknowledged but never confirmed (Supervision Report timeout), or the ACK is missing.
    const failure = await lockFailure(driver.setCode(3, '4821'));
    expect(failure).toBe('lock_unreachable');
    expect(await lockFailure(driver.readSlots())).toBe('lock_unreachable');
    await eventually(() => heard.includes(false), 'the dead event');
    expect(device.codes().has(3)).toBe(false);
    await device.setOnline(true);
    await eventually(() => heard.at(-1) === true, 'the alive event');
    await driver.setCode(3, '4821');
    expect(device.codes()).toEqual(new Map([[3, '4821']]));
    (driver as ZwaveLock).dispose();
  });

  it('forwards keypad lock events with their slot (door not opened) and ignores manual locking', async () => {
    const { driver } = await fixture(SUPERVISED);
    const device = zwave.devices.get(SUPERVISED)!;
    const uses: KeypadUse[] = [];
    driver.onKeypad((use) => uses.push(use));
    await device.sendAccessControl(0x05, 4); // keypad lock by user 4
    await device.sendAccessControl(0x01); // manual lock: not keypad use
    await device.sendAccessControl(0x13); // wrong codes
    await device.sendAccessControl(0x06, 2);
    await eventually(() => uses.length >= 3, 'three keypad events');
    expect(uses.map(({ slot, unlocked }) => ({ slot, unlocked }))).toEqual([
      { slot: 4, unlocked: false },
      { slot: null, unlocked: false },
      { slot: 2, unlocked: true },
    ]);
    (driver as ZwaveLock).dispose();
  });

  it('locks the keypad out with Keypad Mode "locked out", then puts it back to normal', async () => {
    const { driver } = await fixture(SUPERVISED);
    const device = zwave.devices.get(SUPERVISED)!;
    await driver.setCode(1, '4821');
    const uses: KeypadUse[] = [];
    driver.onKeypad((use) => uses.push(use));
    await driver.lockOutKeypad(400);
    expect(device.keypadMode()).toBe(KeypadMode.LockedOut);
    await device.typeCode('4821'); // the right code: the locked-out keypad takes nothing
    await eventually(() => device.keypadMode() === KeypadMode.Normal, 'the keypad back to normal');
    expect(uses).toEqual([]);
    await device.typeCode('4821');
    await eventually(() => uses.length === 1, 'the keypad opening again');
    expect(uses[0]).toMatchObject({ slot: 1, unlocked: true });
    (driver as ZwaveLock).dispose();
  });

  it('refuses a lockout on a lock whose keypad has no locked-out mode', async () => {
    const { driver } = await fixture(PLAIN);
    expect(await lockFailure(driver.lockOutKeypad(60_000))).toBe('rejected_by_lock');
    expect(zwave.devices.get(PLAIN)!.keypadMode()).toBe(KeypadMode.Normal);
    (driver as ZwaveLock).dispose();
  });

  it('follows a lock node removed from the network', async () => {
    const device = zwave.devices.get(PLAIN)!;
    const removed: string[] = [];
    zwave.network.onLockRemoved((lockId) => removed.push(lockId));
    device.driver.controller.emit('node removed', device.node, RemoveNodeReason.Excluded);
    expect(removed).toEqual(['5']);
    expect(zwave.network.locks().map((lock) => lock.lockId)).not.toContain('5');
  });

  it('maps zwave-js transmission errors to lock_unreachable and other failures to rejected_by_lock', async () => {
    const { toLockDriverError } = await import('./zwaveLock.ts');
    const { ZWaveError, ZWaveErrorCodes } = await import('zwave-js');
    expect(toLockDriverError(new ZWaveError('x', ZWaveErrorCodes.Controller_CallbackNOK)).code).toBe(
      'lock_unreachable',
    );
    expect(toLockDriverError(new ZWaveError('x', ZWaveErrorCodes.Controller_NodeTimeout)).code).toBe(
      'lock_unreachable',
    );
    const other = toLockDriverError(new ZWaveError('code 4821 invalid', ZWaveErrorCodes.Argument_Invalid));
    expect(other).toBeInstanceOf(LockDriverError);
    expect(other.code).toBe('rejected_by_lock');
    expect(other.message).not.toContain('4821');
  });
});
