/**
 * Webhook endpoints, their deliveries (claimed with a lease, settled with backoff) and every attempt. SQL only.
 */
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../database.ts';
import { queryRows } from '../rawQuery.ts';
import { apiKeys, people, seamEvents, webhookAttempts, webhookDeliveries, webhookEndpoints } from '../schema.ts';

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;

export async function insertWebhookEndpoint(tx: Tx, row: typeof webhookEndpoints.$inferInsert): Promise<void> {
  await tx.insert(webhookEndpoints).values(row);
}

export interface WebhookEndpointListRow extends WebhookEndpointRow {
  createdByName: string | null;
  pendingDeliveries: number;
  failedDeliveries: number;
}

const endpointColumns = {
  id: webhookEndpoints.id,
  communityId: webhookEndpoints.communityId,
  url: webhookEndpoints.url,
  secretEnc: webhookEndpoints.secretEnc,
  eventTypes: webhookEndpoints.eventTypes,
  status: webhookEndpoints.status,
  disabledReason: webhookEndpoints.disabledReason,
  disabledAt: webhookEndpoints.disabledAt,
  failingSince: webhookEndpoints.failingSince,
  createdByApiKeyId: webhookEndpoints.createdByApiKeyId,
  createdByPersonId: webhookEndpoints.createdByPersonId,
  createdAt: webhookEndpoints.createdAt,
  deletedAt: webhookEndpoints.deletedAt,
  createdByName: sql<string | null>`coalesce(${people.name}, ${apiKeys.name})`,
  pendingDeliveries: sql<number>`(select count(*)::int from webhook_deliveries d where d.endpoint_id = ${webhookEndpoints.id} and d.status = 'pending')`,
  failedDeliveries: sql<number>`(select count(*)::int from webhook_deliveries d where d.endpoint_id = ${webhookEndpoints.id} and d.status = 'failed')`,
};

/** The community's endpoints that are not deleted, oldest first, with who made them and what is queued. */
export async function listWebhookEndpoints(ex: Executor, communityId: string): Promise<WebhookEndpointListRow[]> {
  const rows = await ex
    .select(endpointColumns)
    .from(webhookEndpoints)
    .leftJoin(people, eq(people.id, webhookEndpoints.createdByPersonId))
    .leftJoin(apiKeys, eq(apiKeys.id, webhookEndpoints.createdByApiKeyId))
    .where(and(eq(webhookEndpoints.communityId, communityId), isNull(webhookEndpoints.deletedAt)))
    .orderBy(webhookEndpoints.createdAt, webhookEndpoints.id);
  return rows.map(countsAsNumbers);
}

/** One endpoint of the community (not deleted); undefined for an unknown id or another community's. */
export async function findWebhookEndpoint(
  ex: Executor,
  communityId: string,
  id: string,
): Promise<WebhookEndpointListRow | undefined> {
  const rows = await ex
    .select(endpointColumns)
    .from(webhookEndpoints)
    .leftJoin(people, eq(people.id, webhookEndpoints.createdByPersonId))
    .leftJoin(apiKeys, eq(apiKeys.id, webhookEndpoints.createdByApiKeyId))
    .where(
      and(
        eq(webhookEndpoints.id, id),
        eq(webhookEndpoints.communityId, communityId),
        isNull(webhookEndpoints.deletedAt),
      ),
    )
    .limit(1);
  return rows[0] && countsAsNumbers(rows[0]);
}

function countsAsNumbers(row: WebhookEndpointListRow): WebhookEndpointListRow {
  return { ...row, pendingDeliveries: Number(row.pendingDeliveries), failedDeliveries: Number(row.failedDeliveries) };
}

export async function setWebhookEventTypes(tx: Tx, id: string, eventTypes: string[] | null): Promise<void> {
  await tx.update(webhookEndpoints).set({ eventTypes }).where(eq(webhookEndpoints.id, id));
}

