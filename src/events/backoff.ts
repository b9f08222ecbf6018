/** When a message that was not accepted is tried again: 30 s, 2 min, 10 min, 30 min, 2 h; after the 6th try, never. */
export const RETRY_DELAYS_MS = [30_000, 120_000, 600_000, 1_800_000, 7_200_000] as const;
export const MAX_SEND_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** The wait after `attempts` tries (counting the one that just failed), or null when it is time to give up. */
export function retryDelayMs(attempts: number): number | null {
  return RETRY_DELAYS_MS[attempts - 1] ?? null;
}
