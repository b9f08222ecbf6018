/**
 * A keypad's lockout, as real locks have one: after `maxWrong` wrong codes within `windowMs`, the keypad takes
 * no code at all for `lockoutMs` (the right one neither), so codes cannot be guessed at speed. Kept per lock,
 * not per caller: it is the lock that locks out. Time comes from the caller (the simulated clock).
 */
export interface KeypadLockoutRule {
  maxWrong: number;
  windowMs: number;
  lockoutMs: number;
}

export const KEYPAD_LOCKOUT: KeypadLockoutRule = { maxWrong: 5, windowMs: 60_000, lockoutMs: 60_000 };

interface KeypadState {
  wrongAt: number[];
  lockedUntil: number;
}

export class KeypadLockout {
  readonly #rule: KeypadLockoutRule;
  readonly #locks = new Map<string, KeypadState>();

  constructor(rule: KeypadLockoutRule = KEYPAD_LOCKOUT) {
    this.#rule = rule;
  }

  /** Milliseconds the keypad of `lockId` stays locked at `now` (0: it takes codes). */
  lockedFor(lockId: string, now: Date): number {
    const until = this.#locks.get(lockId)?.lockedUntil ?? 0;
    return Math.max(0, until - now.getTime());
  }

  /** Records one code typed at `now`; a wrong one may start the lockout. */
  record(lockId: string, now: Date, unlocked: boolean): void {
    const t = now.getTime();
    const state = this.#locks.get(lockId) ?? { wrongAt: [], lockedUntil: 0 };
    state.wrongAt = unlocked ? [] : [...state.wrongAt.filter((at) => at > t - this.#rule.windowMs), t];
    if (state.wrongAt.length >= this.#rule.maxWrong) {
      state.lockedUntil = t + this.#rule.lockoutMs;
      state.wrongAt = [];
    }
    this.#locks.set(lockId, state);
  }
}
