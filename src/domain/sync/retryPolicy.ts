/**
 * When to try a failed sync command again (DESIGN.md §4: retries with exponential backoff).
 *
 * Full jitter (a uniform draw between 0 and the exponential cap) rather than a fixed schedule: after a
 * hub reconnects, hundreds of codes fail and retry together, and spreading them out keeps them from
 * hammering the hub in waves. Randomness is injected so this stays pure and testable.
 */

export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  /** Retries allowed after the first try; attempt `maxAttempts + 1` is not made (the failure becomes final). */
  maxAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = Object.freeze({ baseMs: 1000, maxMs: 300_000, maxAttempts: 8 });

/** Floor for a delay: a zero draw must not turn into a hot retry loop. */
export const MIN_RETRY_DELAY_MS = 50;

/**
 * Delay before attempt `attempt` (1-based: the first retry is attempt 1), exponential with full jitter:
 * random01() * min(maxMs, baseMs * 2^(attempt-1)), at least 50 ms, rounded down to whole milliseconds.
 */
export function retryDelayMs(attempt: number, random01: () => number, policy: RetryPolicy = DEFAULT_RETRY): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be an integer ≥ 1, got ${attempt}`);
  const draw = random01();
  // A broken source must not produce a negative or runaway delay.
  if (!(draw >= 0 && draw <= 1)) throw new RangeError(`random01 must return a number in [0, 1], got ${draw}`);
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1)); // 2 ** large is Infinity; min tames it
  return Math.max(MIN_RETRY_DELAY_MS, Math.floor(draw * cap));
}

/** Whether retry number `attempt` (1-based) is still allowed by the policy. */
export function canRetry(attempt: number, policy: RetryPolicy = DEFAULT_RETRY): boolean {
  return attempt <= policy.maxAttempts;
}

/**
 * Transient reasons: the same command may well succeed later. The others are answers — the lock has no
 * room, refuses the code or its length — and repeating the command would only get the same answer.
 * Unknown reasons are not retried: better a visible failure than an endless loop.
 */
const RETRYABLE: ReadonlySet<string> = new Set(['timeout', 'lock_unreachable', 'hub_offline', 'circuit_open']);

export function isRetryable(reason: string): boolean {
  return RETRYABLE.has(reason);
}
