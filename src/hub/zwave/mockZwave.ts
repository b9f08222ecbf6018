/**
 * TEST SUPPORT (tests and bench only): a Z-Wave network made of zwave-js's own mock serial port, mock controller
 * and mock lock nodes, driven by the real zwave-js driver through ZwaveNetwork. Recipe: ../shared/recipes.
 *
 * The mock nodes behave like real keypad locks where the default mock does not: they answer Notification Get
 * and Battery Get, can refuse duplicate codes (Supervision FAIL + Access Control 0x0F, like real locks), mask
 * codes on read-back ("****"), go silent (off the air), and "type" codes on the keypad.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CommandClasses } from '@zwave-js/core';
import {
  ccCaps,
  createMockZWaveRequestFrame,
  MockController,
  MockNode,
  type MockNodeBehavior,
} from '@zwave-js/testing';
import type { Logger } from 'pino';
import {
  BatteryCCGet,
  BatteryCCReport,
  BatteryCCValues,
  type CommandClass,
  type Driver,
  KeypadMode,
  NotificationCCGet,
  NotificationCCReport,
  UserCodeCCExtendedUserCodeSet,
  UserCodeCCGet,
  UserCodeCCReport,
  UserCodeCCSet,
  UserIDStatus,
  type ZWaveNode,
} from 'zwave-js';
import {
  createAndStartDriverWithMockPort,
  createDefaultMockControllerBehaviors,
  createDefaultMockNodeBehaviors,
} from 'zwave-js/Testing';
import { silentLogger } from '../../mqtt/testBroker.ts';
import type { LockWorld } from '../lockDriverContract.ts';
import type { ZwaveLock, ZwaveLockOptions } from './zwaveLock.ts';
import { ZwaveNetwork } from './zwaveNetwork.ts';

export interface MockLockSpec {
  nodeId: number;
  /** Default true. Without Supervision a set resolves as soon as the radio delivered it. */
  supervision?: boolean;
  /** Default true: refuse a code another slot holds (FAIL + Access Control 0x0F), like real locks. */
  rejectDuplicates?: boolean;
  /** Default false: answer read-backs with "****". */
  masksCodes?: boolean;
  /** User Code slots. Default 10 (tests read every slot often). */
  slots?: number;
  /** Default true: Schedule Entry Lock CC v3 (7 week-day, 1 year-day, 1 daily-repeating slot per user). */
  schedules?: boolean;
  /** Default true: Battery CC. */
  battery?: boolean;
  /** Radio time of one frame each way, ms. Default 10 (zwave-js's mock default). */
  txDelayMs?: number;
  /** Default false: User Code CC v2 Keypad Mode lists "locked out" (otherwise Normal only, zwave-js's default). */
  keypadLockout?: boolean;
}

const ACCESS_CONTROL = 0x06;
const CODE_KEY = 'UserCode_userCode_';
const STATUS_KEY = 'UserCode_userIdStatus_';
const SCHEDULE_KEY = 'ScheduleEntryLock_schedule_';
const BATTERY_KEY = 'Keyway_battery';
/** zwave-js's User Code mock keeps the keypad mode here. */
const KEYPAD_MODE_KEY = 'UserCode_keypadMode';
const DEFAULT_BATTERY = 90;

/** One mock lock: the device on the mock radio, and the zwave-js node the driver sees. */
export class MockLock {
  #online = true;

  constructor(
    readonly spec: Required<MockLockSpec>,
    readonly device: MockNode,
    readonly driver: Driver,
  ) {}

  /** The node as the zwave-js driver sees it (exists once the driver is ready). */
  get node(): ZWaveNode {
    return this.driver.controller.nodes.getOrThrow(this.spec.nodeId);
  }

  get online(): boolean {
    return this.#online;
  }

