/**
 * Keyway's side of cloud locks (Seam), one per server process: a pg-boss queue of per-lock and per-account
 * jobs shared by every process (stately per key, so a lock is driven by one worker at a time and bursts
 * collapse), the periodic poll, and the webhook intake. The reconcile pass hands a Seam lock's commands here
 * (`dispatch`) after its transaction commits; every call to Seam happens in these jobs.
 */
import { SeamWebhook } from '@seamapi/webhook';
import { fromPglite, PgBoss } from 'pg-boss';
import { KeywayError } from '../domain/errors.ts';
import type { Database } from '../store/database.ts';
import { allCloudAccountIds, cloudAccountById } from '../store/repositories/cloud.ts';
import { type CloudDeps, webhookSecretLabel } from './cloudDeps.ts';
import { executeCommands } from './executeCommands.ts';
import { pollAccount } from './pollAccount.ts';
import { refreshLock } from './refreshLock.ts';
import { toSeamEvent } from './seamApi.ts';
import { applySeamEvent } from './seamEvents.ts';
import { loggable } from './seamMapping.ts';

export const CLOUD_QUEUE = 'cloud-seam';

type CloudJob =
  | { kind: 'commands'; lockId: string }
  | { kind: 'refresh'; lockId: string }
  | { kind: 'poll'; accountId: string };

/** What the reconcile pass needs: hand over a cloud lock's new commands. */
export interface CloudDispatch {
  dispatch(lockId: string): Promise<void>;
}

export interface CloudConnectorOptions {
  /** How often every account is polled, ms (SEAM_POLL_SECONDS). */
  pollIntervalMs: number;
  /** Retries of a command job after an outage (exponential backoff from 1 s). */
  retryLimit?: number;
}

export class CloudConnector implements CloudDispatch {
  readonly #deps: CloudDeps;
  readonly #database: Database;
  readonly #options: CloudConnectorOptions;
  #boss: PgBoss | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(deps: CloudDeps, database: Database, options: CloudConnectorOptions) {
    this.#deps = deps;
    this.#database = database;
    this.#options = options;
  }

  async start(): Promise<void> {
    const database = this.#database;
    const boss = database.pglite
      ? new PgBoss({ db: fromPglite(database.pglite), schema: 'pgboss', backend: 'pglite', schedule: false })
      : new PgBoss({ connectionString: database.url, schema: 'pgboss', max: 2, schedule: false });
    boss.on('error', (error: unknown) => this.#deps.logger.error({ err: error }, 'cloud job queue error'));
    await boss.start();
    await boss.createQueue(CLOUD_QUEUE, {
      policy: 'stately',
      retryLimit: this.#options.retryLimit ?? 4,
      retryDelay: 1,
      retryBackoff: true,
    });
    this.#boss = boss;
    // One job per fetch: a failed job retries alone (a failed batch would retry all of it).
    const options = { batchSize: 1, localConcurrency: 2, pollingIntervalSeconds: 0.5, includeMetadata: true } as const;
    await boss.work<CloudJob, void, typeof options>(CLOUD_QUEUE, options, async ([job]) => {
      if (job) await this.#run(job.data, job.retryCount >= job.retryLimit);
    });
    this.#timer = setInterval(() => void this.pollAll(), this.#options.pollIntervalMs);
    this.#timer.unref();
  }

  async #run(job: CloudJob, lastAttempt: boolean): Promise<void> {
    const deps = this.#deps;
    if (job.kind === 'commands') {
      return executeCommands(deps, job.lockId, lastAttempt).catch((error: unknown) => {
        deps.logger.warn({ lockId: job.lockId, lastAttempt, ...loggable(error) }, 'Seam commands will be retried');
        throw error;
      });
    }
    if (job.kind === 'poll') return pollAccount(deps, job.accountId);
    await refreshLock(deps, job.lockId).catch((error: unknown) =>
      deps.logger.warn({ lockId: job.lockId, ...loggable(error) }, 'could not refresh a Seam lock'),
    );
  }

  async #send(job: CloudJob): Promise<void> {
    const boss = this.#boss;
    if (!boss) throw new Error('cloud connector not started');
    const key = job.kind === 'poll' ? `poll:${job.accountId}` : `${job.kind}:${job.lockId}`;
    await boss.send(CLOUD_QUEUE, job, { singletonKey: key });
  }

  async dispatch(lockId: string): Promise<void> {
    await this.#send({ kind: 'commands', lockId });
  }

  async requestRefresh(lockId: string): Promise<void> {
    await this.#send({ kind: 'refresh', lockId });
  }

  async requestPoll(accountId: string): Promise<void> {
    await this.#send({ kind: 'poll', accountId });
  }

  async pollAll(): Promise<void> {
    try {
      for (const id of await allCloudAccountIds(this.#deps.db)) await this.requestPoll(id);
    } catch (error) {
      this.#deps.logger.error({ err: error }, 'could not schedule cloud polls');
    }
  }

  /**
   * A delivery to /cloud/seam/webhooks/{accountId}: verified with the account's signing secret (Standard
   * Webhooks: webhook-id, webhook-timestamp, webhook-signature over the raw body), then applied. Anything that
   * does not verify changes nothing and is refused.
   */
  async receiveWebhook(accountId: string, rawBody: string, headers: Record<string, unknown>): Promise<void> {
    const deps = this.#deps;
    const account = await cloudAccountById(deps.db, accountId);
    let payload: unknown;
    try {
      if (!account?.webhookSecretEnc) throw new Error('no webhook secret');
      const secret = deps.cipher.decrypt(account.webhookSecretEnc, webhookSecretLabel(account.id));
      const plain = Object.fromEntries(
        Object.entries(headers).filter((e): e is [string, string] => typeof e[1] === 'string'),
      );
      payload = new SeamWebhook(secret).verify(rawBody, plain as never);
    } catch {
      throw new KeywayError('webhook_unverified', 'This webhook delivery could not be verified.');
    }
    if (!account || !payload || typeof payload !== 'object') return;
    const effect = await applySeamEvent(deps, account, toSeamEvent(payload as Record<string, unknown>), 'webhook');
    if (effect.reconcile.length > 0) await deps.reconcile.enqueueReconcile(effect.reconcile);
    for (const lockId of effect.refresh) await this.requestRefresh(lockId);
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#boss?.stop({ graceful: true, timeout: 5_000 });
  }
}
