/**
 * Sends webhooks: projects new outbox events into Seam events and deliveries (projection.ts), then posts what is
 * due, signed (signing.ts), to the address the SSRF guard checked for this very attempt (addressGuard.ts). Safe to
 * run in every server process: deliveries are claimed FOR UPDATE SKIP LOCKED with a lease, like the message outbox.
 *
 * A 2xx is delivered; anything else — another status, no answer within 10 s, a refused connection, an address the
 * guard refuses — is one recorded attempt and a retry with backoff (retrySchedule.ts) for 24 hours, then `failed`.
 * An endpoint with no successful delivery for 24 hours is disabled, with the reason in words; a manager re-enables
 * it from the console.
 *
 * Why not pg-boss (which drives the sync engine): pg-boss schedules retries by the database's clock, which tests
 * and the demo cannot move; these schedules read the injectable clock (`deps.clock`), so advancing it moves them.
 */
import type { Logger } from 'pino';
import { isKeywayError } from '../../domain/errors.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Random } from '../../platform/random.ts';
import type { PinCipher } from '../../security/pinCipher.ts';
import type { Db } from '../../store/database.ts';
import { recordEvent } from '../../store/repositories/events.ts';
import {
  type ClaimedDelivery,
  claimDueDeliveries,
  clearEndpointFailing,
  disableWebhookEndpoint,
  firstAttemptAt,
  insertWebhookAttempt,
  markDeliveryDelivered,
  markDeliveryNotDelivered,
  markEndpointFailing,
} from '../../store/repositories/webhooks.ts';
import { checkWebhookUrl, type WebhookUrlPolicy } from './addressGuard.ts';
import { type DeliveryAnswer, postWebhook } from './httpDelivery.ts';
import { SeamProjection } from './projection.ts';
import { DELIVERY_WINDOW_MS, nextAttemptAt } from './retrySchedule.ts';
import { signatureHeaders, webhookSecretBinding } from './signing.ts';

/** How long a claimed delivery stays hidden from other processes while this one sends it (> the 10 s timeout). */
const LEASE_MS = 60_000;
const CLAIM_BATCH = 20;

export interface WebhookDispatcher {
  /** Projects every committed event and sends whatever is due now (tests call it instead of waiting). */
  drain(): Promise<void>;
  /** No more rounds; resolves once the one under way (if any) has finished. */
  stop(): Promise<void>;
}

export interface WebhookDispatcherDeps {
  db: Db;
  clock: Clock;
  random: Random;
  logger: Logger;
  cipher: PinCipher;
  policy: WebhookUrlPolicy;
  intervalMs?: number;
  timeoutMs?: number;
}

