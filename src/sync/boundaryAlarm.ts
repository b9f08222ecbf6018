/**
 * Wakes the sweep when a lock code's next boundary or retry comes due, so a guest window opening does not wait
 * up to a sweep period to be noticed. After every sweep the engine calls rearm(): it reads the earliest future
 * instant at which some row will be due and sets one timer for it; the timer runs the sweep (sweepNow, which
 * enqueues the reconcile). Only instants sooner than the sweep period get a timer: anything later is seen by a
 * periodic sweep first, which arms it then.
 *
 * Time comes from the injected clock, never Date.now: the delay is (instant − clock.now()). Keyway's clocks run
 * in real time (systemClock; the demo's SimClock is real time plus an offset, and its jumps call sweepNow
 * themselves). A clock that does not run with real time (tests' ManualClock) reaches the instant only when moved:
 * the timer then fires early, the sweep finds nothing due, and the same instant is not armed again — the
 * periodic sweep takes over, so such a clock never makes the alarm spin.
 */
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../store/database.ts';
import { nextLockCodeDueAt } from '../store/repositories/lockSync.ts';

export interface BoundaryAlarmDeps {
  clock: Clock;
  /** The earliest instant after `now` at which some lock has work due, or null if none. */
  nextDueAt(now: Date): Promise<Date | null>;
  /** The sweep period, ms: instants further away than this are left to the periodic sweep. */
  horizonMs: number;
  /** Runs a sweep (the engine's sweepNow; the alarm does not wait for it). */
  fire(): void;
}

export class BoundaryAlarm {
  readonly #deps: BoundaryAlarmDeps;
  #timer: NodeJS.Timeout | undefined;
  /** The instant the current timer is for (epoch ms). */
  #armedFor: number | undefined;
  /** The instant the last timer fired for: never armed again (see the module comment). */
  #firedFor: number | undefined;
  #stopped = false;

  constructor(deps: BoundaryAlarmDeps) {
    this.#deps = deps;
  }

  /** The instant a timer is set for, if any (tests, metrics). */
  get armedFor(): Date | undefined {
    return this.#armedFor === undefined ? undefined : new Date(this.#armedFor);
  }

  /** Reads the next due instant and sets the timer for it (replacing the one set before). */
  async rearm(): Promise<void> {
    if (this.#stopped) return;
    const next = await this.#deps.nextDueAt(this.#deps.clock.now());
    if (this.#stopped) return;
    this.#clear();
    if (next === null) return;
    const at = next.getTime();
    if (at === this.#firedFor) return;
    // +1 ms: the sweep takes rows due at or before its clock reading, and a timer may fire within the same ms.
    const delay = at - this.#deps.clock.now().getTime() + 1;
    if (delay > this.#deps.horizonMs) return;
    this.#armedFor = at;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.#armedFor = undefined;
        this.#firedFor = at;
        this.#deps.fire();
      },
      Math.max(0, delay),
    );
    // Never what keeps a process alive.
    this.#timer.unref();
  }

  stop(): void {
    this.#stopped = true;
    this.#clear();
  }

  #clear(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#armedFor = undefined;
  }
}

/** The alarm for the engine: due instants from lock_codes (retries and guest-window boundaries). */
export function lockCodeAlarm(deps: { db: Db; clock: Clock; horizonMs: number; fire(): void }): BoundaryAlarm {
  return new BoundaryAlarm({
    clock: deps.clock,
    horizonMs: deps.horizonMs,
    fire: deps.fire,
    nextDueAt: (now) => nextLockCodeDueAt(deps.db, now),
  });
}
