/**
 * Verified truth: which locks are due a read, and the open drift of a lock.
 *
 * The open drift needs no column: the `lock.drift_found` event that opened it carries the dedupe key
 * `drift_open:<lockId>` (unique, so finding it is one index lookup, and a lock has at most one open drift).
 * Closing it renames that key to `drift_closed:<eventId>` and records `lock.drift_repaired` with the key
 * `drift_repaired:<eventId>`, so the repair is written exactly once even if two processes close it.
 */
import { sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { queryRows } from '../rawQuery.ts';

export interface DueLock {
  id: string;
  hubId: string | null;
  hubOnline: boolean;
  address: string | null;
  reachable: boolean;
  /** Null: never scheduled (a new lock, or one from before verification existed). */
  verifyDueAt: Date | null;
  intervalMinutes: number | null;
}

/**
 * Hub locks whose read is due (or that were never scheduled), oldest first, at most `limit`; their rows stay
 * locked until the transaction ends and other processes skip them, so each due lock is taken once.
 */
export async function takeDueLocks(ex: Executor, now: Date, limit: number): Promise<DueLock[]> {
  const rows = await queryRows<Record<string, unknown>>(
    ex,
    sql`select l.id, l.hub_id, h.online as hub_online, l.address, l.reachable, l.verify_due_at,
               (c.settings->>'verifyIntervalMinutes')::int as interval_minutes
        from locks l join communities c on c.id = l.community_id left join hubs h on h.id = l.hub_id
        where l.connectivity = 'hub' and l.retiring_since is null
          and (l.verify_due_at is null or l.verify_due_at <= ${now.toISOString()}::timestamptz)
        order by l.verify_due_at nulls first
        limit ${limit}
        for update of l skip locked`,
  );
  return rows.map((r) => ({
    id: r.id as string,
    hubId: (r.hub_id as string | null) ?? null,
    hubOnline: Boolean(r.hub_online),
    address: (r.address as string | null) ?? null,
    reachable: Boolean(r.reachable),
    verifyDueAt: r.verify_due_at ? new Date(r.verify_due_at as string) : null,
    intervalMinutes:
      r.interval_minutes === null || r.interval_minutes === undefined ? null : Number(r.interval_minutes),
  }));
}

/** Moves each lock's next read time (one statement for the whole batch). */
export async function setVerifyDue(ex: Executor, due: readonly { id: string; at: Date }[]): Promise<void> {
  if (due.length === 0) return;
  const json = JSON.stringify(due.map((d) => ({ id: d.id, at: d.at.toISOString() })));
  await ex.execute(
    sql`update locks set verify_due_at = d.at
        from jsonb_to_recordset(${json}::jsonb) as d(id uuid, at timestamptz) where locks.id = d.id`,
  );
}

/** A community's cadence changed: its locks are rescheduled on the next sweep (from their new phase). */
export async function unscheduleCommunityLocks(ex: Executor, communityId: string): Promise<void> {
  await ex.execute(sql`update locks set verify_due_at = null where community_id = ${communityId}`);
}

export interface OpenDrift {
  eventId: number;
  data: Record<string, unknown>;
}

const openKey = (lockId: string) => `drift_open:${lockId}`;

export async function openDriftOf(ex: Executor, lockId: string): Promise<OpenDrift | undefined> {
  const rows = await queryRows<{ id: number | string; data: Record<string, unknown> }>(
    ex,
    sql`select id, data from events where dedupe_key = ${openKey(lockId)}`,
  );
  const row = rows[0];
  return row ? { eventId: Number(row.id), data: row.data } : undefined;
}

export function driftOpenKey(lockId: string): string {
  return openKey(lockId);
}

/** Ends an open drift (`how`: closed when repaired, merged into a newer one); false if it was not open. */
export async function endDrift(
  ex: Executor,
  lockId: string,
  eventId: number,
  how: 'closed' | 'merged',
): Promise<boolean> {
  const rows = await queryRows<{ id: number }>(
    ex,
    sql`update events set dedupe_key = ${`drift_${how}:`} || id::text
        where id = ${eventId} and dedupe_key = ${openKey(lockId)} returning id`,
  );
  return rows.length > 0;
}

/**
 * How many of the drifted rows are not back yet: still wanted on the lock and not active. A row that left
 * (revoked, moved out) or waits for its window is done as far as the repair goes.
 */
export async function rowsNotRestored(ex: Executor, lockCodeIds: readonly string[]): Promise<number> {
  if (lockCodeIds.length === 0) return 0;
  const rows = await queryRows<{ n: number | string }>(
    ex,
    sql`select count(*)::int as n from lock_codes
        where id in (select jsonb_array_elements_text(${JSON.stringify(lockCodeIds)}::jsonb)::uuid)
          and intent = 'present' and state <> 'active' and reason is distinct from 'outside_window'`,
  );
  return Number(rows[0]?.n ?? 0);
}
