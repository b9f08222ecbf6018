/**
 * One Z-Wave lock node as a LockDriver (lockId = the node id as a string), on zwave-js.
 *
 * - Codes: User Code CC set/clear. Where the node has Supervision the lock answers each set: a FAIL is a
 *   duplicate when an Access Control 0x0F event ("not added: duplicate") arrives within `duplicateWindowMs`,
 *   otherwise `rejected_by_lock`. Without Supervision a set only proves the radio delivered it, so the slot is
 *   read back: a matching code is success; anything else is a duplicate (0x0F within the window) or a rejection.
 *   On a masked lock the read-back cannot prove the digits, so the window is waited out after it.
 * - Read-back (`readSlots`): one User Code Get per slot, one at a time, `readPauseMs` apart, so a battery lock's
 *   radio is never flooded. Codes that come back as "****" (or any non-digits) are masked: the lock is then
 *   known not to have readable codes (also settable up front with `masksCodes`).
 * - Keypad: Notification CC Access Control events (accessControl.ts). Battery: Battery CC (the last reported
 *   level; one Get when none is known). Reachability: zwave-js's dead/alive. A command to a node zwave-js holds
 *   dead pings it first (one frame) and fails with `lock_unreachable` if it does not answer.
 * - Schedules: Schedule Entry Lock CC (scheduleEntries.ts) when the node has it.
 * - Keypad lockout: User Code CC v2 Keypad Mode "locked out" where the node lists it among its supported modes;
 *   this driver puts the keypad back to Normal when the lockout ends (and at start, should a restart have
 *   interrupted one: a keypad left locked out would keep every resident outside).
 *
 * No PIN is logged here; zwave-js masks user codes in its own logs.
 */
import type { Logger } from 'pino';
import {
  BatteryCCValues,
  KeypadMode,
  NodeStatus,
  ScheduleEntryLockCCValues,
  UserCodeCCValues,
  UserIDStatus,
  ZWaveError,
  ZWaveErrorCodes,
  type ZWaveNode,
} from 'zwave-js';
import type { LockSchedule } from '../../domain/guest/lockSchedule.ts';
import { type Clock, systemClock } from '../../platform/clock.ts';
import { Listeners } from '../listeners.ts';
import { type KeypadUse, type LockCapabilities, type LockDriver, LockDriverError } from '../lockDriver.ts';
import { ACCESS_CONTROL, accessControlMeaning, type NotificationArgs } from './accessControl.ts';
import { planScheduleEntries, type ScheduleEntries, type ScheduleSlotCounts } from './scheduleEntries.ts';

export interface ZwaveLockOptions {
  /** Pause between two slot reads in `readSlots`, ms. Default 200 (0 = back to back). */
  readPauseMs?: number;
  /** How long to wait for an Access Control 0x0F "duplicate" event after a refused or unconfirmed set, ms. Default 1000. */
  duplicateWindowMs?: number;
  /** PIN lengths the keypad takes, when known from the lock's manual. Default: what the lock reports, else 4–8. */
  codeLengths?: number[];
  /**
   * A lock zwave-js holds dead is pinged before a command, at most once per this period, ms; commands in between
   * fail at once with lock_unreachable (a failed ping costs seconds of radio time). Default 10 000.
   */
  deadPingIntervalMs?: number;
  /** The lock masks codes on read-back (known up front; otherwise learned on the first masked read). */
  masksCodes?: boolean;
  logger?: Logger;
  clock?: Clock;
  /** Timer seam for the pauses above. */
  sleep?: (ms: number) => Promise<void>;
}