  /** The codes the device really holds (digits always visible). */
  codes(): Map<number, string> {
    const codes = new Map<number, string>();
    for (const [key, value] of this.device.state) {
      if (!key.startsWith(CODE_KEY) || !value) continue;
      const slot = Number(key.slice(CODE_KEY.length));
      const status = this.device.state.get(`${STATUS_KEY}${slot}`);
      if (status !== UserIDStatus.Available) codes.set(slot, String(value));
    }
    return codes;
  }

  /** Schedule Entry Lock entries the device holds for `slot` (state keys: kind and slot id). */
  schedules(slot: number): { key: string; entry: unknown }[] {
    const prefix = `${SCHEDULE_KEY}${slot}_`;
    return [...this.device.state]
      .filter(([key, value]) => key.startsWith(prefix) && value !== undefined)
      .map(([key, entry]) => ({ key: key.slice(SCHEDULE_KEY.length), entry }));
  }

  /** The device stops acknowledging and answering at once; the controller finds out on its next frame. */
  fallSilent(): void {
    this.#online = false;
    this.device.autoAckControllerFrames = false;
  }

  /**
   * Takes the device off the air (it neither acknowledges nor answers) or back on. The controller notices
   * what a real network notices: a ping fails (node dead) or succeeds (alive).
   */
  async setOnline(online: boolean): Promise<void> {
    if (online) {
      this.#online = true;
      this.device.autoAckControllerFrames = true;
    } else this.fallSilent();
    if (online !== (this.node.status !== 3) /* NodeStatus.Dead */) await this.node.ping();
  }

  /** The device's keypad mode (KeypadMode: 0 normal, 3 locked out). */
  keypadMode(): number {
    return (this.device.state.get(KEYPAD_MODE_KEY) as number | undefined) ?? KeypadMode.Normal;
  }

  /**
   * Someone types `code`: keypad unlock with the slot that holds it, else a wrong-code event (0x13). A locked-out
   * keypad takes nothing and says nothing.
   */
  async typeCode(code: string): Promise<void> {
    if (this.keypadMode() === KeypadMode.LockedOut) return;
    const slot = [...this.codes()].find(([, held]) => held === code)?.[0];
    await (slot === undefined ? this.sendAccessControl(0x13) : this.sendAccessControl(0x06, slot));
  }

