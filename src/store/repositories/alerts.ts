/**
 * Alerts: events managers must notice (a keypad brute force), open until one manager dismisses them. The event
 * stays in the log as it was; a dismissal is its own row (alert_acknowledgements).
 */
import { sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { queryRows } from '../rawQuery.ts';
import { alertAcknowledgements } from '../schema.ts';

/** Event types that are alerts. */
export const ALERT_TYPES = ['lock.keypad_brute_force'] as const;

export interface AlertRow {
  id: number;
  type: string;
  data: Record<string, unknown>;
  at: Date;
}

const types = sql.join(
  ALERT_TYPES.map((t) => sql`${t}`),
  sql`, `,
);

/** The community's alerts since `since` that no one dismissed, newest first. */
export async function openAlerts(ex: Executor, communityId: string, since: Date, limit = 50): Promise<AlertRow[]> {
  const rows = await queryRows<{
    id: string | number;
    type: string;
    data: Record<string, unknown>;
    created_at: string | Date;
  }>(
    ex,
    sql`select e.id, e.type, e.data, e.created_at from events e
        where e.community_id = ${communityId} and e.type in (${types})
          and e.created_at > ${since.toISOString()}::timestamptz
          and not exists (select 1 from alert_acknowledgements a where a.event_id = e.id)
        order by e.id desc
        limit ${limit}`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    type: r.type,
    data: r.data ?? {},
    at: r.created_at instanceof Date ? r.created_at : new Date(r.created_at),
  }));
}

/** Whether `eventId` is an alert of this community (another community's, or any other event, is not). */
export async function isAlertOf(ex: Executor, communityId: string, eventId: number): Promise<boolean> {
  const rows = await queryRows<{ id: string | number }>(
    ex,
    sql`select id from events where id = ${eventId} and community_id = ${communityId} and type in (${types})`,
  );
  return rows.length > 0;
}

/** Records the dismissal; a second one (another manager, a double click) keeps the first. */
export async function acknowledgeAlert(
  ex: Executor,
  ack: { eventId: number; communityId: string; personId: string; at: Date },
): Promise<void> {
  await ex
    .insert(alertAcknowledgements)
    .values({ eventId: ack.eventId, communityId: ack.communityId, personId: ack.personId, acknowledgedAt: ack.at })
    .onConflictDoNothing();
}