/** When the lock does not say: 4–8 digits, what practically every Z-Wave keypad lock accepts. */
export const DEFAULT_CODE_LENGTHS = [4, 5, 6, 7, 8];
/** User Code CC allows 4–10 characters. */
const ZWAVE_CODE_LENGTHS = { min: 4, max: 10 };
const DEFAULT_READ_PAUSE_MS = 200;
const DEFAULT_DUPLICATE_WINDOW_MS = 1000;
const DEFAULT_DEAD_PING_INTERVAL_MS = 10_000;
const OCCUPIED = new Set<number>([
  UserIDStatus.Enabled,
  UserIDStatus.Disabled,
  UserIDStatus.Messaging,
  UserIDStatus.PassageMode,
]);
/** zwave-js errors that mean the frame did not get through (or the node is gone). */
const UNREACHABLE_ERRORS = new Set<number>([
  ZWaveErrorCodes.Controller_Timeout,
  ZWaveErrorCodes.Controller_NodeTimeout,
  ZWaveErrorCodes.Controller_MessageDropped,
  ZWaveErrorCodes.Controller_ResponseNOK,
  ZWaveErrorCodes.Controller_CallbackNOK,
  ZWaveErrorCodes.Controller_Jammed,
  ZWaveErrorCodes.Controller_MessageExpired,
  ZWaveErrorCodes.Controller_NodeRemoved,
  ZWaveErrorCodes.Controller_NodeNotFound,
  ZWaveErrorCodes.Controller_InterviewRestarted,
  ZWaveErrorCodes.Driver_NotReady,
  ZWaveErrorCodes.Driver_Destroyed,
  ZWaveErrorCodes.Security2CC_CannotDecode,
]);

/**
 * Command class ids and Supervision statuses (Z-Wave specification numbers). zwave-js declares them in
 * @zwave-js/core, which Keyway does not depend on directly.
 */
const CommandClasses = {
  'Schedule Entry Lock': 0x4e,
  'User Code': 0x63,
  Notification: 0x71,
  Battery: 0x80,
} as const;
const SupervisionStatus = { NoSupport: 0x00, Working: 0x01, Fail: 0x02, Success: 0xff } as const;

const LOCKOUT_END_ATTEMPTS = 10;

/** Keypad Mode arrived with User Code CC v2; the node lists the modes it has (interviewed). */
function supportsKeypadLockout(node: ZWaveNode): boolean {
  if (node.getCCVersion(CommandClasses['User Code']) < 2) return false;
  const modes = node.getValue<readonly number[]>(UserCodeCCValues.supportedKeypadModes.id);
  return Array.isArray(modes) && modes.includes(KeypadMode.LockedOut);
}

const unreachable = () => new LockDriverError('lock_unreachable', 'the lock did not answer');

export class ZwaveLock implements LockDriver {
  readonly lockId: string;
  readonly #node: ZWaveNode;
  readonly #caps: LockCapabilities;
  readonly #scheduleSlots: ScheduleSlotCounts;
  readonly #readPauseMs: number;
  readonly #duplicateWindowMs: number;
  readonly #deadPingIntervalMs: number;
  /** performance.now() of the last ping that found the node still dead. */
  #lastFailedPing: number | undefined;
  readonly #log: Logger | undefined;
  readonly #clock: Clock;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #keypad = new Listeners<KeypadUse>();
  readonly #reachability = new Listeners<boolean>();
  /** Count of 0x0F events seen, and who waits for the next one. */
  #duplicateEvents = 0;
  readonly #duplicateWaiters = new Set<() => void>();
  /** Schedule entries this driver wrote per slot (null: none); a slot missing here is unknown. */
  readonly #writtenSchedules = new Map<number, ScheduleEntries | null>();
  readonly #detach: () => void;
  /** Ends the running keypad lockout (undefined: none running). */
  #lockoutTimer: NodeJS.Timeout | undefined;

