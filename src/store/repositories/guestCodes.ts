/** Guest codes: created by a resident for their guests; holder-less credentials owned by the resident. */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { ON_REMOVAL_REQUESTED } from '../../domain/sync/lockCodeState.ts';
import type { Executor } from '../database.ts';
import { queryRows } from '../rawQuery.ts';
import { accessCodes, lockCodes, messages } from '../schema.ts';

export type CodeKind = 'guest' | 'staff' | 'vendor';

export interface GuestCodeRow {
  id: string;
  kind: CodeKind;
  communityId: string;
  ownerId: string;
  ownerName: string;
  guestType: 'permanent' | 'temporary' | 'recurring' | 'delivery';
  guestName: string;
  pinEnc: string;
  status: 'active' | 'revoked';
  startsAt: Date | null;
  endsAt: Date | null;
  schedule: { days: string[]; start: string; end: string } | null;
  firstUsedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
  timeZone: string;
  graceMinutes: number;
  doors: {
    accessPointId: string;
    name: string;
    kind: 'unit_door' | 'community_door' | 'amenity';
    connectivity: 'hub' | 'bluetooth';
    state: string;
    reason: string | null;
  }[];
}

const toDate = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

const kindList = (kinds: readonly CodeKind[]) =>
  sql.join(
    kinds.map((k) => sql`${k}`),
    sql`, `,
  );

async function guestRows(
  ex: Executor,
  where: ReturnType<typeof sql>,
  kinds: readonly CodeKind[] = ['guest'],
): Promise<GuestCodeRow[]> {
  const rows = await queryRows<Record<string, unknown>>(
    ex,
    sql`select ac.id, ac.kind, ac.community_id, ac.owner_id, p.name as owner_name, ac.guest_type, ac.guest_name, ac.pin_enc, ac.status,
               ac.starts_at, ac.ends_at, ac.schedule, ac.first_used_at, ac.revoked_at, ac.created_at, c.time_zone,
               (c.settings->>'deliveryGraceMinutes')::int as grace,
               ap.id as access_point_id, ap.name as door_name, ap.kind as door_kind, l.connectivity, lc.state, lc.reason
        from access_codes ac
        join communities c on c.id = ac.community_id
        left join people p on p.id = ac.owner_id
        left join lock_codes lc on lc.access_code_id = ac.id
        left join locks l on l.id = lc.lock_id
        left join access_points ap on ap.id = l.access_point_id
        where ac.kind in (${kindList(kinds)}) and ${where}
        order by ac.created_at desc, ac.id,
                 case ap.kind when 'unit_door' then 0 when 'community_door' then 1 else 2 end, ap.name`,
  );
  const byId = new Map<string, GuestCodeRow>();
  for (const r of rows) {
    const id = r.id as string;
    let code = byId.get(id);
    if (!code) {
      code = {
        id,
        kind: r.kind as CodeKind,
        communityId: r.community_id as string,
        ownerId: r.owner_id as string,
        ownerName: (r.owner_name as string | null) ?? 'the management',
        guestType: r.guest_type as GuestCodeRow['guestType'],
        guestName: r.guest_name as string,
        pinEnc: r.pin_enc as string,
        status: r.status as GuestCodeRow['status'],
        startsAt: toDate(r.starts_at),
        endsAt: toDate(r.ends_at),
        schedule: (r.schedule as GuestCodeRow['schedule']) ?? null,
        firstUsedAt: toDate(r.first_used_at),
        revokedAt: toDate(r.revoked_at),
        createdAt: new Date(r.created_at as string),
        timeZone: r.time_zone as string,
        graceMinutes: Number(r.grace ?? 15),
        doors: [],
      };
      byId.set(id, code);
    }
    if (r.access_point_id) {
      code.doors.push({
        accessPointId: r.access_point_id as string,
        name: r.door_name as string,
        kind: r.door_kind as GuestCodeRow['doors'][number]['kind'],
        connectivity: r.connectivity as 'hub' | 'bluetooth',
        state: r.state as string,
        reason: (r.reason as string | null) ?? null,
      });
    }
  }
  return [...byId.values()];
}

export function guestCodesOfOwner(ex: Executor, ownerId: string): Promise<GuestCodeRow[]> {
  return guestRows(ex, sql`ac.owner_id = ${ownerId}`);
}

export async function guestCodeById(ex: Executor, id: string): Promise<GuestCodeRow | undefined> {
  return (await guestRows(ex, sql`ac.id = ${id}`))[0];
}

/** Staff and vendor codes of a community (managed by its managers; same validity model as guests). */
export function staffCodesOfCommunity(ex: Executor, communityId: string): Promise<GuestCodeRow[]> {
  return guestRows(ex, sql`ac.community_id = ${communityId}`, ['staff', 'vendor']);
}

