/**
 * Lock work shared between server processes through PostgreSQL (pg-boss). One queue, `reconcile-lock`,
 * keyed by lock id with the `stately` policy: per lock at most one job waits and one runs, so no lock is
 * ever driven by two processes at once, and a burst of changes to one lock collapses into one pass.
 * LISTEN/NOTIFY wakes a worker the moment a job is created; polling remains the safety net.
 */
import { sql } from 'drizzle-orm';
import { fromDrizzle, fromPglite, PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { Database, Tx } from '../store/database.ts';

export const RECONCILE_QUEUE = 'reconcile-lock';

export interface ReconcileJob {
  lockId: string;
}

export interface JobQueue {
  /** Asks for a reconcile of these locks; inside `tx` when given, so it commits (or not) with the change. */
  enqueueReconcile(lockIds: readonly string[], tx?: Tx): Promise<void>;
  /** Starts consuming jobs with this handler (a process that only serves HTTP may skip this). */
  work(handler: (job: ReconcileJob) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

export async function startJobQueue(
  database: Database,
  logger: Logger,
  options: { schema?: string } = {},
): Promise<JobQueue> {
  const schema = options.schema ?? 'pgboss';
  const boss = database.pglite
    ? new PgBoss({ db: fromPglite(database.pglite), schema, backend: 'pglite', useListenNotify: true, schedule: false })
    : new PgBoss({ connectionString: database.url, schema, max: 4, useListenNotify: true, schedule: false });
  boss.on('error', (error: unknown) => logger.error({ err: error }, 'job queue error'));
  await boss.start();
  await boss.createQueue(RECONCILE_QUEUE, {
    policy: 'stately',
    notify: true,
    retryLimit: 5,
    retryDelay: 1,
    retryBackoff: true,
  });

  return {
    async enqueueReconcile(lockIds, tx) {
      const options = tx ? { db: fromDrizzle(tx as never, sql as never) } : {};
      for (const lockId of new Set(lockIds)) {
        await boss.send(RECONCILE_QUEUE, { lockId }, { singletonKey: lockId, ...options });
      }
    },
    async work(handler) {
      // NOTIFY wakes a worker once per new job; after a burst, full batches keep it fetching (burstWhenBatchFull)
      // and the backstop poll stays short, so a backlog never waits for pg-boss's 30 s default.
      await boss.work<ReconcileJob>(
        RECONCILE_QUEUE,
        {
          batchSize: 8,
          burstWhenBatchFull: true,
          localConcurrency: 2,
          pollingIntervalSeconds: 0.5,
          notifyPollingIntervalSeconds: 0.5,
        },
        async (jobs) => {
          let failure: unknown;
          for (const job of jobs) {
            // Jobs in a batch are for different locks (one per lock at a time): one failing must not stall the rest.
            await handler(job.data).catch((error: unknown) => {
              failure ??= error;
            });
          }
          if (failure) throw failure;
        },
      );
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 5_000 });
    },
  };
}