/** Deleted: kept for the record, never called again; what was still queued for it fails. */
export async function deleteWebhookEndpoint(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.update(webhookEndpoints).set({ deletedAt: at }).where(eq(webhookEndpoints.id, id));
  await tx
    .update(webhookDeliveries)
    .set({ status: 'failed', nextAttemptAt: null, lastError: 'The endpoint was deleted.' })
    .where(and(eq(webhookDeliveries.endpointId, id), eq(webhookDeliveries.status, 'pending')));
}

/** Enabled again by a manager: the failure streak starts afresh and what is still queued goes at once. */
export async function enableWebhookEndpoint(tx: Tx, id: string, now: Date): Promise<void> {
  await tx
    .update(webhookEndpoints)
    .set({ status: 'enabled', disabledReason: null, disabledAt: null, failingSince: null })
    .where(eq(webhookEndpoints.id, id));
  await tx
    .update(webhookDeliveries)
    .set({ nextAttemptAt: now })
    .where(and(eq(webhookDeliveries.endpointId, id), eq(webhookDeliveries.status, 'pending')));
}

/** Disabled for failing; false when it was not enabled any more (deleted, or already disabled by another process). */
export async function disableWebhookEndpoint(tx: Tx, id: string, reason: string, at: Date): Promise<boolean> {
  const rows = await tx
    .update(webhookEndpoints)
    .set({ status: 'disabled', disabledReason: reason, disabledAt: at })
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.status, 'enabled'), isNull(webhookEndpoints.deletedAt)))
    .returning({ id: webhookEndpoints.id });
  return rows.length > 0;
}

/** Rows per INSERT: PostgreSQL takes at most 65,535 parameters in one statement. */
const CHUNK = 1000;

