/**
 * The message outbox: queueing, claiming with a lease (a crashed sender's claim runs out and the message is
 * tried again), settling with backoff, and what managers see of failures (never the body or the secret).
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { queryRows } from '../rawQuery.ts';
import { messages } from '../schema.ts';

export type NewMessage = typeof messages.$inferInsert;

export async function insertMessage(ex: Executor, message: NewMessage): Promise<void> {
  await ex.insert(messages).values(message);
}

export interface ClaimedMessage extends Record<string, unknown> {
  id: string;
  communityId: string | null;
  kind: 'guest_link' | 'invitation' | 'password_reset' | 'security_alert';
  channel: 'sms' | 'email';
  recipient: string;
  subject: string;
  body: string;
  secretEnc: string | null;
  /** Counting this one. */
  attempts: number;
}

/**
 * Claims up to `limit` queued messages that are due: each gets one more attempt and is hidden from other
 * processes until `leaseUntil` (if this process dies mid-send, the message comes back then).
 */
export async function claimDueMessages(
  ex: Executor,
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<ClaimedMessage[]> {
  return queryRows<ClaimedMessage>(
    ex,
    sql`update messages set attempts = attempts + 1, next_attempt_at = ${leaseUntil.toISOString()}::timestamptz
        where id in (select id from messages
                     where status = 'queued' and (next_attempt_at is null or next_attempt_at <= ${now.toISOString()}::timestamptz)
                     order by created_at limit ${limit} for update skip locked)
        returning id, community_id as "communityId", kind, channel, recipient, subject, body,
                  secret_enc as "secretEnc", attempts`,
  );
}

/** Accepted by the channel: sent, and the one-time secret is erased. */
export async function markMessageSent(ex: Executor, id: string, at: Date): Promise<void> {
  await ex
    .update(messages)
    .set({ status: 'sent', sentAt: at, secretEnc: null, nextAttemptAt: null, error: null })
    .where(eq(messages.id, id));
}

/** Not accepted: tried again at `retryAt`, or failed for good when null. */
export async function markMessageNotSent(ex: Executor, id: string, error: string, retryAt: Date | null): Promise<void> {
  await ex
    .update(messages)
    .set(
      retryAt ? { status: 'queued', error, nextAttemptAt: retryAt } : { status: 'failed', error, nextAttemptAt: null },
    )
    .where(eq(messages.id, id));
}

export interface MessageListRow {
  id: string;
  kind: 'guest_link' | 'invitation' | 'password_reset' | 'security_alert';
  channel: 'sms' | 'email';
  recipient: string;
  subject: string;
  status: 'queued' | 'sent' | 'failed';
  attempts: number;
  error: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export async function listMessages(
  ex: Executor,
  communityId: string,
  status: 'queued' | 'sent' | 'failed' | undefined,
  limit: number,
): Promise<MessageListRow[]> {
  return ex
    .select({
      id: messages.id,
      kind: messages.kind,
      channel: messages.channel,
      recipient: messages.recipient,
      subject: messages.subject,
      status: messages.status,
      attempts: messages.attempts,
      error: messages.error,
      createdAt: messages.createdAt,
      sentAt: messages.sentAt,
    })
    .from(messages)
    .where(
      status
        ? and(eq(messages.communityId, communityId), eq(messages.status, status))
        : eq(messages.communityId, communityId),
    )
    .orderBy(desc(messages.createdAt))
    .limit(limit);
}

/** Queues a failed message of the community again, from a fresh count of attempts; false if there is none. */
export async function requeueFailedMessage(ex: Executor, communityId: string, id: string): Promise<boolean> {
  const rows = await ex
    .update(messages)
    .set({ status: 'queued', attempts: 0, nextAttemptAt: null, error: null })
    .where(and(eq(messages.id, id), eq(messages.communityId, communityId), eq(messages.status, 'failed')))
    .returning({ id: messages.id });
  return rows.length > 0;
}

export async function findMessageOfCommunity(
  ex: Executor,
  communityId: string,
  id: string,
): Promise<{ id: string; status: 'queued' | 'sent' | 'failed' } | undefined> {
  const rows = await ex
    .select({ id: messages.id, status: messages.status })
    .from(messages)
    .where(and(eq(messages.id, id), eq(messages.communityId, communityId)))
    .limit(1);
  return rows[0];
}
