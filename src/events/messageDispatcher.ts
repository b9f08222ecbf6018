/**
 * Drains the message outbox with the configured senders; safe to run in every server process. A message is
 * `sent` only once its channel accepted it (the SMTP server said yes); a refusal or an unreachable server is
 * tried again with backoff (backoff.ts) and then marked `failed` with the error, which managers see.
 */
import type { Logger } from 'pino';
import type { Clock } from '../platform/clock.ts';
import type { PinCipher } from '../security/pinCipher.ts';
import type { Db } from '../store/database.ts';
import {
  type ClaimedMessage,
  claimDueMessages,
  markMessageNotSent,
  markMessageSent,
} from '../store/repositories/messages.ts';
import { retryDelayMs } from './backoff.ts';
import type { MessageSender } from './messageSenders.ts';
import { messageSecretBinding, SECRET_PLACEHOLDER } from './outbox.ts';

/** How long a claimed message stays hidden from other processes while this one sends it. */
const LEASE_MS = 5 * 60_000;

export interface MessageDispatcher {
  /** Sends whatever is due now (tests call it instead of waiting for the timer). */
  drain(): Promise<void>;
  stop(): void;
}

export function startMessageDispatcher(deps: {
  db: Db;
  clock: Clock;
  logger: Logger;
  cipher: PinCipher;
  senders: MessageSender[];
  intervalMs?: number;
}): MessageDispatcher {
  let running: Promise<void> | undefined;
  const sendOne = async (message: ClaimedMessage) => {
    const sender = deps.senders.find((s) => s.handles(message.channel));
    try {
      if (!sender) throw new Error(`no sender for ${message.channel}`);
      const body = message.secretEnc
        ? message.body.replaceAll(
            SECRET_PLACEHOLDER,
            deps.cipher.decrypt(message.secretEnc, messageSecretBinding(message.id)),
          )
        : message.body;
      await sender.send({ channel: message.channel, recipient: message.recipient, subject: message.subject, body });
      await markMessageSent(deps.db, message.id, deps.clock.now());
    } catch (error) {
      const reason = (error as Error).message || 'send failed';
      const delay = retryDelayMs(message.attempts);
      deps.logger.warn(
        { messageId: message.id, attempts: message.attempts, willRetry: delay !== null, err: reason },
        'message send failed',
      );
      await markMessageNotSent(
        deps.db,
        message.id,
        reason.slice(0, 500),
        delay === null ? null : new Date(deps.clock.now().getTime() + delay),
      );
    }
  };
  const tick = async () => {
    try {
      for (;;) {
        const now = deps.clock.now();
        const batch = await deps.db.transaction((tx) =>
          claimDueMessages(tx, now, new Date(now.getTime() + LEASE_MS), 20),
        );
        for (const message of batch) await sendOne(message);
        if (batch.length < 20) return;
      }
    } catch (error) {
      deps.logger.error({ err: error }, 'message dispatch failed');
    }
  };
  const drain = () => {
    running ??= tick().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => void drain(), deps.intervalMs ?? 1_000);
  timer.unref();
  return {
    drain: async () => {
      // A round already under way may have claimed before the caller's message was queued: run one more.
      await running;
      await drain();
    },
    stop: () => clearInterval(timer),
  };
}