export async function insertWebhookDeliveries(tx: Tx, rows: (typeof webhookDeliveries.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await tx.insert(webhookDeliveries).values(rows.slice(i, i + CHUNK));
}

export interface ClaimedDelivery extends Record<string, unknown> {
  id: string;
  communityId: string;
  endpointId: string;
  seamEventId: string;
  /** Counting this one. */
  attempts: number;
  createdAt: Date;
  url: string;
  secretEnc: string;
  payload: Record<string, unknown>;
}

/**
 * Claims up to `limit` due deliveries of enabled endpoints: each gets one more attempt and is hidden from other
 * processes until `leaseUntil` (if this process dies mid-send, the delivery comes back then).
 */
export async function claimDueDeliveries(
  tx: Tx,
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<ClaimedDelivery[]> {
  const rows = await queryRows<ClaimedDelivery>(
    tx,
    sql`update webhook_deliveries d
        set attempts = d.attempts + 1, next_attempt_at = ${leaseUntil.toISOString()}::timestamptz
        from webhook_endpoints e, seam_events s
        where d.id in (select d2.id from webhook_deliveries d2
                       join webhook_endpoints e2 on e2.id = d2.endpoint_id
                       where d2.status = 'pending' and d2.next_attempt_at <= ${now.toISOString()}::timestamptz
                         and e2.status = 'enabled' and e2.deleted_at is null
                       order by d2.next_attempt_at, d2.created_at
                       limit ${limit}
                       for update of d2 skip locked)
          and e.id = d.endpoint_id and s.id = d.seam_event_id
        returning d.id, d.community_id as "communityId", d.endpoint_id as "endpointId",
                  d.seam_event_id as "seamEventId", d.attempts, d.created_at as "createdAt",
                  e.url, e.secret_enc as "secretEnc", s.payload`,
  );
  return rows.map((row) => ({
    ...row,
    attempts: Number(row.attempts),
    createdAt: new Date(row.createdAt),
    payload: typeof row.payload === 'string' ? (JSON.parse(row.payload) as Record<string, unknown>) : row.payload,
  }));
}

export async function insertWebhookAttempt(tx: Tx, row: typeof webhookAttempts.$inferInsert): Promise<void> {
  await tx.insert(webhookAttempts).values(row);
}

export async function markDeliveryDelivered(tx: Tx, id: string, statusCode: number, at: Date): Promise<void> {
  await tx
    .update(webhookDeliveries)
    .set({ status: 'delivered', deliveredAt: at, nextAttemptAt: null, lastStatusCode: statusCode, lastError: null })
    .where(eq(webhookDeliveries.id, id));
}

/** Not delivered: tried again at `retryAt`, or failed for good when null. */
export async function markDeliveryNotDelivered(
  tx: Tx,
  id: string,
  answer: { statusCode: number | null; error: string | null },
  retryAt: Date | null,
): Promise<void> {
  await tx
    .update(webhookDeliveries)
    .set({
      status: retryAt ? 'pending' : 'failed',
      nextAttemptAt: retryAt,
      lastStatusCode: answer.statusCode,
      lastError: answer.error,
    })
    .where(eq(webhookDeliveries.id, id));
}

/** A 2xx: the endpoint is healthy again. */
export async function clearEndpointFailing(tx: Tx, endpointId: string): Promise<void> {
  await tx.update(webhookEndpoints).set({ failingSince: null }).where(eq(webhookEndpoints.id, endpointId));
}

/** A failed attempt: the failure streak starts now unless it already runs; returns when it started. */
export async function markEndpointFailing(tx: Tx, endpointId: string, at: Date): Promise<Date | null> {
  const rows = await tx
    .update(webhookEndpoints)
    .set({ failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${at.toISOString()}::timestamptz)` })
    .where(eq(webhookEndpoints.id, endpointId))
    .returning({ failingSince: webhookEndpoints.failingSince });
  return rows[0]?.failingSince ?? null;
}

/** When a delivery was first tried. */
export async function firstAttemptAt(tx: Tx, deliveryId: string): Promise<Date | null> {
  const rows = await tx
    .select({ at: sql<Date | string | null>`min(${webhookAttempts.at})` })
    .from(webhookAttempts)
    .where(eq(webhookAttempts.deliveryId, deliveryId));
  const at = rows[0]?.at;
  return at ? new Date(at) : null;
}

export interface DeliveryListRow {
  id: string;
  seamEventId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  createdAt: Date;
  deliveredAt: Date | null;
  nextAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  attempts: { at: Date; statusCode: number | null; error: string | null; durationMs: number }[];
}

/** An endpoint's most recent deliveries, newest first, each with its attempts in order. */
export async function listDeliveries(
  ex: Executor,
  communityId: string,
  endpointId: string,
  limit: number,
): Promise<DeliveryListRow[]> {
  const deliveries = await ex
    .select({
      id: webhookDeliveries.id,
      seamEventId: webhookDeliveries.seamEventId,
      eventType: webhookDeliveries.eventType,
      status: webhookDeliveries.status,
      createdAt: webhookDeliveries.createdAt,
      deliveredAt: webhookDeliveries.deliveredAt,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      lastStatusCode: webhookDeliveries.lastStatusCode,
      lastError: webhookDeliveries.lastError,
    })
    .from(webhookDeliveries)
    .innerJoin(seamEvents, eq(seamEvents.id, webhookDeliveries.seamEventId))
    .where(and(eq(webhookDeliveries.communityId, communityId), eq(webhookDeliveries.endpointId, endpointId)))
    .orderBy(desc(webhookDeliveries.createdAt), desc(seamEvents.sourceEventId), desc(webhookDeliveries.id))
    .limit(limit);
  if (deliveries.length === 0) return [];
  const attempts = await ex
    .select({
      deliveryId: webhookAttempts.deliveryId,
      at: webhookAttempts.at,
      statusCode: webhookAttempts.statusCode,
      error: webhookAttempts.error,
      durationMs: webhookAttempts.durationMs,
    })
    .from(webhookAttempts)
    .where(
      inArray(
        webhookAttempts.deliveryId,
        deliveries.map((d) => d.id),
      ),
    )
    .orderBy(webhookAttempts.at, webhookAttempts.id);
  const byDelivery = new Map<string, DeliveryListRow['attempts']>();
  for (const { deliveryId, ...attempt } of attempts) {
    const list = byDelivery.get(deliveryId) ?? [];
    list.push(attempt);
    byDelivery.set(deliveryId, list);
  }
  return deliveries.map((d) => ({ ...d, attempts: byDelivery.get(d.id) ?? [] }));
}
