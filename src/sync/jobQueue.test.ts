/**
 * The reconcile queue on a real pg-boss (PGlite, or PostgreSQL with DATABASE_URL): many locks enqueued in one
 * statement keep one waiting job per lock, a worker gets them in batches, and a lock whose pass failed is
 * retried alone while the rest of its batch is done.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/testDatabase.ts';
import { queryRows } from '../store/rawQuery.ts';
import { type JobQueue, RECONCILE_QUEUE, startJobQueue } from './jobQueue.ts';
import { ReconcileFailed } from './reconcileLocks.ts';

let database: TestDatabase;
let queue: JobQueue;

beforeAll(async () => {
  database = await createTestDatabase();
  queue = await startJobQueue(database, pino({ level: 'silent' }));
}, 180_000);

afterAll(async () => {
  await queue?.stop();
  await database?.close();
});

const jobsByState = async () =>
  queryRows<{ state: string; n: number }>(
    database.db,
    sql`select state, count(*)::int as n from pgboss.job where name = ${RECONCILE_QUEUE} group by state order by state`,
  );

async function until(check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('reconcile job queue', () => {
  it('enqueues many locks at once, one waiting job per lock, in the caller’s transaction', async () => {
    const locks = Array.from({ length: 250 }, () => randomUUID());
    await queue.enqueueReconcile([...locks, ...locks.slice(0, 50)]);
    await database.db.transaction((tx) => queue.enqueueReconcile(locks.slice(0, 100), tx));
    // A transaction that rolls back enqueues nothing.
    const extra = randomUUID();
    await database.db
      .transaction(async (tx) => {
        await queue.enqueueReconcile([extra], tx);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await jobsByState()).toEqual([{ state: 'created', n: 250 }]);

    // A worker takes them in batches; a failed lock's job is retried, the others are done.
    const failing = locks[7] as string;
    const batches: number[] = [];
    const seen = new Map<string, number>();
    await queue.work(async (jobs) => {
      batches.push(jobs.length);
      for (const job of jobs) seen.set(job.lockId, (seen.get(job.lockId) ?? 0) + 1);
      if (jobs.some((job) => job.lockId === failing)) {
        throw new ReconcileFailed(new Map([[failing, new Error('lock trouble')]]));
      }
    });
    await until(async () => locks.every((id) => seen.has(id)) && (seen.get(failing) ?? 0) >= 2);
    expect(Math.max(...batches)).toBeGreaterThan(1);
    expect([...seen].filter(([id, n]) => n > 1 && id !== failing)).toEqual([]);
  });
});
