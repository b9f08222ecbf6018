import { describe, expect, it } from 'vitest';
import { DELIVERY_WINDOW_MS, nextAttemptAt } from './retrySchedule.ts';

const created = new Date('2026-06-15T15:00:00Z');
const at = (ms: number) => new Date(created.getTime() + ms);

describe('nextAttemptAt', () => {
  it('backs off 10 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, then every 4 h', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7, 8, 9, 12].map(
      (n) => (nextAttemptAt(n, created, created)?.getTime() ?? 0) - created.getTime(),
    );
    expect(waits).toEqual([
      10_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 14_400_000, 14_400_000,
    ]);
  });

  it('tries for 24 hours: the last try is at the 24-hour mark, after which the delivery fails', () => {
    let now = created;
    const tries = [now];
    for (let attempts = 1; ; attempts++) {
      const next = nextAttemptAt(attempts, created, now);
      if (!next) break;
      expect(next.getTime()).toBeGreaterThan(now.getTime());
      now = next;
      tries.push(now);
    }
    expect(tries.at(-1)).toEqual(at(DELIVERY_WINDOW_MS));
    expect(tries).toHaveLength(14);
    expect(nextAttemptAt(14, created, at(DELIVERY_WINDOW_MS))).toBeNull();
    expect(nextAttemptAt(1, created, at(DELIVERY_WINDOW_MS + 1))).toBeNull();
  });

  it('never schedules past the deadline', () => {
    expect(nextAttemptAt(8, created, at(DELIVERY_WINDOW_MS - 60_000))).toEqual(at(DELIVERY_WINDOW_MS));
  });
});
