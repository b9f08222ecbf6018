import { sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { queryRows } from '../rawQuery.ts';
import type { EventRow } from './activity.ts';

/** A new event, with what the live feed needs to tell whom it concerns without another query. */
export interface LiveEventRow extends EventRow {
  community_id: string;
  time_zone: string;
  /** Holder and owner of the access code the event is about (its subject), if it is one. */
  code_holder_id: string | null;
  code_owner_id: string | null;
}

/** A fingerprint of everything on one person's cards that the sync engine moves (codes and per-door rows). */
export interface CardMark {
  personId: string;
  mark: string;
}

export interface LiveChanges {
  events: LiveEventRow[];
  marks: CardMark[];
}

/**
 * What changed for the live feed's listeners, in ONE statement: events after `afterId` in their communities
 * (oldest first, at most `limit`), and a mark per listening person of their resident cards' codes and door
 * rows. A door's status can move without an event of its own (a pass holding a change for a phone), so marks
 * are compared instead of timestamps: exact, and blind to clock skew between processes. The mark hashes
 * versions, states and update times — never a PIN.
 */
export async function liveChangesSince(
  ex: Executor,
  q: { afterId: number; communityIds: readonly string[]; personIds: readonly string[]; limit: number },
): Promise<LiveChanges> {
  const communities = sql`array[${sql.join(
    q.communityIds.map((id) => sql`${id}`),
    sql`, `,
  )}]::uuid[]`;
  const people = q.personIds.length
    ? sql`array[${sql.join(
        q.personIds.map((id) => sql`${id}`),
        sql`, `,
      )}]::uuid[]`
    : sql`array[]::uuid[]`;
  const rows = await queryRows<{ kind: 'event' | 'mark'; row: Record<string, unknown> }>(
    ex,
    sql`
    with ev as (
      select e.id, e.type, e.actor_type, e.actor_id, e.subject_type, e.subject_id, e.data, e.created_at,
             e.community_id, c.time_zone, ac.holder_id as code_holder_id, ac.owner_id as code_owner_id
      from events e
      join communities c on c.id = e.community_id
      left join access_codes ac on ac.id = e.subject_id
      where e.id > ${q.afterId} and e.community_id = any(${communities})
      order by e.id
      limit ${q.limit}
    ), marks as (
      select ac.holder_id as "personId",
             md5(string_agg(concat_ws(':', ac.id, ac.version, ac.status, ac.code_length, ac.previous_pin_enc is null,
                                      ac.updated_at, lc.lock_id, lc.state, lc.reason, lc.desired_version,
                                      lc.reported_version, lc.updated_at),
                            ',' order by ac.id, lc.lock_id)) as mark
      from access_codes ac
      left join lock_codes lc on lc.access_code_id = ac.id
      where ac.holder_id = any(${people}) and ac.kind = 'resident'
      group by ac.holder_id
    )
    select 'event' as kind, to_jsonb(ev) as row from ev
    union all
    select 'mark' as kind, to_jsonb(marks) as row from marks`,
  );
  const events: LiveEventRow[] = [];
  const marks: CardMark[] = [];
  for (const { kind, row } of rows) {
    if (kind === 'mark') marks.push(row as unknown as CardMark);
    else events.push({ ...(row as unknown as LiveEventRow), id: Number(row.id) });
  }
  events.sort((a, b) => a.id - b.id);
  return { events, marks };
}
