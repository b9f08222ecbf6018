/**
 * What the cloud-lock engine needs: the database, clock, randomness and key like the sync engine, a way to
 * open Seam clients (injected: tests point them at Seam's fake), and the reconcile queue to hand results to.
 * Secrets of an account (its API key, its webhook's signing secret) are sealed with the master key, bound to
 * the account by their own associated-data labels, so neither decrypts as a PIN or as another account's.
 */
import type { Logger } from 'pino';
import type { Clock } from '../platform/clock.ts';
import type { Metrics } from '../platform/metrics.ts';
import type { Random } from '../platform/random.ts';
import type { PinCipher } from '../security/pinCipher.ts';
import type { Db } from '../store/database.ts';
import type { CloudAccountRow } from '../store/repositories/cloud.ts';
import type { JobQueue } from '../sync/jobQueue.ts';
import type { SeamApi, SeamApiFactory } from './seamApi.ts';

export interface CloudDeps {
  db: Db;
  clock: Clock;
  random: Random;
  cipher: PinCipher;
  logger: Logger;
  openSeam: SeamApiFactory;
  /** Reconcile requests that results and polls produce. */
  reconcile: Pick<JobQueue, 'enqueueReconcile'>;
  /** Command latency of cloud locks (src/platform/metrics.ts); absent: not measured. */
  metrics?: Metrics;
}

export const apiKeyLabel = (accountId: string) => `cloud-api-key:${accountId}`;
export const webhookSecretLabel = (accountId: string) => `cloud-webhook-secret:${accountId}`;

export function seamOf(deps: Pick<CloudDeps, 'cipher' | 'openSeam'>, account: CloudAccountRow): SeamApi {
  return deps.openSeam(account.endpoint, deps.cipher.decrypt(account.apiKeyEnc, apiKeyLabel(account.id)));
}

/** What manager use cases need of the cloud side (ServiceDeps.cloud). */
export interface CloudAccess {
  openSeam: SeamApiFactory;
  /** Seam's endpoint unless the operator allows managers to name one. */
  endpoint: string;
  allowCustomEndpoint: boolean;
  /** Asks for a poll of the account soon (after connecting, or from the console's Refresh). */
  requestPoll(accountId: string): Promise<void>;
}
