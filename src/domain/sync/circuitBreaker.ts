/**
 * Per-lock circuit breaker (DESIGN.md §4), as plain data and pure functions so its state can live in the
 * lock's database row and be shared by every server process.
 *
 * After `failureThreshold` consecutive failures the lock is left alone for `cooldownMs`: a dead lock
 * should not eat a hub's airtime, nor fill the log with one timeout per code. After the cooldown the
 * breaker is half-open: it lets the next attempt through; success closes it, failure opens it again.
 * Letting through only *one* attempt is the caller's part (one job per lock sends one probe and waits).
 */

export interface BreakerState {
  consecutiveFailures: number;
  /** When the breaker last opened, ms since the epoch; null = closed. */
  openedAt: number | null;
}

export interface BreakerPolicy {
  failureThreshold: number;
  cooldownMs: number;
}

export const DEFAULT_BREAKER: BreakerPolicy = Object.freeze({ failureThreshold: 5, cooldownMs: 60_000 });

export const CLOSED: BreakerState = Object.freeze({ consecutiveFailures: 0, openedAt: null });

/** Closed → true; open and cooling down → false; open and cooldown over (half-open) → true. */
export function breakerAllows(state: BreakerState, now: number, policy: BreakerPolicy = DEFAULT_BREAKER): boolean {
  return state.openedAt === null || now - state.openedAt >= policy.cooldownMs;
}

export function onBreakerSuccess(_state: BreakerState): BreakerState {
  return CLOSED;
}

/**
 * Counts a failure. Opens the breaker when the count reaches the threshold; a failure while half-open
 * (the probe failed) opens it again from `now`. A failure while still cooling down only counts: it is
 * the late result of a command sent before the breaker opened and must not push the probe further out.
 */
export function onBreakerFailure(
  state: BreakerState,
  now: number,
  policy: BreakerPolicy = DEFAULT_BREAKER,
): BreakerState {
  const consecutiveFailures = state.consecutiveFailures + 1;
  if (state.openedAt !== null) {
    const halfOpen = now - state.openedAt >= policy.cooldownMs;
    return { consecutiveFailures, openedAt: halfOpen ? now : state.openedAt };
  }
  return { consecutiveFailures, openedAt: consecutiveFailures >= policy.failureThreshold ? now : null };
}

/** When the breaker next lets an attempt through: null when closed. Handy for scheduling the probe. */
export function breakerReopensAt(state: BreakerState, policy: BreakerPolicy = DEFAULT_BREAKER): number | null {
  return state.openedAt === null ? null : state.openedAt + policy.cooldownMs;
}
