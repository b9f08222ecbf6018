/**
 * What a metrics scrape reads from the database: fleet-wide numbers, the same from every process. One round
 * trip; every part is an index lookup (min over an indexed column, a count over a small index) except the hub
 * count and the verification scan, which read the hubs and locks tables (see docs/operations.md for the cost
 * and why scrapes are cached for a few seconds).
 */
import { sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { queryRows } from '../rawQuery.ts';

export interface FleetSnapshot {
  hubsOnline: number;
  hubsTotal: number;
  /** The oldest due sweep item (a guest-window boundary or a retry whose time has come); null: nothing due. */
  oldestDueAt: Date | null;
  /** The oldest proof of contents among locks that verify themselves (readable hub and cloud locks). */
  oldestVerifiedAt: Date | null;
  /** Locks that can verify but never have (new, or their hub has not reported yet). */
  neverVerified: number;
  webhookDeliveriesPending: number;
}

export async function fleetSnapshot(ex: Executor, now: Date): Promise<FleetSnapshot> {
  const at = now.toISOString();
  // The retry condition mirrors locksDueForRetry (repositories/lockSync.ts): rows the sweep would pick up now.
  const [row] = await queryRows<Record<string, unknown>>(
    ex,
    sql`select
          (select count(*) from hubs where online)::int as hubs_online,
          (select count(*) from hubs)::int as hubs_total,
          least(
            (select min(next_boundary_at) from lock_codes where next_boundary_at <= ${at}::timestamptz),
            (select min(next_attempt_at) from lock_codes
              where next_attempt_at <= ${at}::timestamptz and state in ('pending', 'removing')
                and reason is distinct from 'sending' and reason is distinct from 'awaiting_phone'
                and reason is distinct from 'hub_offline' and reason is distinct from 'outside_window')
          ) as oldest_due_at,
          v.oldest_verified_at,
          v.never_verified,
          (select count(*) from webhook_deliveries where status = 'pending')::int as webhook_pending
        from (select min(verified_at) as oldest_verified_at,
                     (count(*) filter (where verified_at is null))::int as never_verified
                from locks where readable_codes and connectivity in ('hub', 'seam') and retiring_since is null) v`,
  );
  return {
    hubsOnline: Number(row?.hubs_online ?? 0),
    hubsTotal: Number(row?.hubs_total ?? 0),
    oldestDueAt: toDate(row?.oldest_due_at),
    oldestVerifiedAt: toDate(row?.oldest_verified_at),
    neverVerified: Number(row?.never_verified ?? 0),
    webhookDeliveriesPending: Number(row?.webhook_pending ?? 0),
  };
}

/**
 * Jobs of one pg-boss queue that are waiting (created, retry) or running (active), by state. Read from pg-boss's
 * own table (schema `pgboss`, as src/sync/jobQueue.ts creates it) through its index on (name, state, …) over live
 * jobs: pg-boss's cached queue counts lag by its monitor interval.
 */
export async function queueDepth(ex: Executor, queue: string): Promise<{ queued: number; active: number }> {
  const rows = await queryRows<{ state: string; n: number }>(
    ex,
    sql`select state::text as state, count(*)::int as n from pgboss.job
        where name = ${queue} and state < 'completed' group by state`,
  );
  let queued = 0;
  let active = 0;
  for (const r of rows) {
    if (r.state === 'active') active += Number(r.n);
    else queued += Number(r.n);
  }
  return { queued, active };
}

function toDate(value: unknown): Date | null {
  return value === null || value === undefined ? null : new Date(value as string);
}
