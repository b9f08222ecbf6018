import { sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { queryRows } from '../rawQuery.ts';

export interface RateLimitHit {
  allowed: boolean;
  /** When the oldest attempt in the window leaves it (the earliest a refused caller may try again). */
  retryAt: Date;
}

/**
 * Records one attempt against a sliding window, atomically (one statement, safe across processes).
 * Attempts refused here are not recorded, so a caller told to wait can come back after `retryAt`.
 *
 * The window is computed from `r.hits`, the row the conflict locked (on PostgreSQL, the latest committed
 * version once a concurrent attempt has committed), never from a read taken before the lock: a snapshot
 * read would let concurrent attempts overwrite each other's hits (all allowed, past the limit) and, on a
 * key's first attempts, write a null window (a not-null violation).
 */
export async function hitRateLimit(
  ex: Executor,
  key: string,
  limit: number,
  windowMs: number,
  now: Date,
): Promise<RateLimitHit> {
  const since = new Date(now.getTime() - windowMs);
  const nowIso = now.toISOString();
  const sinceIso = since.toISOString();
  const kept = sql`array(select h from unnest(r.hits) as h where h > ${sinceIso}::timestamptz order by h)`;
  const rows = await queryRows<{ allowed: boolean; oldest: string | Date | null }>(
    ex,
    sql`
    insert into rate_limits as r (key, hits, allowed)
    values (${key}, array[${nowIso}::timestamptz], true)
    on conflict (key) do update set
      allowed = cardinality(${kept}) < ${limit},
      hits = case when cardinality(${kept}) < ${limit} then ${kept} || ${nowIso}::timestamptz else ${kept} end
    returning r.allowed, r.hits[1] as oldest`,
  );
  const row = rows[0];
  if (!row) throw new Error('rate limit upsert returned no row');
  const oldest = row.oldest === null ? now : new Date(row.oldest);
  return { allowed: row.allowed, retryAt: new Date(oldest.getTime() + windowMs) };
}
