/** Drains the message outbox with the configured senders; safe to run in every server process. */
import type { Logger } from 'pino';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../store/database.ts';
import { claimMessages, settleMessage } from '../store/repositories/guestCodes.ts';
import type { MessageSender } from './messageSenders.ts';

const MAX_ATTEMPTS = 5;

export function startMessageDispatcher(deps: {
  db: Db;
  clock: Clock;
  logger: Logger;
  senders: MessageSender[];
  intervalMs?: number;
}): () => void {
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const batch = await deps.db.transaction((tx) => claimMessages(tx, 20));
      for (const message of batch) {
        const sender = deps.senders.find((s) => s.handles(message.channel));
        try {
          if (!sender) throw new Error(`no sender for ${message.channel}`);
          await sender.send(message);
          await settleMessage(deps.db, message.id, { ok: true, at: deps.clock.now(), retry: false });
        } catch (error) {
          deps.logger.warn({ messageId: message.id, err: (error as Error).message }, 'message send failed');
          await settleMessage(deps.db, message.id, {
            ok: false,
            error: (error as Error).message,
            at: deps.clock.now(),
            retry: message.attempts < MAX_ATTEMPTS,
          });
        }
      }
    } catch (error) {
      deps.logger.error({ err: error }, 'message dispatch failed');
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), deps.intervalMs ?? 1_000);
  timer.unref();
  return () => clearInterval(timer);
}
