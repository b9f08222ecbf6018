/**
 * Integration codes (kind `integration`): codes an integrator made through the Seam-compatible API, each for
 * exactly one lock, so each has exactly one lock_codes row. Every query is scoped by community.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { ON_REMOVAL_REQUESTED } from '../../domain/sync/lockCodeState.ts';
import type { Executor } from '../database.ts';
import { queryRows } from '../rawQuery.ts';
import { accessCodes, lockCodes } from '../schema.ts';

/** A lock as a target for integration codes, with how many of its slots are spoken for. */
export interface IntegrationDevice {
  lockId: string;
  doorName: string;
  doorKind: 'unit_door' | 'community_door' | 'amenity';
  connectivity: 'hub' | 'bluetooth' | 'seam';
  codeLengths: number[];
  slotCount: number;
  retiring: boolean;
  /**
   * Slots taken or promised at `now`: every code holding a slot, every code that should be on the lock now or in a
   * later window, and the codes Keyway did not set there. A code that is over (its window closed for good, a used
   * delivery or one-time code) counts only while it still holds its slot.
   */
  slotsClaimed: number;
}

export async function integrationDevices(
  ex: Executor,
  communityId: string,
  lockIds: readonly string[],
  now: Date,
): Promise<IntegrationDevice[]> {
  if (lockIds.length === 0) return [];
  const rows = await queryRows<Record<string, unknown>>(
    ex,
    sql`select l.id, ap.name, ap.kind, l.connectivity, l.code_lengths, l.slot_count, l.retiring_since is not null as retiring,
               coalesce(cardinality(l.unmanaged_slots), 0) + (
                 select count(*) from lock_codes lc join access_codes ac on ac.id = lc.access_code_id
                 where lc.lock_id = l.id and (
                   (lc.state <> 'removed' and lc.slot is not null)
                   or (lc.intent = 'present'
                       and (ac.ends_at is null or ac.ends_at > ${now.toISOString()}::timestamptz)
                       and not (ac.guest_type = 'delivery' and ac.first_used_at is not null)))
               )::int as claimed
        from locks l join access_points ap on ap.id = l.access_point_id
        where l.community_id = ${communityId} and l.id in (${sql.join(
          lockIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
  );
  return rows.map((r) => ({
    lockId: r.id as string,
    doorName: r.name as string,
    doorKind: r.kind as IntegrationDevice['doorKind'],
    connectivity: r.connectivity as IntegrationDevice['connectivity'],
    codeLengths: (r.code_lengths as number[]).map(Number),
    slotCount: Number(r.slot_count),
    retiring: Boolean(r.retiring),
    slotsClaimed: Number(r.claimed),
  }));
}

export interface NewIntegrationCode {
  id: string;
  communityId: string;
  apiKeyId: string | null;
  name: string | null;
  origin: 'generated' | 'custom';
  pinEnc: string;
  fp: string;
  fp4: string;
  codeLength: number;
  guestType: 'permanent' | 'temporary' | 'delivery';
  startsAt: Date | null;
  endsAt: Date | null;
  oneTimeUse: boolean;
  commonCodeKey: string | null;
  at: Date;
}

export async function insertIntegrationCode(ex: Executor, code: NewIntegrationCode): Promise<void> {
  const { at, name, ...row } = code;
  await ex.insert(accessCodes).values({
    ...row,
    kind: 'integration',
    holderId: null,
    ownerId: null,
    scope: null,
    guestName: name,
    version: 1,
    status: 'active',
    createdAt: at,
    updatedAt: at,
  });
}

export interface IntegrationCodeRow {
  id: string;
  communityId: string;
  lockId: string;
  doorName: string;
  doorKind: IntegrationDevice['doorKind'];
  codeLengths: number[];
  name: string | null;
  pinEnc: string;
  guestType: 'permanent' | 'temporary' | 'delivery';
  startsAt: Date | null;
  endsAt: Date | null;
  oneTimeUse: boolean;
  firstUsedAt: Date | null;
  commonCodeKey: string | null;
  status: 'active' | 'revoked';
  revokedAt: Date | null;
  createdAt: Date;
  apiKeyId: string | null;
  /** The name of the API key that made it: the integration, as the console shows it. */
  integration: string | null;
  lockRow: { state: string; intent: 'present' | 'absent'; reason: string | null; updatedAt: Date };
}

export interface IntegrationCodeFilter {
  ids?: readonly string[];
  lockId?: string;
  /** Codes whose whole PIN has this fingerprint (get by device and code). */
  fp?: string;
  /** Seam's `search`: part of the name, the whole id, or the whole code (its fingerprint). */
  search?: { text: string; fp: string | null };
  /** Only codes still listed (their row has not left the lock): lists and pages. */
  listedOnly?: boolean;
  /** Oldest first after this position (Seam pages), else newest first (the console). */
  after?: { createdAt: Date; id: string } | null;
  order: 'oldest' | 'newest';
  limit: number;
  /** Locks the code rows for the rest of the transaction (updates and deletes). */
  forUpdate?: boolean;
}

const toDate = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
const uuids = (ids: readonly string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

export async function integrationCodes(
  ex: Executor,
  communityId: string,
  f: IntegrationCodeFilter,
): Promise<IntegrationCodeRow[]> {
  const where = [sql`ac.community_id = ${communityId}`, sql`ac.kind = 'integration'`];
  if (f.ids) {
    if (f.ids.length === 0) return [];
    where.push(sql`ac.id in (${uuids(f.ids)})`);
  }
  if (f.lockId) where.push(sql`lc.lock_id = ${f.lockId}::uuid`);
  if (f.fp) where.push(sql`ac.fp = ${f.fp}`);
  if (f.search) {
    const { text, fp } = f.search;
    where.push(sql`(position(lower(${text}) in lower(coalesce(ac.guest_name, ''))) > 0 or ac.id::text = lower(${text})
                   or ac.fp = ${fp ?? '-'})`);
  }
  if (f.listedOnly) where.push(sql`lc.state <> 'removed'`);
  if (f.after)
    where.push(sql`(ac.created_at, ac.id) > (${f.after.createdAt.toISOString()}::timestamptz, ${f.after.id}::uuid)`);
  const order = f.order === 'oldest' ? sql`ac.created_at asc, ac.id asc` : sql`ac.created_at desc, ac.id desc`;
  const rows = await queryRows<Record<string, unknown>>(
    ex,
    sql`select ac.id, ac.community_id, lc.lock_id, ap.name as door_name, ap.kind as door_kind, l.code_lengths,
               ac.guest_name, ac.pin_enc, ac.guest_type, ac.starts_at, ac.ends_at, ac.one_time_use, ac.first_used_at,
               ac.common_code_key, ac.status, ac.revoked_at, ac.created_at, ac.api_key_id, k.name as integration,
               lc.state, lc.intent, lc.reason, lc.updated_at as row_updated_at
        from access_codes ac
        join lock_codes lc on lc.access_code_id = ac.id
        join locks l on l.id = lc.lock_id
        join access_points ap on ap.id = l.access_point_id
        left join api_keys k on k.id = ac.api_key_id
        where ${sql.join(where, sql` and `)}
        order by ${order}
        limit ${f.limit}
        ${f.forUpdate ? sql`for update of ac` : sql``}`,
  );
  return rows.map((r) => ({
    id: r.id as string,
    communityId: r.community_id as string,
    lockId: r.lock_id as string,
    doorName: r.door_name as string,
    doorKind: r.door_kind as IntegrationDevice['doorKind'],
    codeLengths: (r.code_lengths as number[]).map(Number),
    name: (r.guest_name as string | null) ?? null,
    pinEnc: r.pin_enc as string,
    guestType: r.guest_type as IntegrationCodeRow['guestType'],
    startsAt: toDate(r.starts_at),
    endsAt: toDate(r.ends_at),
    oneTimeUse: Boolean(r.one_time_use),
    firstUsedAt: toDate(r.first_used_at),
    commonCodeKey: (r.common_code_key as string | null) ?? null,
    status: r.status as IntegrationCodeRow['status'],
    revokedAt: toDate(r.revoked_at),
    createdAt: new Date(r.created_at as string),
    apiKeyId: (r.api_key_id as string | null) ?? null,
    integration: (r.integration as string | null) ?? null,
    lockRow: {
      state: r.state as string,
      intent: r.intent as 'present' | 'absent',
      reason: (r.reason as string | null) ?? null,
      updatedAt: new Date(r.row_updated_at as string),
    },
  }));
}

export interface IntegrationCodeChange {
  name?: string | null;
  guestType?: IntegrationCodeRow['guestType'];
  startsAt?: Date | null;
  endsAt?: Date | null;
  oneTimeUse?: boolean;
  at: Date;
}

export async function updateIntegrationCode(ex: Executor, id: string, change: IntegrationCodeChange): Promise<void> {
  const { at, name, ...rest } = change;
  await ex
    .update(accessCodes)
    .set({ ...rest, ...(name === undefined ? {} : { guestName: name }), updatedAt: at })
    .where(and(eq(accessCodes.id, id), eq(accessCodes.kind, 'integration')));
}

/**
 * A new version of the same PIN: the lock is told again (a lock that enforces schedules itself holds the code
 * with its old window until then). Returns the new version.
 */
export async function bumpCodeVersion(ex: Executor, id: string, at: Date): Promise<number> {
  const rows = await ex
    .update(accessCodes)
    .set({ version: sql`${accessCodes.version} + 1`, updatedAt: at })
    .where(eq(accessCodes.id, id))
    .returning({ version: accessCodes.version });
  const version = rows[0]?.version;
  if (version === undefined) throw new Error(`access code ${id} vanished inside its transaction`);
  return version;
}

/** Revokes one integration code; returns the locks that must let go of it (none when it was already revoked). */
export async function revokeIntegrationCode(
  ex: Executor,
  communityId: string,
  id: string,
  at: Date,
): Promise<string[]> {
  const revoked = await ex
    .update(accessCodes)
    .set({ status: 'revoked', revokedAt: at, updatedAt: at })
    .where(
      and(
        eq(accessCodes.id, id),
        eq(accessCodes.communityId, communityId),
        eq(accessCodes.kind, 'integration'),
        eq(accessCodes.status, 'active'),
      ),
    )
    .returning({ id: accessCodes.id });
  if (revoked.length === 0) return [];
  const rows = await ex
    .update(lockCodes)
    .set({ ...ON_REMOVAL_REQUESTED.status, attempts: 0, nextAttemptAt: null, nextBoundaryAt: null, updatedAt: at })
    .where(and(eq(lockCodes.accessCodeId, id), inArray(lockCodes.state, [...ON_REMOVAL_REQUESTED.rowsIn])))
    .returning({ lockId: lockCodes.lockId });
  return [...new Set(rows.map((r) => r.lockId))];
}

export interface IntegrationLabel {
  name: string | null;
  integration: string | null;
  oneTimeUse: boolean;
}

/** Names for the activity feed: which of these codes are integration codes, their name and their integration's. */
export async function integrationLabels(
  ex: Executor,
  communityId: string,
  accessCodeIds: readonly string[],
): Promise<Map<string, IntegrationLabel>> {
  if (accessCodeIds.length === 0) return new Map();
  const rows = await queryRows<{
    id: string;
    guest_name: string | null;
    integration: string | null;
    one_time_use: boolean;
  }>(
    ex,
    sql`select ac.id, ac.guest_name, k.name as integration, ac.one_time_use
        from access_codes ac left join api_keys k on k.id = ac.api_key_id
        where ac.community_id = ${communityId} and ac.kind = 'integration' and ac.id in (${uuids(accessCodeIds)})`,
  );
  return new Map(
    rows.map((r) => [r.id, { name: r.guest_name, integration: r.integration, oneTimeUse: Boolean(r.one_time_use) }]),
  );
}
