/**
 * When a webhook delivery that was not answered 2xx is tried again: 10 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h,
 * then every 4 h, for 24 hours after the event was queued. The last try is at the 24-hour mark itself, so an
 * endpoint that never answers has failed for a full day when its delivery gives up (which is what disables it).
 */
export const WEBHOOK_RETRY_DELAYS_MS = [10_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000];

/** How long a delivery is tried, from when it was queued. */
export const DELIVERY_WINDOW_MS = 24 * 3_600_000;

/**
 * The next try after `attempts` tries (counting the one that just failed at `now`), or null when the delivery has
 * had its 24 hours and fails for good.
 */
export function nextAttemptAt(attempts: number, createdAt: Date, now: Date): Date | null {
  const deadline = createdAt.getTime() + DELIVERY_WINDOW_MS;
  if (now.getTime() >= deadline) return null;
  const index = Math.min(Math.max(attempts, 1), WEBHOOK_RETRY_DELAYS_MS.length) - 1;
  const delay = WEBHOOK_RETRY_DELAYS_MS[index] as number;
  return new Date(Math.min(now.getTime() + delay, deadline));
}