export function startWebhookDispatcher(deps: WebhookDispatcherDeps): WebhookDispatcher {
  const log = deps.logger.child({ component: 'webhooks' });
  const projection = new SeamProjection(deps);

  const attempt = async (delivery: ClaimedDelivery): Promise<DeliveryAnswer> => {
    let target: Awaited<ReturnType<typeof checkWebhookUrl>>;
    try {
      // Checked again at every delivery: the name may resolve elsewhere now than when it was registered.
      target = await checkWebhookUrl(delivery.url, deps.policy);
    } catch (error) {
      return { statusCode: null, error: isKeywayError(error) ? error.message : 'The URL cannot be used.' };
    }
    const secret = deps.cipher.decrypt(delivery.secretEnc, webhookSecretBinding(delivery.endpointId));
    const body = JSON.stringify(delivery.payload);
    // The wall clock, not deps.clock: receivers compare webhook-timestamp with real time (Standard Webhooks allows
    // five minutes) to refuse replays, so a moved test or demo clock would make every delivery fail verification.
    const headers = signatureHeaders(secret, delivery.seamEventId, Math.floor(Date.now() / 1000), body);
    return postWebhook(target, body, { ...headers }, deps.timeoutMs);
  };

  const sendOne = async (delivery: ClaimedDelivery) => {
    const at = deps.clock.now();
    const started = performance.now();
    const answer = await attempt(delivery);
    const durationMs = Math.round(performance.now() - started);
    const ok = answer.statusCode !== null && answer.statusCode >= 200 && answer.statusCode < 300;
    if (!ok)
      log.warn(
        { deliveryId: delivery.id, endpointId: delivery.endpointId, attempts: delivery.attempts, ...answer },
        'webhook delivery failed',
      );
    await deps.db.transaction(async (tx) => {
      await insertWebhookAttempt(tx, {
        id: deps.random.uuid(),
        deliveryId: delivery.id,
        at,
        statusCode: answer.statusCode,
        error: answer.error,
        durationMs,
      });
      if (ok) {
        await markDeliveryDelivered(tx, delivery.id, answer.statusCode as number, deps.clock.now());
        await clearEndpointFailing(tx, delivery.endpointId);
        return;
      }
      const now = deps.clock.now();
      const retryAt = nextAttemptAt(delivery.attempts, delivery.createdAt, now);
      await markDeliveryNotDelivered(tx, delivery.id, answer, retryAt);
      const failingSince = await markEndpointFailing(tx, delivery.endpointId, at);
      if (!failingSince) return;
      // No successful delivery for 24 hours: either the streak is that old, or this delivery has just spent its
      // whole 24 hours failing with nothing delivered since its first try.
      const first = retryAt === null ? await firstAttemptAt(tx, delivery.id) : null;
      const wholeDay =
        now.getTime() - failingSince.getTime() >= DELIVERY_WINDOW_MS ||
        (first !== null && failingSince.getTime() <= first.getTime());
      if (!wholeDay) return;
      const reason = disabledReason(failingSince, answer);
      if (await disableWebhookEndpoint(tx, delivery.endpointId, reason, now)) {
        log.warn({ endpointId: delivery.endpointId }, 'webhook endpoint disabled after 24 hours of failures');
        await recordEvent(tx, {
          communityId: delivery.communityId,
          type: 'webhook.disabled',
          actor: { type: 'system', id: null },
          subject: { type: 'webhook', id: delivery.endpointId },
          data: { reason },
          at: now,
        });
      }
    });
  };

  const deliverDue = async () => {
    for (;;) {
      const now = deps.clock.now();
      const batch = await deps.db.transaction((tx) =>
        claimDueDeliveries(tx, now, new Date(now.getTime() + LEASE_MS), CLAIM_BATCH),
      );
      // One slow receiver (up to the 10 s timeout) does not hold up the others of the batch.
      await Promise.all(batch.map((delivery) => sendOne(delivery)));
      if (batch.length < CLAIM_BATCH) return;
    }
  };

  let running: Promise<void> | undefined;
  const round = async (waitAtGaps: boolean) => {
    try {
      let step = await projection.run();
      // A drain asked for everything committed: wait (briefly) for open transactions to close a gap.
      const deadline = Date.now() + 5_000;
      while (waitAtGaps && (step === 'blocked' || step === 'busy') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        step = await projection.run();
      }
      await deliverDue();
    } catch (error) {
      log.error({ err: error }, 'webhook dispatch failed');
    }
  };
  let stopped = false;
  const start = (waitAtGaps: boolean) => {
    if (stopped) return Promise.resolve();
    running ??= round(waitAtGaps).finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => void start(false), deps.intervalMs ?? 1_000);
  timer.unref();
  return {
    drain: async () => {
      // A round already under way may have read the outbox before the caller's event was committed: run one more.
      await running;
      await start(true);
    },
    stop: async () => {
      clearInterval(timer);
      stopped = true;
      await running;
    },
  };
}

/** "No successful delivery since 2026-06-15 15:00 UTC (last answer: HTTP 503)". */
export function disabledReason(failingSince: Date, answer: DeliveryAnswer): string {
  const since = `${failingSince.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const last =
    answer.statusCode !== null ? `last answer: HTTP ${answer.statusCode}` : `last error: ${answer.error ?? 'unknown'}`;
  return `No successful delivery since ${since} (${last}). Fix the receiver, then enable the webhook again.`;
}
