/** Taking codes away: the credential is revoked and every lock holding it is asked to remove it. */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { ON_CHANGE_REQUESTED, ON_REMOVAL_REQUESTED } from '../../domain/sync/lockCodeState.ts';
import type { Executor } from '../database.ts';
import { queryRows } from '../rawQuery.ts';
import { accessCodes, lockCodes, locks, residencies } from '../schema.ts';

/** Revokes every active code a person holds; returns the locks that must let go of them. */
export async function revokeCodesOfHolder(
  ex: Executor,
  holderId: string,
  at: Date,
): Promise<{ accessCodeIds: string[]; lockIds: string[] }> {
  const revoked = await ex
    .update(accessCodes)
    .set({ status: 'revoked', revokedAt: at, updatedAt: at })
    .where(and(eq(accessCodes.holderId, holderId), eq(accessCodes.status, 'active')))
    .returning({ id: accessCodes.id });
  const accessCodeIds = revoked.map((r) => r.id);
  if (accessCodeIds.length === 0) return { accessCodeIds, lockIds: [] };
  const rows = await ex
    .update(lockCodes)
    .set({
      ...ON_REMOVAL_REQUESTED.status,
      attempts: 0,
      nextAttemptAt: null,
      updatedAt: at,
    })
    .where(
      and(inArray(lockCodes.accessCodeId, accessCodeIds), inArray(lockCodes.state, [...ON_REMOVAL_REQUESTED.rowsIn])),
    )
    .returning({ lockId: lockCodes.lockId });
  return { accessCodeIds, lockIds: [...new Set(rows.map((r) => r.lockId))] };
}

/** Ends the person's current residencies on `today` (a later planned move-out is brought forward). */
export async function endResidencies(
  ex: Executor,
  personId: string,
  communityId: string,
  today: string,
): Promise<number> {
  const rows = await ex
    .update(residencies)
    .set({ moveOut: today })
    .where(
      and(
        eq(residencies.personId, personId),
        eq(residencies.communityId, communityId),
        sql`(${residencies.moveOut} is null or ${residencies.moveOut} > ${today}::date)`,
      ),
    )
    .returning({ id: residencies.id });
  return rows.length;
}

export interface RemovalRow extends Record<string, unknown> {
  lock_id: string;
  door_name: string;
  connectivity: 'hub' | 'bluetooth';
  state: string;
  reason: string | null;
  codes: number;
  /** Still on the lock: the person's own codes, and their guests' codes. */
  own_left: number;
  guests_left: number;
  /** When the earliest code still on the lock was revoked (the move-out). */
  waiting_since: string | Date | null;
}

/** Per lock: where the removal of a person's revoked codes stands. */
export async function removalProgress(ex: Executor, holderId: string): Promise<RemovalRow[]> {
  return queryRows<RemovalRow>(
    ex,
    sql`select l.id as lock_id, ap.name as door_name, l.connectivity,
               case when bool_and(lc.state = 'removed') then 'removed'
                    when bool_or(lc.state = 'failed') then 'failed' else 'removing' end as state,
               max(lc.reason) filter (where lc.state <> 'removed') as reason,
               count(*)::int as codes,
               count(*) filter (where lc.state <> 'removed' and ac.holder_id = ${holderId})::int as own_left,
               count(*) filter (where lc.state <> 'removed' and ac.holder_id is distinct from ${holderId})::int as guests_left,
               min(ac.revoked_at) filter (where lc.state <> 'removed') as waiting_since
        from lock_codes lc
        join access_codes ac on ac.id = lc.access_code_id
        join locks l on l.id = lc.lock_id
        join access_points ap on ap.id = l.access_point_id
        where (ac.holder_id = ${holderId} or ac.owner_id = ${holderId}) and ac.status = 'revoked'
        group by l.id, ap.name, l.connectivity
        order by ap.name`,
  );
}

export async function personInCommunity(ex: Executor, personId: string, communityId: string) {
  const rows = await queryRows<{ id: string; name: string; email: string }>(
    ex,
    sql`select id, name, email from people where id = ${personId} and community_id = ${communityId} limit 1`,
  );
  return rows[0];
}

export interface ActiveCardRow {
  id: string;
  communityId: string;
  scope: 'home' | 'community';
  version: number;
  pinEnc: string;
}

/** A person's active resident cards (the lease sweep plans them against the person's current leases). */
export async function activeCardsOf(ex: Executor, holderId: string): Promise<ActiveCardRow[]> {
  const rows = await ex
    .select({
      id: accessCodes.id,
      communityId: accessCodes.communityId,
      scope: accessCodes.scope,
      version: accessCodes.version,
      pinEnc: accessCodes.pinEnc,
    })
    .from(accessCodes)
    .where(and(eq(accessCodes.holderId, holderId), eq(accessCodes.kind, 'resident'), eq(accessCodes.status, 'active')));
  return rows.map((r) => ({ ...r, scope: r.scope as ActiveCardRow['scope'], version: Number(r.version) }));
}

/** Locks the code is wanted on (intent present), whatever its sync state. */
export async function locksWanting(ex: Executor, accessCodeId: string): Promise<string[]> {
  const rows = await ex
    .select({ lockId: lockCodes.lockId })
    .from(lockCodes)
    .where(and(eq(lockCodes.accessCodeId, accessCodeId), eq(lockCodes.intent, 'present')));
  return rows.map((r) => r.lockId);
}

/** Asks these locks to let go of one code (the code itself stays active: it is still good elsewhere). */
export async function requestRemovalFrom(
  ex: Executor,
  accessCodeId: string,
  lockIds: readonly string[],
  at: Date,
): Promise<string[]> {
  if (lockIds.length === 0) return [];
  const rows = await ex
    .update(lockCodes)
    .set({ ...ON_REMOVAL_REQUESTED.status, attempts: 0, nextAttemptAt: null, updatedAt: at })
    .where(
      and(
        eq(lockCodes.accessCodeId, accessCodeId),
        inArray(lockCodes.lockId, [...lockIds]),
        inArray(lockCodes.state, [...ON_REMOVAL_REQUESTED.rowsIn]),
      ),
    )
    .returning({ lockId: lockCodes.lockId });
  return [...new Set(rows.map((r) => r.lockId))];
}

/**
 * A lease end moved while the lease is current: Bluetooth locks hold the resident's code with the lease
 * end as its validity, so they must be given it again (same slot, same code, new end) by the next phone.
 * Hub locks need nothing. Returns the Bluetooth locks concerned.
 */
export async function resendCardsToBluetoothLocks(ex: Executor, holderId: string, at: Date): Promise<string[]> {
  const rows = await ex
    .update(lockCodes)
    .set({ ...ON_CHANGE_REQUESTED.status, reportedVersion: null, attempts: 0, nextAttemptAt: null, updatedAt: at })
    .where(
      and(
        eq(lockCodes.intent, 'present'),
        inArray(
          lockCodes.accessCodeId,
          ex
            .select({ id: accessCodes.id })
            .from(accessCodes)
            .where(
              and(
                eq(accessCodes.holderId, holderId),
                eq(accessCodes.kind, 'resident'),
                eq(accessCodes.status, 'active'),
              ),
            ),
        ),
        inArray(lockCodes.lockId, ex.select({ id: locks.id }).from(locks).where(eq(locks.connectivity, 'bluetooth'))),
      ),
    )
    .returning({ lockId: lockCodes.lockId });
  return [...new Set(rows.map((r) => r.lockId))];
}
