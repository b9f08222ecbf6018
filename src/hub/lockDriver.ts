import type { LockSchedule } from '../domain/guest/lockSchedule.ts';

/**
 * What the hub agent needs from a lock. Shaped after the Z-Wave User Code command class (zwave-js) so a real
 * driver can sit behind it later: user codes live in numbered slots ("user ids"), a set overwrites a slot in
 * one operation, read-back may be masked, keypad notifications carry the user id that matched.
 */

export interface LockCapabilities {
  /** Number of user-code slots, numbered 1..slotCount. */
  slotCount: number;
  /** PIN lengths the keypad accepts. */
  codeLengths: number[];
  /** Whether `readSlots` returns the digits (false: codes come back masked as null). */
  readableCodes: boolean;
  /** Whether the lock enforces a code's schedule itself (Z-Wave Schedule Entry Lock CC). */
  nativeSchedules: boolean;
  /** Whether the keypad can be locked out on command (`lockOutKeypad`): no code at all is taken meanwhile. */
  keypadLockout: boolean;
}

export type LockDriverErrorCode =
  | 'duplicate_on_lock'
  | 'length_not_supported'
  | 'rejected_by_lock'
  | 'lock_unreachable'
  | 'no_free_slot';

/** The one error a driver throws for a refused or failed operation; anything else counts as `rejected_by_lock`. */
export class LockDriverError extends Error {
  constructor(
    readonly code: LockDriverErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LockDriverError';
  }
}

/** Someone used the keypad. `slot` is the slot whose code matched, null when nothing matched. */
export interface KeypadUse {
  slot: number | null;
  unlocked: boolean;
  /** The keypad was locked out: nothing was compared (slot null, not unlocked). */
  lockedOut?: boolean;
  at: Date;
}

export interface LockDriver {
  readonly lockId: string;
  readonly capabilities: LockCapabilities;
  /** Writes `code` into `slot`, replacing whatever was there, in one operation (make-before-break). */
  /** `schedule`, when given, is enforced by the lock itself (native schedules: Z-Wave Schedule Entry Lock CC). */
  setCode(slot: number, code: string, schedule?: LockSchedule): Promise<void>;
  /** Empties a slot; clearing an empty slot succeeds. */
  clearSlot(slot: number): Promise<void>;
  /** Occupied slots; `code` is null when the lock masks codes on read-back. */
  readSlots(): Promise<{ slot: number; code: string | null }[]>;
  /**
   * Refuses every code typed on the keypad (the right one too) for `durationMs`, then takes codes again. Only
   * when `capabilities.keypadLockout`; otherwise it throws `rejected_by_lock`.
   */
  lockOutKeypad(durationMs: number): Promise<void>;
  /** Battery level 0–100, null when the lock does not report one. */
  battery(): Promise<number | null>;
  /** Subscribes to keypad use; returns the unsubscribe function. */
  onKeypad(listener: (use: KeypadUse) => void): () => void;
  /** Subscribes to the lock dropping off / coming back on the radio network; returns the unsubscribe function. */
  onReachability(listener: (reachable: boolean) => void): () => void;
}
