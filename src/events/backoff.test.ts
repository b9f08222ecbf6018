import { describe, expect, it } from 'vitest';
import { MAX_SEND_ATTEMPTS, retryDelayMs } from './backoff.ts';

describe('retryDelayMs', () => {
  it('backs off exponentially-ish, then gives up after the sixth attempt', () => {
    expect([1, 2, 3, 4, 5].map(retryDelayMs)).toEqual([30_000, 120_000, 600_000, 1_800_000, 7_200_000]);
    expect(retryDelayMs(6)).toBeNull();
    expect(MAX_SEND_ATTEMPTS).toBe(6);
  });
});
