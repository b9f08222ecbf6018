/**
 * A keypad lock in software that behaves like a Z-Wave one: every radio operation takes time, duplicates are
 * refused, unsupported lengths are refused, an unreachable lock fails every operation, read-back may be masked,
 * and typing a code on the keypad reports which slot matched. Extra methods (below `LockDriver`) let the
 * simulation and tests act on the lock from the outside.
 */
import { randomInt } from 'node:crypto';
import { type LockSchedule, lockScheduleAllows } from '../domain/guest/lockSchedule.ts';
import { type Clock, systemClock } from '../platform/clock.ts';
import { Listeners } from './listeners.ts';
import {
  type KeypadUse,
  type LockCapabilities,
  type LockDriver,
  LockDriverError,
  type LockDriverErrorCode,
} from './lockDriver.ts';

export interface LatencyRange {
  /** Milliseconds, inclusive. */
  min: number;
  max: number;
}

export interface SimulatedLockOptions {
  lockId: string;
  /** Default 30. */
  slotCount?: number;
  /** Default [4, 6]. */
  codeLengths?: number[];
  /** Default true; false = `readSlots` returns `code: null` (masked). */
  readableCodes?: boolean;
  /** Default true: the simulated lock enforces a schedule given with a code (like Schedule Entry Lock CC). */
  nativeSchedules?: boolean;
  /** Default true: the keypad can be locked out on command (`lockOutKeypad`). */
  keypadLockout?: boolean;
  /** Time each radio operation takes, drawn uniformly. Default 300–1500 ms; tests use 0 or a few ms. */
  latencyMs?: LatencyRange;
  /** Battery level 0–100. Default 100. */
  battery?: number;
  /** Uniform number in [0, 1) for the latency draw. Default: node:crypto. */
  random01?: () => number;
  /** Time stamps of keypad events. Default: the system clock. */
  clock?: Clock;
}

const RANDOM_RESOLUTION = 2 ** 47;
const cryptoRandom01 = (): number => randomInt(0, RANDOM_RESOLUTION) / RANDOM_RESOLUTION;

export class SimulatedLock implements LockDriver {
  readonly lockId: string;
  readonly capabilities: LockCapabilities;
  readonly #codes = new Map<number, string>();
  readonly #schedules = new Map<number, LockSchedule>();
  readonly #keypad = new Listeners<KeypadUse>();
  readonly #reachability = new Listeners<boolean>();
  readonly #random01: () => number;
  readonly #clock: Clock;
  #latency: LatencyRange;
  #battery: number;
  #reachable = true;
  #nextFailure: LockDriverErrorCode | undefined;
  /** Epoch ms (lock clock) until which the keypad takes no code. */
  #lockedOutUntil = 0;

  constructor(options: SimulatedLockOptions) {
    this.lockId = options.lockId;
    this.capabilities = {
      slotCount: options.slotCount ?? 30,
      codeLengths: [...(options.codeLengths ?? [4, 6])],
      readableCodes: options.readableCodes ?? true,
      nativeSchedules: options.nativeSchedules ?? true,
      keypadLockout: options.keypadLockout ?? true,
    };
    this.#latency = checkedLatency(options.latencyMs ?? { min: 300, max: 1500 });
    this.#battery = clampLevel(options.battery ?? 100);
    this.#random01 = options.random01 ?? cryptoRandom01;
    this.#clock = options.clock ?? systemClock;
  }

  // ---- LockDriver -------------------------------------------------------------------------------------

  async setCode(slot: number, code: string, schedule?: LockSchedule): Promise<void> {
    await this.#radioOperation();
    this.#checkSlot(slot);
    if (!/^[0-9]+$/.test(code)) throw new LockDriverError('rejected_by_lock', 'a code must be digits only');
    if (!this.capabilities.codeLengths.includes(code.length)) {
      throw new LockDriverError(
        'length_not_supported',
        `this lock accepts codes of ${this.capabilities.codeLengths.join(' or ')} digits`,
      );
    }
    for (const [other, existing] of this.#codes) {
      if (other !== slot && existing === code)
        throw new LockDriverError('duplicate_on_lock', 'another slot already holds this code');
    }
    this.#codes.set(slot, code);
    if (schedule) this.#schedules.set(slot, schedule);
    else this.#schedules.delete(slot);
  }

  async clearSlot(slot: number): Promise<void> {
    await this.#radioOperation();
    this.#checkSlot(slot);
    this.#codes.delete(slot);
    this.#schedules.delete(slot);
  }

  async readSlots(): Promise<{ slot: number; code: string | null }[]> {
    await this.#radioOperation();
    return this.slots().map(({ slot, code }) => ({ slot, code: this.capabilities.readableCodes ? code : null }));
  }

