import { sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { queryRows } from '../rawQuery.ts';

export interface EventRow extends Record<string, unknown> {
  id: number;
  type: string;
  actor_type: string;
  actor_id: string | null;
  subject_type: string;
  subject_id: string | null;
  data: Record<string, unknown>;
  created_at: string | Date;
}

export interface EventFilter {
  communityId: string;
  /** Only events about this person's codes (residents see their own activity). */
  personId?: string;
  types?: readonly string[];
  lockId?: string;
  afterId?: number;
  beforeId?: number;
  limit: number;
}

/** Newest first (or oldest first after `afterId`, for live feeds). */
export async function listEvents(ex: Executor, f: EventFilter): Promise<EventRow[]> {
  const conditions = [sql`e.community_id = ${f.communityId}`];
  if (f.personId) {
    conditions.push(sql`(e.data->>'holderId' = ${f.personId} or e.data->>'ownerId' = ${f.personId} or e.actor_id = ${f.personId}::uuid
      or e.subject_id = ${f.personId}::uuid
      or e.subject_id in (select id from access_codes where holder_id = ${f.personId} or owner_id = ${f.personId}))`);
  }
  if (f.types && f.types.length > 0)
    conditions.push(
      sql`e.type in (${sql.join(
        f.types.map((t) => sql`${t}`),
        sql`, `,
      )})`,
    );
  if (f.lockId) conditions.push(sql`e.data->>'lockId' = ${f.lockId}`);
  if (f.afterId !== undefined) conditions.push(sql`e.id > ${f.afterId}`);
  if (f.beforeId !== undefined) conditions.push(sql`e.id < ${f.beforeId}`);
  const order = f.afterId !== undefined ? sql`e.id asc` : sql`e.id desc`;
  return queryRows<EventRow>(
    ex,
    sql`select e.id, e.type, e.actor_type, e.actor_id, e.subject_type, e.subject_id, e.data, e.created_at
        from events e where ${sql.join(conditions, sql` and `)} order by ${order} limit ${f.limit}`,
  );
}

export async function latestEventId(ex: Executor, communityId: string): Promise<number> {
  const rows = await queryRows<{ id: number | null }>(
    ex,
    sql`select max(id) as id from events where community_id = ${communityId}`,
  );
  return Number(rows[0]?.id ?? 0);
}

export interface FleetRow extends Record<string, unknown> {
  lock_id: string;
  name: string;
  kind: string;
  connectivity: 'hub' | 'bluetooth' | 'seam';
  hub_id: string | null;
  hub_name: string | null;
  hub_online: boolean | null;
  reachable: boolean;
  battery: number | null;
  slot_count: number;
  unmanaged_slots: number[];
  inventory_at: string | Date | null;
  readable_codes: boolean;
  verified_at: string | Date | null;
  verify_interval_minutes: number | null;
  codes: number;
  pending: number;
  failed: number;
  failure_reasons: string[] | null;
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
}

export async function lockFleet(ex: Executor, communityId: string): Promise<FleetRow[]> {
  return queryRows<FleetRow>(
    ex,
    sql`select l.id as lock_id, ap.name, ap.kind, l.connectivity, l.hub_id, h.name as hub_name, h.online as hub_online,
               l.reachable, l.battery, l.slot_count, l.unmanaged_slots, l.inventory_at, l.readable_codes, l.verified_at,
               (select (c.settings->>'verifyIntervalMinutes')::int from communities c where c.id = l.community_id) as verify_interval_minutes,
               count(lc.id) filter (where lc.state = 'active')::int as codes,
               count(lc.id) filter (where lc.state in ('pending', 'removing'))::int as pending,
               count(lc.id) filter (where lc.state = 'failed')::int as failed,
               array_agg(distinct lc.reason) filter (where lc.state in ('failed', 'pending', 'removing') and lc.reason is not null) as failure_reasons,
               max(lat.p50) as latency_p50_ms, max(lat.p95) as latency_p95_ms
        from locks l join access_points ap on ap.id = l.access_point_id left join hubs h on h.id = l.hub_id
        left join lock_codes lc on lc.lock_id = l.id
        left join lateral (
          select percentile_cont(0.5) within group (order by ms) as p50, percentile_cont(0.95) within group (order by ms) as p95
          from (select extract(epoch from (c.completed_at - c.sent_at)) * 1000 as ms from lock_commands c
                where c.lock_id = l.id and c.status = 'ok' and c.completed_at is not null and c.bundle_counter is null
                order by c.completed_at desc limit 100) recent
        ) lat on true
        where l.community_id = ${communityId}
        group by l.id, ap.name, ap.kind, h.name, h.online
        order by ap.name`,
  );
}
