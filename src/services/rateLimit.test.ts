/**
 * Rate limits on a real database: a sliding window shared by every server process, so it must hold when
 * attempts arrive at the same moment (on PostgreSQL they truly race; on PGlite they queue).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectKeywayError } from '../../test/support/expectKeywayError.ts';
import { startServiceHarness } from '../../test/support/serviceHarness.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/testDatabase.ts';
import { changeMyCode } from './changeMyCode.ts';
import { CODE_CHANGE_LIMIT, enforceRateLimit } from './rateLimit.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

const start = new Date('2026-06-15T15:00:00Z');
const at = (ms: number) => new Date(start.getTime() + ms);
const attempt = (key: string, ms: number) => enforceRateLimit(database.db, key, CODE_CHANGE_LIMIT, at(ms));

describe('enforceRateLimit', () => {
  it('lets 20 attempts a minute through, then says when the oldest leaves the window', async () => {
    for (let i = 0; i < 20; i++) await attempt('window', i * 1_000);
    const error = await expectKeywayError(attempt('window', 30_000), 'rate_limited');
    expect(error.details).toEqual({ retryAfterSeconds: 30 }); // the attempt at 0 s leaves at 60 s
    // Refused attempts are not recorded: the caller who waits as told gets in.
    await expectKeywayError(attempt('window', 59_999), 'rate_limited');
    await attempt('window', 60_000);
    await expectKeywayError(attempt('window', 60_500), 'rate_limited');
    // Another key has its own window.
    await attempt('someone else', 60_500);
  });

  it('holds at the same moment: of 40 simultaneous attempts exactly 20 pass and the rest are refused', async () => {
    for (const key of ['burst 1', 'burst 2', 'burst 3']) {
      const outcomes = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => attempt(key, 120_000 + i)));
      const refusals = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
      // Every failure is a refusal (a first attempt racing another one once wrote a null window and failed).
      for (const reason of refusals) {
        expectKeywayError(() => {
          throw reason;
        }, 'rate_limited');
      }
      expect(outcomes.length - refusals.length, key).toBe(20);
      await expectKeywayError(attempt(key, 121_000), 'rate_limited');
    }
  });
});

describe('the code-change limit through the use cases', () => {
  it('lets exactly 20 of 50 simultaneous code changes by one resident through, refusing the rest', async () => {
    // Generate a Code and Pick a Code share one window per person; on PostgreSQL these truly race (a pool of
    // connections), so a limit kept by read-then-write would let more than 20 through.
    const h = await startServiceHarness();
    try {
      const { home, community } = await h.cardsOf(h.alex);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) =>
          changeMyCode(h.deps, h.alex, { cardId: i % 2 === 0 ? home.id : community.id, length: 4 }),
        ),
      );
      const refusals = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
      for (const reason of refusals) {
        expectKeywayError(() => {
          throw reason;
        }, 'rate_limited');
      }
      expect(outcomes.length - refusals.length).toBe(CODE_CHANGE_LIMIT.limit);
      // Another resident is not held back by Alex's window.
      await changeMyCode(h.deps, h.blair, { cardId: (await h.cardsOf(h.blair)).home.id, length: 4 });
    } finally {
      await h.close();
    }
  });
});
