import type { Clock } from '../platform/clock.ts';

/**
 * The demo's clock: real time plus an offset that only grows. "Advance the clock" moves the whole
 * server and the simulated locks forward together (schedules, expiry, sessions).
 */
export class SimClock implements Clock {
  #offsetMs = 0;
  readonly #listeners = new Set<(now: Date) => void>();

  now(): Date {
    return new Date(Date.now() + this.#offsetMs);
  }

  advance(ms: number): Date {
    if (!(ms >= 0)) throw new RangeError('the simulated clock only moves forward');
    this.#offsetMs += ms;
    const now = this.now();
    for (const listener of this.#listeners) listener(now);
    return now;
  }

  onAdvance(listener: (now: Date) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