  /** The device reports an Access Control event (Notification CC), with the user id where the event has one. */
  async sendAccessControl(event: number, userId?: number): Promise<void> {
    await this.#send(
      new NotificationCCReport({
        nodeId: this.device.controller.ownNodeId,
        notificationType: ACCESS_CONTROL,
        notificationEvent: event,
        ...(userId === undefined ? {} : { eventParameters: Uint8Array.from([userId]) }),
      }),
    );
  }

  /** The device reports a new battery level (unsolicited, as locks do); resolves once zwave-js has it. */
  async setBattery(level: number): Promise<void> {
    this.device.state.set(BATTERY_KEY, level);
    await this.#send(new BatteryCCReport({ nodeId: this.device.controller.ownNodeId, level }));
    const deadline = performance.now() + 3_000;
    while (this.node.getValue(BatteryCCValues.level.id) !== level) {
      if (performance.now() > deadline) throw new Error('zwave-js did not take the battery report');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Empties the device (codes, schedules) and puts it back on the air. */
  async reset(): Promise<void> {
    for (const key of [...this.device.state.keys()]) {
      if (key.startsWith('UserCode_') || key.startsWith(SCHEDULE_KEY)) this.device.state.delete(key);
    }
    this.device.state.set(BATTERY_KEY, DEFAULT_BATTERY);
    if (!this.#online || this.node.status === 3) await this.setOnline(true);
  }

  /** The contract's view of this device. */
  world(slotCount = this.spec.slots): LockWorld {
    return {
      truth: {
        slotCount,
        codeLengths: [4, 5, 6, 7, 8],
        readableCodes: !this.spec.masksCodes,
        nativeSchedules: this.spec.schedules,
        rejectsDuplicates: this.spec.rejectDuplicates,
      },
      typeCode: (code) => this.typeCode(code),
      setReachable: (reachable) => this.setOnline(reachable),
      setBattery: (level) => this.setBattery(level),
      hasSchedule: async (slot) => this.schedules(slot).length > 0,
    };
  }

  async #send(cc: CommandClass): Promise<void> {
    await this.device.sendToController(createMockZWaveRequestFrame(cc, { ackRequested: false }));
  }

  /** Behaviours defined last take precedence over zwave-js's defaults. */
  behaviors(): MockNodeBehavior[] {
    const behaviors: MockNodeBehavior[] = [answerNotificationGet, answerBatteryGet];
    if (this.spec.rejectDuplicates) behaviors.push(rejectDuplicateCodes);
    if (this.spec.masksCodes) behaviors.push(maskCodesOnReadBack);
    behaviors.push({ handleCC: () => (this.#online ? undefined : { action: 'stop' }) });
    return behaviors;
  }
}

export interface MockZwave {
  network: ZwaveNetwork;
  /** Drivers found by the network, by node id. */
  locks: Map<number, ZwaveLock>;
  devices: Map<number, MockLock>;
  cacheDir: string;
  close(): Promise<void>;
}

/** Starts a mock network with one mock lock per spec; resolves once every lock is interviewed and found. */
export async function startMockZwave(
  specs: MockLockSpec[],
  options: { lock?: ZwaveLockOptions; logger?: Logger } = {},
): Promise<MockZwave> {
  const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'keyway-zwave-'));
  const devices = new Map<number, MockLock>();
  let mockController: MockController | undefined;
  const network = new ZwaveNetwork({
    port: 'mock',
    keys: {},
    cacheDir,
    logger: options.logger ?? silentLogger,
    lock: options.lock,
    maskedNodeIds: [],
    openDriver: async (_port, zwaveOptions) => {
      const { driver, continueStartup, mockPort, serial } = await createAndStartDriverWithMockPort({
        ...zwaveOptions,
        testingHooks: { skipFirmwareIdentification: true },
      });
      mockController = await MockController.create({ homeId: 0x7e570001, ownNodeId: 1, mockPort, serial });
      mockController.defineBehavior(...createDefaultMockControllerBehaviors());
      for (const given of specs) {
        const spec = withDefaults(given);
        const device = await MockNode.create({
          id: spec.nodeId,
          controller: mockController,
          capabilities: {
            genericDeviceClass: 0x40,
            specificDeviceClass: 0x03,
            txDelay: spec.txDelayMs,
            commandClasses: lockCommandClasses(spec),
          },
        });
        mockController.addNode(device);
        device.defineBehavior(...createDefaultMockNodeBehaviors());
        const mock = new MockLock(spec, device, driver);
        device.defineBehavior(...mock.behaviors());
        devices.set(spec.nodeId, mock);
      }
      return { driver, start: async () => continueStartup() };
    },
  });
  const close = async () => {
    await network.stop();
    mockController?.destroy();
    await rm(cacheDir, { recursive: true, force: true });
  };
  try {
    const found = await network.start();
    const locks = new Map(found.map((lock) => [lock.nodeId, lock]));
    if (locks.size !== specs.length) throw new Error(`only ${locks.size} of ${specs.length} mock locks got ready`);
    return { network, locks, devices, cacheDir, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function withDefaults(spec: MockLockSpec): Required<MockLockSpec> {
  return {
    supervision: true,
    rejectDuplicates: true,
    masksCodes: false,
    slots: 10,
    schedules: true,
    battery: true,
    txDelayMs: 10,
    keypadLockout: false,
    ...spec,
  };
}

function lockCommandClasses(spec: Required<MockLockSpec>) {
  return [
    { ccId: CommandClasses.Version as CommandClasses.Version, version: 3 },
    ...(spec.supervision ? [CommandClasses.Supervision] : []),
    ccCaps({
      ccId: CommandClasses['User Code'],
      version: 2,
      numUsers: spec.slots,
      supportedASCIIChars: '0123456789',
      supportedKeypadModes: spec.keypadLockout ? [KeypadMode.Normal, KeypadMode.LockedOut] : [KeypadMode.Normal],
    }),
    ccCaps({
      ccId: CommandClasses.Notification,
      version: 8,
      supportsV1Alarm: false,
      // Access Control: manual lock, keypad lock/unlock, duplicate code, wrong codes, outside schedule
      notificationTypesAndEvents: { [ACCESS_CONTROL]: [0x01, 0x05, 0x06, 0x0f, 0x13, 0x30] },
    }),
    ...(spec.battery ? [CommandClasses.Battery] : []),
    ...(spec.schedules
      ? [
          ccCaps({
            ccId: CommandClasses['Schedule Entry Lock'],
            version: 3,
            numWeekDaySlots: 7,
            numYearDaySlots: 1,
            numDailyRepeatingSlots: 1,
          }),
        ]
      : []),
  ];
}

// ---- behaviours -----------------------------------------------------------------------------------------

/** The default Notification mock does not answer Notification Get (a 1 s interview timeout otherwise). */
const answerNotificationGet: MockNodeBehavior = {
  handleCC(controller, _self, cc) {
    if (!(cc instanceof NotificationCCGet)) return undefined;
    return {
      action: 'sendCC',
      cc: new NotificationCCReport({
        nodeId: controller.ownNodeId,
        notificationType: cc.notificationType ?? ACCESS_CONTROL,
        notificationEvent: 0x00,
        notificationStatus: 0xff,
      }),
    };
  },
};

/** zwave-js has no Battery mock. */
const answerBatteryGet: MockNodeBehavior = {
  handleCC(controller, self, cc) {
    if (!(cc instanceof BatteryCCGet)) return undefined;
    const level = (self.state.get(BATTERY_KEY) as number | undefined) ?? DEFAULT_BATTERY;
    return { action: 'sendCC', cc: new BatteryCCReport({ nodeId: controller.ownNodeId, level }) };
  },
};

function incomingCodes(cc: CommandClass): { userId: number; userIdStatus: number; userCode: unknown }[] {
  if (cc instanceof UserCodeCCExtendedUserCodeSet)
    return cc.userCodes.map(({ userId, userIdStatus, userCode }) => ({ userId, userIdStatus, userCode }));
  if (cc instanceof UserCodeCCSet) return [{ userId: cc.userId, userIdStatus: cc.userIdStatus, userCode: cc.userCode }];
  return [];
}

/** Refuses a code another slot holds: Access Control 0x0F, then FAIL (a Supervision Report FAIL when supervised). */
const rejectDuplicateCodes: MockNodeBehavior = {
  async handleCC(controller, self, cc) {
    for (const { userId, userIdStatus, userCode } of incomingCodes(cc)) {
      if (userIdStatus === UserIDStatus.Available || !userCode) continue;
      const code = typeof userCode === 'string' ? userCode : Buffer.from(userCode as Uint8Array).toString('ascii');
      for (const [key, value] of self.state) {
        if (key.startsWith(CODE_KEY) && key !== `${CODE_KEY}${userId}` && value === code) {
          await self.sendToController(
            createMockZWaveRequestFrame(
              new NotificationCCReport({
                nodeId: controller.ownNodeId,
                notificationType: ACCESS_CONTROL,
                notificationEvent: 0x0f,
              }),
              { ackRequested: false },
            ),
          );
          return { action: 'fail' };
        }
      }
    }
    return undefined;
  },
};

/** Answers read-backs with "****" instead of the digits. */
const maskCodesOnReadBack: MockNodeBehavior = {
  transformResponse(controller, _self, received, response) {
    if (
      received instanceof UserCodeCCGet &&
      response.action === 'sendCC' &&
      response.cc instanceof UserCodeCCReport &&
      response.cc.userCode
    ) {
      return {
        ...response,
        cc: new UserCodeCCReport({
          nodeId: controller.ownNodeId,
          userId: response.cc.userId,
          userIdStatus: response.cc.userIdStatus,
          userCode: '*'.repeat(String(response.cc.userCode).length),
        }),
      };
    }
    return response;
  },
};