export async function staffCodeById(ex: Executor, communityId: string, id: string): Promise<GuestCodeRow | undefined> {
  return (await guestRows(ex, sql`ac.id = ${id} and ac.community_id = ${communityId}`, ['staff', 'vendor']))[0];
}

/** Guest codes of an owner that still count against the cap (not revoked, not over). */
export async function countLiveGuestCodes(ex: Executor, ownerId: string, now: Date): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    ex,
    sql`select count(*)::int as n from access_codes
        where owner_id = ${ownerId} and kind = 'guest' and status = 'active'
          and (ends_at is null or ends_at > ${now.toISOString()}::timestamptz)`,
  );
  return Number(rows[0]?.n ?? 0);
}

export interface ShareableDoor {
  accessPointId: string;
  kind: 'unit_door' | 'community_door' | 'amenity';
  lockId: string;
}

/**
 * Doors a resident may share with guests while a lease of theirs is current (leases carry their state; the
 * `today` argument is no longer needed): their own unit doors, community doors, amenities. Before move-in
 * and after move-out: none.
 */
export async function shareableDoors(
  ex: Executor,
  personId: string,
  communityId: string,
  _today: string,
): Promise<ShareableDoor[]> {
  const rows = await queryRows<{ access_point_id: string; kind: ShareableDoor['kind']; lock_id: string }>(
    ex,
    sql`select ap.id as access_point_id, ap.kind, l.id as lock_id
        from access_points ap join locks l on l.access_point_id = ap.id and l.retiring_since is null
        where ap.community_id = ${communityId} and (
          (ap.kind in ('community_door', 'amenity') and exists (
            select 1 from residencies r
            where r.person_id = ${personId} and r.community_id = ${communityId} and r.access_state = 'current'))
          or ap.unit_id in (
            select r.unit_id from residencies r where r.person_id = ${personId} and r.access_state = 'current'))`,
  );
  return rows.map((r) => ({ accessPointId: r.access_point_id, kind: r.kind, lockId: r.lock_id }));
}

/** Revokes guest codes (one, or all of an owner); returns the locks that must let go of them. */
export async function revokeGuestCodes(
  ex: Executor,
  filter: { id?: string; ownerId?: string; communityId?: string; kinds?: readonly CodeKind[] },
  at: Date,
): Promise<string[]> {
  const revoked = await ex
    .update(accessCodes)
    .set({ status: 'revoked', revokedAt: at, updatedAt: at })
    .where(
      and(
        ...(filter.ownerId ? [eq(accessCodes.ownerId, filter.ownerId)] : []),
        ...(filter.communityId ? [eq(accessCodes.communityId, filter.communityId)] : []),
        inArray(accessCodes.kind, [...(filter.kinds ?? ['guest'])]),
        eq(accessCodes.status, 'active'),
        ...(filter.id ? [eq(accessCodes.id, filter.id)] : []),
      ),
    )
    .returning({ id: accessCodes.id });
  if (revoked.length === 0) return [];
  const rows = await ex
    .update(lockCodes)
    .set({
      ...ON_REMOVAL_REQUESTED.status,
      attempts: 0,
      nextAttemptAt: null,
      nextBoundaryAt: null,
      updatedAt: at,
    })
    .where(
      and(
        inArray(
          lockCodes.accessCodeId,
          revoked.map((r) => r.id),
        ),
        inArray(lockCodes.state, [...ON_REMOVAL_REQUESTED.rowsIn]),
      ),
    )
    .returning({ lockId: lockCodes.lockId });
  return [...new Set(rows.map((r) => r.lockId))];
}

/** Records a delivery code's first use (once); returns true when this was the first. */
export async function markFirstUse(ex: Executor, accessCodeId: string, at: Date): Promise<boolean> {
  const rows = await ex
    .update(accessCodes)
    .set({ firstUsedAt: at })
    .where(and(eq(accessCodes.id, accessCodeId), sql`${accessCodes.firstUsedAt} is null`))
    .returning({ id: accessCodes.id });
  return rows.length > 0;
}

export async function locksOfCode(ex: Executor, accessCodeId: string): Promise<string[]> {
  const rows = await ex
    .select({ lockId: lockCodes.lockId })
    .from(lockCodes)
    .where(eq(lockCodes.accessCodeId, accessCodeId));
  return rows.map((r) => r.lockId);
}

/** Guest-link messages; the outbox's other queries are in messages.ts. */
export async function queueMessage(ex: Executor, message: typeof messages.$inferInsert): Promise<void> {
  await ex.insert(messages).values(message);
}