  async lockOutKeypad(durationMs: number): Promise<void> {
    await this.#radioOperation();
    if (!this.capabilities.keypadLockout)
      throw new LockDriverError('rejected_by_lock', 'this lock cannot lock its keypad out');
    if (!(durationMs > 0)) throw new LockDriverError('rejected_by_lock', 'a lockout needs a positive duration');
    // The lock's own clock ends it (the simulated clock in the demo): no timer to outlive the lock.
    this.#lockedOutUntil = Math.max(this.#lockedOutUntil, this.#clock.now().getTime() + durationMs);
  }

  async battery(): Promise<number | null> {
    // Like zwave-js, the last reported level is known without a radio round trip.
    return this.#battery;
  }

  onKeypad(listener: (use: KeypadUse) => void): () => void {
    return this.#keypad.subscribe(listener);
  }

  onReachability(listener: (reachable: boolean) => void): () => void {
    return this.#reachability.subscribe(listener);
  }

  // ---- simulation controls ----------------------------------------------------------------------------

  /**
   * A person types `code` on the keypad (no Enter key modelled: the whole entry is compared). Returns whether
   * the door opened. The keypad works without the radio, but the event only reaches the hub while the lock is
   * reachable.
   */
  typeCode(code: string): boolean {
    const now = this.#clock.now();
    if (now.getTime() < this.#lockedOutUntil) {
      // Locked out: nothing is compared, the right code neither; the hub still hears that someone tried.
      if (this.#reachable) this.#keypad.emit({ slot: null, unlocked: false, lockedOut: true, at: now });
      return false;
    }
    let matched: number | null = null;
    for (const [slot, held] of this.#codes) {
      const schedule = this.#schedules.get(slot);
      if (held === code && (!schedule || lockScheduleAllows(schedule, this.#clock.now()))) matched = slot;
    }
    const use: KeypadUse = { slot: matched, unlocked: matched !== null, at: this.#clock.now() };
    if (this.#reachable) this.#keypad.emit(use);
    return use.unlocked;
  }

  /** Milliseconds the keypad stays locked out (0: it takes codes). */
  keypadLockedOutFor(): number {
    return Math.max(0, this.#lockedOutUntil - this.#clock.now().getTime());
  }

  /** The real contents, digits always visible (for the simulation endpoint and tests — never logged). */
  slots(): { slot: number; code: string }[] {
    return [...this.#codes].map(([slot, code]) => ({ slot, code })).sort((a, b) => a.slot - b.slot);
  }

  /** Takes the lock off / puts it back on the radio network; listeners hear only actual changes. */
  setReachable(reachable: boolean): void {
    if (reachable === this.#reachable) return;
    this.#reachable = reachable;
    this.#reachability.emit(reachable);
  }

  isReachable(): boolean {
    return this.#reachable;
  }

  setBattery(level: number): void {
    this.#battery = clampLevel(level);
  }

  setLatency(latency: LatencyRange): void {
    this.#latency = checkedLatency(latency);
  }

  /** The next setCode, clearSlot or readSlots fails with `code` (after its latency), then behaviour is normal again. */
  failNext(code: LockDriverErrorCode): void {
    this.#nextFailure = code;
  }

  /**
   * The lock loses every code (battery pulled, factory reset). It tells nobody: a real lock would not; Keyway
   * finds out when it next reads the lock.
   */
  wipe(): void {
    this.#codes.clear();
    this.#schedules.clear();
  }

  /**
   * Someone programs `code` into `slot` at the lock itself (a master code on the keypad), replacing whatever was
   * there. Like the radio path, the lock refuses a code another slot already holds. Tells nobody either.
   */
  tamper(slot: number, code: string): void {
    this.#checkSlot(slot);
    if (!/^[0-9]+$/.test(code)) throw new LockDriverError('rejected_by_lock', 'a code must be digits only');
    for (const [other, existing] of this.#codes) {
      if (other !== slot && existing === code)
        throw new LockDriverError('duplicate_on_lock', 'another slot already holds this code');
    }
    this.#codes.set(slot, code);
    this.#schedules.delete(slot);
  }

  // ---- internals --------------------------------------------------------------------------------------

  async #radioOperation(): Promise<void> {
    const { min, max } = this.#latency;
    const ms = min + Math.floor(this.#random01() * (max - min + 1));
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
    else await Promise.resolve();
    if (!this.#reachable) throw new LockDriverError('lock_unreachable', 'the lock did not answer');
    const failure = this.#nextFailure;
    if (failure) {
      this.#nextFailure = undefined;
      throw new LockDriverError(failure, `injected failure: ${failure}`);
    }
  }

  #checkSlot(slot: number): void {
    if (!Number.isInteger(slot) || slot < 1 || slot > this.capabilities.slotCount) {
      throw new LockDriverError('rejected_by_lock', `slot ${slot} is outside 1..${this.capabilities.slotCount}`);
    }
  }
}

function clampLevel(level: number): number {
  return Math.max(0, Math.min(100, Math.round(level)));
}

function checkedLatency(latency: LatencyRange): LatencyRange {
  if (!(latency.min >= 0 && latency.max >= latency.min)) throw new RangeError('latency needs 0 <= min <= max');
  return { min: latency.min, max: latency.max };
}
