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
import { ReconcileFailed } from './reconcileLocks.ts';

export const RECONCILE_QUEUE = 'reconcile-lock';
/** A job whose worker stopped refreshing it this long ago is retried elsewhere (pg-boss's minimum is 10). */
const HEARTBEAT_SECONDS = 10;
/** How often some process looks for such jobs. */
const SUPERVISE_SECONDS = 5;
/** A handler still running after this long is hung: its job is retried even though it keeps its heartbeat. */
const EXPIRE_SECONDS = 300;

export interface ReconcileJob {
  lockId: string;
}

export interface JobQueue {
  /** Asks for a reconcile of these locks; inside `tx` when given, so it commits (or not) with the change. */
  enqueueReconcile(lockIds: readonly string[], tx?: Tx): Promise<void>;
  /**
   * Starts consuming jobs with this handler, a batch at a time (a process that only serves HTTP may skip this).
   * The batch's jobs are for different locks. A handler that throws ReconcileFailed fails (and so retries) only
   * the jobs of the locks it names; any other error fails the whole batch.
   */
  work(handler: (jobs: ReconcileJob[]) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

/** Jobs one worker takes at once: one set-based pass covers them all (reconcileLocks). */
export const RECONCILE_BATCH_SIZE = 100;

export async function startJobQueue(
  database: Database,
  logger: Logger,
  options: { schema?: string } = {},
): Promise<JobQueue> {
  const schema = options.schema ?? 'pgboss';
  // Taking over from a dead process (SIGKILL mid-pass leaves its jobs `active`): on PostgreSQL every worker
  // refreshes its jobs' heartbeat every HEARTBEAT_SECONDS / 2; the supervisor (any process, every
  // SUPERVISE_SECONDS) fails a job whose heartbeat is older than HEARTBEAT_SECONDS into `retry`, which another
  // process picks up after a 1–2 s backoff: ≤ 10 + 5 + 2 s plus a poll, well inside 30 s. pg-boss's defaults
  // (no heartbeat, 15 min expiry, a 60 s supervisor) took a quarter of an hour. A slow pass is not cut short:
  // it keeps its heartbeat; the expiry only bounds a hung handler. Embedded PGlite is one process: no takeover.
  const supervision = { superviseIntervalSeconds: SUPERVISE_SECONDS, monitorIntervalSeconds: SUPERVISE_SECONDS };
  const boss = database.pglite
    ? new PgBoss({ db: fromPglite(database.pglite), schema, backend: 'pglite', useListenNotify: true, schedule: false })
    : new PgBoss({
        connectionString: database.url,
        schema,
        max: 4,
        useListenNotify: true,
        schedule: false,
        ...supervision,
      });
  boss.on('error', (error: unknown) => logger.error({ err: error }, 'job queue error'));
  await boss.start();
  const takeover = database.pglite ? {} : { heartbeatSeconds: HEARTBEAT_SECONDS, expireInSeconds: EXPIRE_SECONDS };
  await boss.createQueue(RECONCILE_QUEUE, {
    policy: 'stately',
    notify: true,
    retryLimit: 5,
    retryDelay: 1,
    retryBackoff: true,
    ...takeover,
  });
  // createQueue leaves an existing queue as it was: an installation upgraded in place gets the takeover settings
  // here. (pg-boss's type leaves heartbeatSeconds out of updateQueue, but its SQL sets it.)
  if (!database.pglite) await boss.updateQueue(RECONCILE_QUEUE, takeover as never);

  return {
    async enqueueReconcile(lockIds, tx) {
      const unique = [...new Set(lockIds)];
      if (unique.length === 0) return;
      const options = tx ? { db: fromDrizzle(tx as never, sql as never) } : {};
      // One statement for all: insert() runs send()'s own INSERT … ON CONFLICT DO NOTHING with the queue's
      // policy, so the stately singleton per lock holds (a lock with a job waiting gets no second one) and the
      // NOTIFY that wakes workers is sent once.
      await boss.insert(
        RECONCILE_QUEUE,
        unique.map((lockId) => ({ data: { lockId }, singletonKey: lockId })),
        options,
      );
    },
    async work(handler) {
      // NOTIFY wakes a worker once per new job; after a burst, full batches keep it fetching (burstWhenBatchFull)
      // and the backstop poll stays short, so a backlog never waits for pg-boss's 30 s default.
      await boss.work<ReconcileJob>(
        RECONCILE_QUEUE,
        {
          batchSize: RECONCILE_BATCH_SIZE,
          burstWhenBatchFull: true,
          localConcurrency: 2,
          pollingIntervalSeconds: 0.5,
          notifyPollingIntervalSeconds: 0.5,
          perJobResults: true,
        },
        async (jobs) => {
          // Jobs in a batch are for different locks (one per lock at a time): one failing must not stall the
          // rest, so each job is settled on its own: a failed lock's job is retried, the others are done.
          let failed: ReadonlyMap<string, unknown> = new Map();
          try {
            await handler(jobs.map((job) => job.data));
          } catch (error) {
            if (!(error instanceof ReconcileFailed)) throw error;
            failed = error.failures;
          }
          return jobs.map((job) => {
            const error = failed.get(job.data.lockId);
            return error === undefined
              ? { id: job.id, status: 'completed' as const }
              : {
                  id: job.id,
                  status: 'failed' as const,
                  output: { message: String((error as Error)?.message ?? error) },
                };
          });
        },
      );
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 5_000 });
    },
  };
}
