/** How the slots of some locks are spoken for, split between residents' own codes and everything else. */
import { sql } from 'drizzle-orm';
import type { LockRoom } from '../../domain/slotRoom.ts';
import type { Executor } from '../database.ts';
import { queryRows } from '../rawQuery.ts';

/**
 * For each lock: its slots, the slots held or promised by residents' codes and by every other code (counted as
 * for integration codes: a code holding a slot, or wanted on the lock and not over, plus codes Keyway did not set),
 * and how many residents with a lease that is not over have a card that opens its door (unit doors: the unit's
 * residents; community doors and amenities: the community's). Call it with the locks' code spaces locked.
 */
export async function lockRooms(
  ex: Executor,
  communityId: string,
  lockIds: readonly string[],
  now: Date,
): Promise<LockRoom[]> {
  if (lockIds.length === 0) return [];
  const rows = await queryRows<Record<string, unknown>>(
    ex,
    sql`with claims as (
          select lc.lock_id, ac.kind from lock_codes lc join access_codes ac on ac.id = lc.access_code_id
          where lc.lock_id in (${sql.join(
            lockIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )}) and (
            (lc.state <> 'removed' and lc.slot is not null)
            or (lc.intent = 'present'
                and (ac.ends_at is null or ac.ends_at > ${now.toISOString()}::timestamptz)
                and not (ac.guest_type = 'delivery' and ac.first_used_at is not null))))
        select l.id, ap.name, l.slot_count,
               coalesce(cardinality(l.unmanaged_slots), 0)
                 + (select count(*) from claims c where c.lock_id = l.id and c.kind <> 'resident') as other_claims,
               (select count(*) from claims c where c.lock_id = l.id and c.kind = 'resident') as resident_claims,
               (select count(distinct r.person_id) from residencies r
                where r.community_id = l.community_id and r.access_state <> 'ended'
                  and (ap.kind <> 'unit_door' or r.unit_id = ap.unit_id)) as residents_with_card
        from locks l join access_points ap on ap.id = l.access_point_id
        where l.community_id = ${communityId} and l.id in (${sql.join(
          lockIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})
        order by l.id`,
  );
  return rows.map((r) => ({
    lockId: r.id as string,
    doorName: r.name as string,
    slotCount: Number(r.slot_count),
    otherClaims: Number(r.other_claims),
    residentClaims: Number(r.resident_claims),
    residentsWithCard: Number(r.residents_with_card),
  }));
}
