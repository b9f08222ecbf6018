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
  const rows = await queryRows<{ allowed: boolean; oldest: string | Date | null }>(
    ex,
    sql`
    with kept as (
      select coalesce((select array_agg(h order by h) from unnest(r.hits) as h where h > ${sinceIso}::timestamptz),
                      '{}'::timestamptz[]) as hits
      from rate_limits r where r.key = ${key}
    )
    insert into rate_limits as r (key, hits, allowed)
    values (${key}, array[${nowIso}::timestamptz], true)
    on conflict (key) do update set
      allowed = cardinality((select hits from kept)) < ${limit},
      hits = case when cardinality((select hits from kept)) < ${limit}
                  then (select hits from kept) || ${nowIso}::timestamptz
                  else (select hits from kept) end
    returning r.allowed, r.hits[1] as oldest`,
  );
  const row = rows[0];
  if (!row) throw new Error('rate limit upsert returned no row');
  const oldest = row.oldest === null ? now : new Date(row.oldest);
  return { allowed: row.allowed, retryAt: new Date(oldest.getTime() + windowMs) };
}
