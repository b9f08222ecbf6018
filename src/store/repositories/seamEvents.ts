/**
 * Seam-shaped events: the projection's reads of the events outbox (after its cursor, which it holds locked while it
 * runs), the facts the mapping needs, the rows it writes, and `/events/list | get`. SQL only.
 */
import { and, asc, desc, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { OutboxEvent } from '../../domain/seam/seamEventMapping.ts';
import type { Executor, Tx } from '../database.ts';
import { queryRows } from '../rawQuery.ts';
import {
  accessCodes,
  accessPoints,
  cloudAccounts,
  events,
  lockCodes,
  locks,
  outboxCursors,
  seamEvents,
  webhookEndpoints,
} from '../schema.ts';

/**
 * Takes a projection's cursor for this transaction, or null when another process holds it (it is projecting now;
 * this one has nothing to do). A new projection starts at the beginning of the outbox.
 */
export async function lockOutboxCursor(tx: Tx, name: string): Promise<number | null> {
  await tx.insert(outboxCursors).values({ name, lastEventId: 0 }).onConflictDoNothing();
  const rows = await queryRows<{ last: string | number }>(
    tx,
    sql`select last_event_id as last from outbox_cursors where name = ${name} for update skip locked`,
  );
  const row = rows[0];
  return row === undefined ? null : Number(row.last);
}

/** Whether the outbox has events past a projection's cursor: a cheap read, so an idle round locks and writes nothing. */
export async function outboxHasNewEvents(ex: Executor, name: string): Promise<boolean> {
  const rows = await queryRows<{ pending: boolean }>(
    ex,
    sql`select exists (select 1 from events
                       where id > coalesce((select last_event_id from outbox_cursors where name = ${name}), 0)) as pending`,
  );
  return rows[0]?.pending === true;
}

export async function advanceOutboxCursor(tx: Tx, name: string, lastEventId: number): Promise<void> {
  await tx.update(outboxCursors).set({ lastEventId }).where(eq(outboxCursors.name, name));
}

/** Outbox events after `afterId`, in id order (installation events have no community; the caller skips them). */
export async function outboxEventsAfter(
  tx: Tx,
  afterId: number,
  limit: number,
): Promise<(Omit<OutboxEvent, 'communityId'> & { communityId: string | null })[]> {
  return tx
    .select({
      id: events.id,
      communityId: events.communityId,
      type: events.type,
      subjectId: events.subjectId,
      data: events.data,
      createdAt: events.createdAt,
    })
    .from(events)
    .where(gt(events.id, afterId))
    .orderBy(asc(events.id))
    .limit(limit);
}

/** The event type of the rows that close gaps in the outbox (no community: every reader skips them). */
export const OUTBOX_GAP_FILLER = 'outbox.gap_filled';

/**
 * Settles a missing event id. Ids come from a sequence, so a missing one is either lost for good (a rolled-back
 * insert, a deduplicated one) or still being written by an open transaction that will commit it later. Inserting a
 * filler row with that id tells which: the primary key makes the insert wait for a transaction holding the id, up to
 * `waitMs`. `filled`: nothing can take the id any more (the filler has it); `committed`: the event was there after
 * all (read again); `open`: its transaction is still running.
 */
export async function settleOutboxGap(
  tx: Tx,
  id: number,
  at: Date,
  waitMs: number,
): Promise<'filled' | 'committed' | 'open'> {
  try {
    return await tx.transaction(async (savepoint) => {
      await savepoint.execute(sql.raw(`set local lock_timeout = '${Math.max(1, Math.round(waitMs))}ms'`));
      const rows = await savepoint
        .insert(events)
        .values({
          id,
          communityId: null,
          type: OUTBOX_GAP_FILLER,
          actorType: 'system',
          actorId: null,
          subjectType: 'outbox',
          subjectId: null,
          data: {},
          createdAt: at,
        })
        .onConflictDoNothing({ target: events.id })
        .returning({ id: events.id });
      await savepoint.execute(sql.raw('set local lock_timeout to default'));
      return rows.length > 0 ? 'filled' : 'committed';
    });
  } catch (error) {
    if (sqlState(error) === '55P03') return 'open'; // lock_not_available: the lock timeout ran out
    throw error;
  }
}

function sqlState(error: unknown): unknown {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** Which of these codes are integration codes, whether revoked, and their per-lock wish. */
export async function integrationCodeFacts(
  ex: Executor,
  accessCodeIds: readonly string[],
): Promise<Map<string, { revoked: boolean; intents: Record<string, 'present' | 'absent'> }>> {
  const facts = new Map<string, { revoked: boolean; intents: Record<string, 'present' | 'absent'> }>();
  if (accessCodeIds.length === 0) return facts;
  const rows = await ex
    .select({
      id: accessCodes.id,
      status: accessCodes.status,
      lockId: lockCodes.lockId,
      intent: lockCodes.intent,
    })
    .from(accessCodes)
    .leftJoin(lockCodes, eq(lockCodes.accessCodeId, accessCodes.id))
    .where(and(inArray(accessCodes.id, [...new Set(accessCodeIds)]), eq(accessCodes.kind, 'integration')));
  for (const row of rows) {
    const entry = facts.get(row.id) ?? { revoked: row.status === 'revoked', intents: {} };
    if (row.lockId && row.intent) entry.intents[row.lockId] = row.intent;
    facts.set(row.id, entry);
  }
  return facts;
}

/** The locks of these hubs with their door names, by hub. */
export async function locksOfHubs(
  ex: Executor,
  hubIds: readonly string[],
): Promise<Map<string, { lockId: string; doorName: string }[]>> {
  const byHub = new Map<string, { lockId: string; doorName: string }[]>();
  if (hubIds.length === 0) return byHub;
  const rows = await ex
    .select({ hubId: locks.hubId, lockId: locks.id, doorName: accessPoints.name })
    .from(locks)
    .innerJoin(accessPoints, eq(accessPoints.id, locks.accessPointId))
    .where(inArray(locks.hubId, [...new Set(hubIds)]))
    .orderBy(asc(accessPoints.name), asc(locks.id));
  for (const row of rows) {
    if (!row.hubId) continue;
    const list = byHub.get(row.hubId) ?? [];
    list.push({ lockId: row.lockId, doorName: row.doorName });
    byHub.set(row.hubId, list);
  }
  return byHub;
}

/**
 * What each lock is reached through, as the Seam devices show it (`connected_account_id`): its hub, the community's
 * Seam account for cloud locks; absent for Bluetooth locks and locks no longer there (the caller uses the community).
 */
export async function connectedAccountsOf(ex: Executor, lockIds: readonly string[]): Promise<Map<string, string>> {
  const accounts = new Map<string, string>();
  if (lockIds.length === 0) return accounts;
  const rows = await ex
    .select({ lockId: locks.id, hubId: locks.hubId, cloudAccountId: cloudAccounts.id })
    .from(locks)
    .leftJoin(
      cloudAccounts,
      and(
        eq(locks.connectivity, 'seam'),
        eq(cloudAccounts.communityId, locks.communityId),
        eq(cloudAccounts.provider, 'seam'),
      ),
    )
    .where(inArray(locks.id, [...new Set(lockIds)]));
  for (const row of rows) {
    const account = row.hubId ?? row.cloudAccountId;
    if (account) accounts.set(row.lockId, account);
  }
  return accounts;
}

export type NewSeamEvent = typeof seamEvents.$inferInsert;

/** Rows per INSERT: PostgreSQL takes at most 65,535 parameters in one statement. */
const CHUNK = 1000;

export async function insertSeamEvents(tx: Tx, rows: NewSeamEvent[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await tx.insert(seamEvents).values(rows.slice(i, i + CHUNK));
}

/** The endpoints that receive events now: enabled and not deleted, of these communities. */
export async function receivingEndpoints(
  tx: Tx,
  communityIds: readonly string[],
): Promise<{ id: string; communityId: string; eventTypes: string[] | null; createdAt: Date }[]> {
  if (communityIds.length === 0) return [];
  return tx
    .select({
      id: webhookEndpoints.id,
      communityId: webhookEndpoints.communityId,
      eventTypes: webhookEndpoints.eventTypes,
      createdAt: webhookEndpoints.createdAt,
    })
    .from(webhookEndpoints)
    .where(
      and(
        inArray(webhookEndpoints.communityId, [...new Set(communityIds)]),
        eq(webhookEndpoints.status, 'enabled'),
        isNull(webhookEndpoints.deletedAt),
      ),
    );
}

export type SeamEventRow = typeof seamEvents.$inferSelect;

export interface SeamEventFilter {
  /** Strictly after (Seam's `since`). */
  after?: Date | undefined;
  /** Strictly between (Seam's `between`). */
  between?: readonly [Date, Date] | undefined;
  deviceIds?: readonly string[] | undefined;
  accessCodeIds?: readonly string[] | undefined;
  eventTypes?: readonly string[] | undefined;
  eventIds?: readonly string[] | undefined;
  /** What the device was reached through (`connected_account_id` of the event: a hub, the Seam account, the community). */
  connectedAccountId?: string | undefined;
  limit: number;
  offset?: number | undefined;
}

/** A community's Seam events, newest first. Ids that are not uuids match nothing (and never reach the SQL). */
export async function listSeamEvents(
  ex: Executor,
  communityId: string,
  filter: SeamEventFilter,
): Promise<SeamEventRow[]> {
  const conditions = [eq(seamEvents.communityId, communityId)];
  if (filter.after) conditions.push(gt(seamEvents.createdAt, filter.after));
  if (filter.between) {
    conditions.push(gt(seamEvents.createdAt, filter.between[0]));
    conditions.push(lt(seamEvents.createdAt, filter.between[1]));
  }
  if (filter.deviceIds) conditions.push(inArray(seamEvents.deviceId, uuids(filter.deviceIds)));
  if (filter.accessCodeIds) conditions.push(inArray(seamEvents.accessCodeId, uuids(filter.accessCodeIds)));
  if (filter.eventTypes) conditions.push(inArray(seamEvents.eventType, [...filter.eventTypes]));
  if (filter.eventIds) conditions.push(inArray(seamEvents.id, uuids(filter.eventIds)));
  if (filter.connectedAccountId)
    conditions.push(sql`${seamEvents.payload}->>'connected_account_id' = ${filter.connectedAccountId}`);
  return ex
    .select()
    .from(seamEvents)
    .where(and(...conditions))
    .orderBy(desc(seamEvents.createdAt), desc(seamEvents.sourceEventId), desc(seamEvents.id))
    .limit(filter.limit)
    .offset(filter.offset ?? 0);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Only well-formed ids go to a uuid column (anything else would be a SQL error); a never-matching one keeps IN valid. */
function uuids(ids: readonly string[]): string[] {
  const valid = ids.filter((id) => UUID.test(id));
  return valid.length > 0 ? valid : ['00000000-0000-0000-0000-000000000000'];
}