  private constructor(node: ZWaveNode, slotCount: number, options: ZwaveLockOptions) {
    this.lockId = String(node.id);
    this.#node = node;
    this.#readPauseMs = options.readPauseMs ?? DEFAULT_READ_PAUSE_MS;
    this.#duplicateWindowMs = options.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS;
    this.#deadPingIntervalMs = options.deadPingIntervalMs ?? DEFAULT_DEAD_PING_INTERVAL_MS;
    this.#log = options.logger?.child({ component: 'zwave-lock', lockId: this.lockId });
    this.#clock = options.clock ?? systemClock;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const nativeSchedules = node.supportsCC(CommandClasses['Schedule Entry Lock']);
    this.#scheduleSlots = {
      weekDay: numberValue(node, ScheduleEntryLockCCValues.numWeekDaySlots.id),
      yearDay: numberValue(node, ScheduleEntryLockCCValues.numYearDaySlots.id),
      dailyRepeating: numberValue(node, ScheduleEntryLockCCValues.numDailyRepeatingSlots.id),
    };
    this.#caps = {
      slotCount,
      codeLengths: options.codeLengths ? normalizeLengths(options.codeLengths) : [...DEFAULT_CODE_LENGTHS],
      readableCodes: !options.masksCodes,
      nativeSchedules,
      keypadLockout: supportsKeypadLockout(node),
    };
    const onNotification = (_endpoint: unknown, ccId: number, args: NotificationArgs) => {
      if (ccId === CommandClasses.Notification && args.type === ACCESS_CONTROL) this.#onAccessControl(args);
    };
    const onDead = () => this.#tellReachability(false);
    const onAlive = () => {
      this.#lastFailedPing = undefined;
      this.#tellReachability(true);
    };
    node.on('notification', onNotification as never);
    node.on('dead', onDead);
    node.on('alive', onAlive);
    this.#detach = () => {
      node.off('notification', onNotification as never);
      node.off('dead', onDead);
      node.off('alive', onAlive);
    };
  }

  /** A driver for `node`, which must be ready (interviewed) and support User Code CC. */
  static async create(node: ZWaveNode, options: ZwaveLockOptions = {}): Promise<ZwaveLock> {
    if (!node.supportsCC(CommandClasses['User Code'])) throw new Error(`node ${node.id} has no User Code CC`);
    let users = node.getValue<number>(UserCodeCCValues.supportedUsers.id);
    if (typeof users !== 'number') users = await node.commandClasses['User Code'].getUsersCount();
    if (typeof users !== 'number' || users < 1) throw new Error(`node ${node.id} did not report its number of users`);
    const lock = new ZwaveLock(node, users, options);
    if (
      lock.#caps.keypadLockout &&
      node.getValue<number>(UserCodeCCValues.keypadMode.id) === KeypadMode.LockedOut &&
      node.status !== NodeStatus.Dead
    ) {
      await lock.#endLockout().catch(() => undefined);
    }
    return lock;
  }

  get capabilities(): LockCapabilities {
    return this.#caps;
  }

  /** The zwave-js node id. */
  get nodeId(): number {
    return this.#node.id;
  }

  /** Stops listening to the node (it was removed, or the network is shutting down). */
  dispose(): void {
    clearTimeout(this.#lockoutTimer);
    this.#lockoutTimer = undefined;
    this.#detach();
    this.#keypad.clear();
    this.#reachability.clear();
  }

  // ---- LockDriver -------------------------------------------------------------------------------------

  async setCode(slot: number, code: string, schedule?: LockSchedule): Promise<void> {
    this.#checkSlot(slot);
    if (!/^[0-9]+$/.test(code)) throw new LockDriverError('rejected_by_lock', 'a code must be digits only');
    if (!this.#caps.codeLengths.includes(code.length)) {
      throw new LockDriverError(
        'length_not_supported',
        `this lock accepts codes of ${this.#caps.codeLengths.join(', ')} digits`,
      );
    }
    const plan = schedule && this.#caps.nativeSchedules ? planScheduleEntries(schedule, this.#scheduleSlots) : null;
    if (plan && !plan.ok) throw new LockDriverError('rejected_by_lock', `schedule not possible: ${plan.reason}`);
    const api = this.#node.commandClasses['User Code'];
    const duplicatesBefore = this.#duplicateEvents;
    const result = await this.#radio(() => api.set(slot, UserIDStatus.Enabled, code));
    if (result && result.status !== SupervisionStatus.NoSupport) {
      if (result.status === SupervisionStatus.Fail) throw await this.#refusal(duplicatesBefore);
      // Success, or Working (the lock will finish on its own; zwave-js reports no later outcome to this call).
    } else {
      await this.#confirmUnsupervisedSet(slot, code, duplicatesBefore);
    }
    if (!this.#caps.nativeSchedules) return;
    const entries = plan?.ok ? plan.plan : null;
    try {
      await this.#applySchedule(slot, entries);
    } catch (error) {
      // Fail closed: a time-bound code the lock holds without its schedule would open at all hours.
      if (entries !== null) await this.#radio(() => api.clear(slot)).catch(() => undefined);
      throw error;
    }
  }

  async clearSlot(slot: number): Promise<void> {
    this.#checkSlot(slot);
    const result = await this.#radio(() => this.#node.commandClasses['User Code'].clear(slot));
    if (result?.status === SupervisionStatus.Fail)
      throw new LockDriverError('rejected_by_lock', 'the lock refused the clear');
    if (this.#writtenSchedules.get(slot)) await this.#applySchedule(slot, null);
  }

  async readSlots(): Promise<{ slot: number; code: string | null }[]> {
    const api = this.#node.commandClasses['User Code'];
    const occupied: { slot: number; code: string | null }[] = [];
    for (let slot = 1; slot <= this.#caps.slotCount; slot++) {
      if (slot > 1 && this.#readPauseMs > 0) await this.#sleep(this.#readPauseMs);
      const report = await this.#radio(() => api.get(slot));
      if (!report) throw unreachable();
      if (!OCCUPIED.has(report.userIdStatus)) continue;
      occupied.push({ slot, code: this.#readableCode(report.userCode) });
    }
    return occupied;
  }

  async lockOutKeypad(durationMs: number): Promise<void> {
    if (!this.#caps.keypadLockout)
      throw new LockDriverError('rejected_by_lock', 'this lock has no keypad lockout mode');
    if (!(durationMs > 0)) throw new LockDriverError('rejected_by_lock', 'a lockout needs a positive duration');
    const result = await this.#radio(() => this.#node.commandClasses['User Code'].setKeypadMode(KeypadMode.LockedOut));
    if (result?.status === SupervisionStatus.Fail)
      throw new LockDriverError('rejected_by_lock', 'the lock refused the keypad mode');
    clearTimeout(this.#lockoutTimer);
    this.#lockoutTimer = setTimeout(() => {
      this.#lockoutTimer = undefined;
      void this.#endLockout().catch((error: unknown) =>
        this.#log?.warn({ err: (error as Error).message }, 'could not end the keypad lockout: retrying'),
      );
    }, durationMs);
    this.#lockoutTimer.unref();
  }

  /** Back to Normal; a lock that does not answer is asked again a little later (at most 10 times). */
  async #endLockout(attempt = 1): Promise<void> {
    try {
      await this.#radio(() => this.#node.commandClasses['User Code'].setKeypadMode(KeypadMode.Normal));
    } catch (error) {
      if (attempt >= LOCKOUT_END_ATTEMPTS) throw error;
      this.#lockoutTimer = setTimeout(() => void this.#endLockout(attempt + 1).catch(() => undefined), 30_000);
      this.#lockoutTimer.unref();
      throw error;
    }
  }

  async battery(): Promise<number | null> {
    if (!this.#node.supportsCC(CommandClasses.Battery)) return null;
    const known = this.#node.getValue<number>(BatteryCCValues.level.id);
    if (typeof known === 'number') return known;
    if (this.#node.status === NodeStatus.Dead) return null;
    try {
      const report = await this.#node.commandClasses.Battery.get();
      return typeof report?.level === 'number' ? report.level : null;
    } catch {
      return null;
    }
  }

  onKeypad(listener: (use: KeypadUse) => void): () => void {
    return this.#keypad.subscribe(listener);
  }

  onReachability(listener: (reachable: boolean) => void): () => void {
    return this.#reachability.subscribe(listener);
  }

  // ---- sets -------------------------------------------------------------------------------------------

  /** The lock refused a supervised set: duplicate if it says so in time. */
  async #refusal(duplicatesBefore: number): Promise<LockDriverError> {
    return (await this.#duplicateSince(duplicatesBefore, this.#duplicateWindowMs))
      ? new LockDriverError('duplicate_on_lock', 'another slot already holds this code')
      : new LockDriverError('rejected_by_lock', 'the lock refused the code');
  }

  async #confirmUnsupervisedSet(slot: number, code: string, duplicatesBefore: number): Promise<void> {
    const started = performance.now();
    const report = await this.#radio(() => this.#node.commandClasses['User Code'].get(slot));
    if (!report) throw unreachable();
    const held = OCCUPIED.has(report.userIdStatus) ? this.#readableCode(report.userCode) : undefined;
    if (held === code) return; // proven by the lock
    if (held === undefined || held !== null) throw await this.#refusal(duplicatesBefore); // empty, or other digits
    // Masked: occupied proves nothing about the digits; a refusal can only show as the 0x0F event.
    const remaining = Math.max(0, this.#duplicateWindowMs - (performance.now() - started));
    if (await this.#duplicateSince(duplicatesBefore, remaining)) {
      throw new LockDriverError('duplicate_on_lock', 'another slot already holds this code');
    }
  }

  /** Whether a 0x0F event arrived after `before` was counted, waiting at most `windowMs` for one. */
  async #duplicateSince(before: number, windowMs: number): Promise<boolean> {
    if (this.#duplicateEvents > before) return true;
    if (windowMs <= 0) return false;
    let wake: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => {
      wake = resolve;
      this.#duplicateWaiters.add(resolve);
    });
    await Promise.race([arrived, this.#sleep(windowMs)]);
    this.#duplicateWaiters.delete(wake);
    return this.#duplicateEvents > before;
  }

  // ---- schedules --------------------------------------------------------------------------------------

  /**
   * Makes the lock enforce `plan` for `slot`, or nothing (null). Lifting a schedule erases the entries this driver
   * wrote and disables scheduling for the user (the code then works at all hours), so a plain set costs one
   * radio exchange the first time a slot is used and none after (zwave-js remembers the enabled flag). Writing
   * a schedule erases the user's entries first: only those this driver wrote, or all of them when unknown.
   */
  async #applySchedule(slot: number, plan: ScheduleEntries | null): Promise<void> {
    const sel = this.#node.commandClasses['Schedule Entry Lock'];
    const written = this.#writtenSchedules.get(slot); // undefined: unknown (after a restart, or never used)
    this.#writtenSchedules.delete(slot); // unknown until this completes
    if (plan === null) {
      if (written) await this.#eraseEntries(slot, written.kind, written.entries.length);
      const enabled = this.#node.getValue<boolean>(ScheduleEntryLockCCValues.userEnabled(slot).id);
      if (enabled !== false) await this.#checkedSupervision(() => sel.setEnabled(false, slot));
      if (written !== undefined) this.#writtenSchedules.set(slot, null);
      return;
    }
    if (written) await this.#eraseEntries(slot, written.kind, written.entries.length);
    else if (written === undefined) {
      const slots = this.#scheduleSlots;
      await this.#eraseEntries(slot, 'weekDay', slots.weekDay);
      await this.#eraseEntries(slot, 'yearDay', slots.yearDay);
      await this.#eraseEntries(slot, 'dailyRepeating', slots.dailyRepeating);
    }
    for (let index = 0; index < plan.entries.length; index++) {
      const slotId = { userId: slot, slotId: index + 1 };
      await this.#checkedSupervision(() => {
        switch (plan.kind) {
          case 'weekDay':
            return sel.setWeekDaySchedule(slotId, plan.entries[index]);
          case 'yearDay':
            return sel.setYearDaySchedule(slotId, plan.entries[index]);
          case 'dailyRepeating':
            return sel.setDailyRepeatingSchedule(slotId, plan.entries[index]);
        }
      });
    }
    await this.#checkedSupervision(() => sel.setEnabled(true, slot));
    this.#writtenSchedules.set(slot, plan);
  }

  async #eraseEntries(slot: number, kind: ScheduleEntries['kind'], count: number): Promise<void> {
    const sel = this.#node.commandClasses['Schedule Entry Lock'];
    for (let slotId = 1; slotId <= count; slotId++) {
      const id = { userId: slot, slotId };
      if (kind === 'weekDay') await this.#radio(() => sel.setWeekDaySchedule(id));
      else if (kind === 'yearDay') await this.#radio(() => sel.setYearDaySchedule(id));
      else await this.#radio(() => sel.setDailyRepeatingSchedule(id));
    }
  }

  async #checkedSupervision(send: () => Promise<{ status: number } | undefined>): Promise<void> {
    const result = await this.#radio(send);
    if (result?.status === SupervisionStatus.Fail)
      throw new LockDriverError('rejected_by_lock', 'the lock refused the schedule');
  }

  // ---- internals --------------------------------------------------------------------------------------

  /** One radio exchange; a node held dead is pinged first (see deadPingIntervalMs). zwave-js errors become LockDriverErrors. */
  async #radio<T>(send: () => Promise<T>): Promise<T> {
    try {
      if (this.#node.status === NodeStatus.Dead) {
        const last = this.#lastFailedPing;
        if (last !== undefined && performance.now() - last < this.#deadPingIntervalMs) throw unreachable();
        if (!(await this.#node.ping())) {
          this.#lastFailedPing = performance.now();
          throw unreachable();
        }
      }
      return await send();
    } catch (error) {
      throw toLockDriverError(error);
    }
  }

  #readableCode(raw: string | Uint8Array | undefined): string | null {
    const code = typeof raw === 'string' ? raw : raw ? Buffer.from(raw).toString('latin1') : '';
    if (/^[0-9]+$/.test(code)) return code;
    if (this.#caps.readableCodes) {
      this.#caps.readableCodes = false;
      this.#log?.info('the lock masks codes on read-back: its codes cannot be verified digit by digit');
    }
    return null;
  }

  #onAccessControl(args: NotificationArgs): void {
    const meaning = accessControlMeaning(args);
    if (meaning.kind === 'duplicate_code') {
      this.#duplicateEvents++;
      for (const wake of [...this.#duplicateWaiters]) wake();
    } else if (meaning.kind === 'keypad') {
      const use: KeypadUse = { slot: meaning.slot, unlocked: meaning.unlocked, at: this.#clock.now() };
      this.#keypad.emit(use);
    }
  }

  #tellReachability(reachable: boolean): void {
    this.#reachability.emit(reachable);
  }

  #checkSlot(slot: number): void {
    if (!Number.isInteger(slot) || slot < 1 || slot > this.#caps.slotCount) {
      throw new LockDriverError('rejected_by_lock', `slot ${slot} is outside 1..${this.#caps.slotCount}`);
    }
  }
}

export function toLockDriverError(error: unknown): LockDriverError {
  if (error instanceof LockDriverError) return error;
  if (error instanceof ZWaveError && UNREACHABLE_ERRORS.has(error.code)) return unreachable();
  // Never the zwave-js message: it may quote the command, and a command can hold a PIN.
  const reason =
    error instanceof ZWaveError ? `zwave-js ${ZWaveErrorCodes[error.code] ?? error.code}` : 'unexpected error';
  return new LockDriverError('rejected_by_lock', `the lock refused the command (${reason})`);
}

function normalizeLengths(lengths: number[]): number[] {
  const valid = lengths.filter(
    (n) => Number.isInteger(n) && n >= ZWAVE_CODE_LENGTHS.min && n <= ZWAVE_CODE_LENGTHS.max,
  );
  if (valid.length === 0) throw new RangeError('code lengths must lie within 4..10 (User Code CC)');
  return [...new Set(valid)].sort((a, b) => a - b);
}

function numberValue(node: ZWaveNode, id: Parameters<ZWaveNode['getValue']>[0]): number {
  const value = node.getValue<number>(id);
  return typeof value === 'number' ? value : 0;
}
