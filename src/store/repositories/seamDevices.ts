/**
 * SQL for the Seam-compatible API's devices (a community's locks with their door, hub and cloud account) and for
 * the unmanaged codes on them: the slots a lock reported that no credential claims (hub and Bluetooth locks) and
 * the codes a cloud service reports that Keyway did not set (Seam locks).
 */
import { and, asc, eq, inArray, isNull, lt, ne, type SQL, sql } from 'drizzle-orm';
import type { LockCodeStatus } from '../../domain/sync/lockCodeState.ts';
import type { Executor } from '../database.ts';
import { accessCodes, accessPoints, cloudAccounts, cloudCodes, hubs, lockCodes, locks } from '../schema.ts';

export interface SeamDeviceRow {
  lockId: string;
  communityId: string;
  createdAt: Date;
  connectivity: 'hub' | 'bluetooth' | 'seam';
  hubId: string | null;
  codeLengths: number[];
  slotCount: number;
  nativeSchedules: boolean;
  readableCodes: boolean;
  /** Percent, when the lock reported it. */
  battery: number | null;
  reachable: boolean;
  verifiedAt: Date | null;
  inventoryAt: Date | null;
  retiringSince: Date | null;
  breakerOpenedAt: Date | null;
  doorName: string;
  doorKind: 'unit_door' | 'community_door' | 'amenity';
  hubName: string | null;
  hubOnline: boolean | null;
  hubLastSeenAt: Date | null;
  cloudAccountId: string | null;
  cloudStatus: 'connected' | 'failing' | null;
  /** Slots taken on the lock: Keyway's codes that are (or are still being put) there, and unmanaged codes. */
  occupiedSlots: number;
}

export interface SeamDeviceFilter {
  /** Only these locks (ids already known to be uuids). */
  lockIds?: readonly string[] | undefined;
  /** The door's name, exactly. */
  name?: string | undefined;
  /** A part of the door's name (any case), or the whole lock id. */
  search?: string | undefined;
  createdBefore?: Date | undefined;
  /** Seam's connected account: the hub (hub locks), the cloud account (Seam locks), else the community. */
  connectedAccountIds?: readonly string[] | undefined;
  /** Only locks after this one in the list's order (creation time, then id). */
  after?: { createdAt: Date; id: string } | undefined;
  limit: number;
}

/** The connected account a device is reached through, as the device presenter names it. */
const connectedAccount = sql<string>`coalesce(${locks.hubId}, ${cloudAccounts.id}, ${locks.communityId})::text`;

/** A community's locks as Seam devices, oldest first (ties by id), at most `limit`. */
export async function seamDeviceRows(
  ex: Executor,
  communityId: string,
  filter: SeamDeviceFilter,
): Promise<SeamDeviceRow[]> {
  const conditions: (SQL | undefined)[] = [eq(locks.communityId, communityId)];
  if (filter.lockIds) conditions.push(filter.lockIds.length > 0 ? inArray(locks.id, [...filter.lockIds]) : sql`false`);
  if (filter.name !== undefined) conditions.push(eq(accessPoints.name, filter.name));
  if (filter.search !== undefined)
    conditions.push(
      sql`(position(lower(${filter.search}) in lower(${accessPoints.name})) > 0 or ${locks.id}::text = lower(${filter.search}))`,
    );
  if (filter.createdBefore) conditions.push(lt(locks.createdAt, filter.createdBefore));
  if (filter.connectedAccountIds)
    conditions.push(
      filter.connectedAccountIds.length > 0
        ? sql`${connectedAccount} in (${sql.join(
            filter.connectedAccountIds.map((id) => sql`${id}`),
            sql`, `,
          )})`
        : sql`false`,
    );
  if (filter.after)
    conditions.push(
      sql`(${locks.createdAt}, ${locks.id}) > (${filter.after.createdAt.toISOString()}::timestamptz, ${filter.after.id}::uuid)`,
    );
  const rows = await ex
    .select({
      lockId: locks.id,
      communityId: locks.communityId,
      createdAt: locks.createdAt,
      connectivity: locks.connectivity,
      hubId: locks.hubId,
      codeLengths: locks.codeLengths,
      slotCount: locks.slotCount,
      nativeSchedules: locks.nativeSchedules,
      readableCodes: locks.readableCodes,
      battery: locks.battery,
      reachable: locks.reachable,
      verifiedAt: locks.verifiedAt,
      inventoryAt: locks.inventoryAt,
      retiringSince: locks.retiringSince,
      breakerOpenedAt: locks.breakerOpenedAt,
      doorName: accessPoints.name,
      doorKind: accessPoints.kind,
      hubName: hubs.name,
      hubOnline: hubs.online,
      hubLastSeenAt: hubs.lastSeenAt,
      cloudAccountId: cloudAccounts.id,
      cloudStatus: cloudAccounts.status,
      occupiedSlots: sql<number>`cardinality(${locks.unmanagedSlots}) + (
        select count(*)::int from lock_codes lc
        where lc.lock_id = ${locks.id} and lc.state <> 'removed' and (lc.intent = 'present' or lc.slot is not null))`,
    })
    .from(locks)
    .innerJoin(accessPoints, eq(accessPoints.id, locks.accessPointId))
    .leftJoin(hubs, eq(hubs.id, locks.hubId))
    .leftJoin(
      cloudAccounts,
      and(
        eq(locks.connectivity, 'seam'),
        eq(cloudAccounts.communityId, locks.communityId),
        eq(cloudAccounts.provider, 'seam'),
      ),
    )
    .where(and(...conditions))
    .orderBy(asc(locks.createdAt), asc(locks.id))
    .limit(filter.limit);
  return rows.map((r) => ({ ...r, occupiedSlots: Number(r.occupiedSlots) }));
}

/** A hub or Bluetooth lock with what its unmanaged codes are read from. */
export interface SlotLockRow {
  lockId: string;
  connectivity: 'hub' | 'bluetooth' | 'seam';
  doorName: string;
  readableCodes: boolean;
  /** The last full inventory, sealed (security/pinCipher.ts; sync/inventory.ts opens it). */
  inventoryEnc: string | null;
  inventoryAt: Date | null;
  retiringSince: Date | null;
  /** Occupied slots no credential claimed at the last reconcile pass. */
  unmanagedSlots: number[];
  /** Slots a credential claims now (a conversion or deletion may have claimed one since that pass). */
  claimedSlots: number[];
}

const slotLockColumns = {
  lockId: locks.id,
  connectivity: locks.connectivity,
  doorName: accessPoints.name,
  readableCodes: locks.readableCodes,
  inventoryEnc: locks.inventoryEnc,
  inventoryAt: locks.inventoryAt,
  retiringSince: locks.retiringSince,
  unmanagedSlots: locks.unmanagedSlots,
  claimedSlots: sql<number[]>`array(select lc.slot from lock_codes lc
    where lc.lock_id = ${locks.id} and lc.state <> 'removed' and lc.slot is not null)`,
};

const toSlotLock = (r: SlotLockRow): SlotLockRow => ({
  ...r,
  unmanagedSlots: (r.unmanagedSlots ?? []).map(Number),
  claimedSlots: (r.claimedSlots ?? []).map(Number),
});

/** The community's slot-based locks that hold unmanaged codes (or the one lock asked for, whatever it holds). */
export async function slotLocksWithUnmanaged(
  ex: Executor,
  communityId: string,
  lockId?: string,
): Promise<SlotLockRow[]> {
  const rows = await ex
    .select(slotLockColumns)
    .from(locks)
    .innerJoin(accessPoints, eq(accessPoints.id, locks.accessPointId))
    .where(
      and(
        eq(locks.communityId, communityId),
        ne(locks.connectivity, 'seam'),
        lockId ? eq(locks.id, lockId) : sql`cardinality(${locks.unmanagedSlots}) > 0`,
      ),
    )
    .orderBy(asc(locks.id));
  return rows.map(toSlotLock);
}

/**
 * The same for one lock, holding its row until the transaction ends: a reconcile pass (which takes the same row
 * lock) cannot interleave with a conversion or deletion, and two of those cannot claim one slot together.
 */
export async function slotLockForUpdate(
  ex: Executor,
  communityId: string,
  lockId: string,
): Promise<SlotLockRow | undefined> {
  const rows = await ex
    .select(slotLockColumns)
    .from(locks)
    .innerJoin(accessPoints, eq(accessPoints.id, locks.accessPointId))
    .where(and(eq(locks.communityId, communityId), eq(locks.id, lockId), ne(locks.connectivity, 'seam')))
    .for('no key update', { of: locks });
  return rows[0] && toSlotLock(rows[0]);
}

export interface CloudUnmanagedRow {
  id: string;
  lockId: string;
  doorName: string;
  externalId: string;
  status: string;
  name: string | null;
  problems: { errors: string[]; warnings: string[] } | null;
  updatedAt: Date;
}

/** Codes on the community's cloud locks that Keyway did not set (by lock, or one by its id). */
export async function cloudUnmanagedRows(
  ex: Executor,
  communityId: string,
  by: { lockId?: string; id?: string },
): Promise<CloudUnmanagedRow[]> {
  return ex
    .select({
      id: cloudCodes.id,
      lockId: cloudCodes.lockId,
      doorName: accessPoints.name,
      externalId: cloudCodes.externalId,
      status: cloudCodes.status,
      name: cloudCodes.name,
      problems: cloudCodes.problems,
      updatedAt: cloudCodes.updatedAt,
    })
    .from(cloudCodes)
    .innerJoin(locks, eq(locks.id, cloudCodes.lockId))
    .innerJoin(accessPoints, eq(accessPoints.id, locks.accessPointId))
    .where(
      and(
        eq(locks.communityId, communityId),
        eq(cloudCodes.managed, false),
        isNull(cloudCodes.slot),
        by.lockId ? eq(cloudCodes.lockId, by.lockId) : undefined,
        by.id ? eq(cloudCodes.id, by.id) : undefined,
      ),
    )
    .orderBy(asc(cloudCodes.id));
}

/** Which of these ids an access code already has (any community: ids are global). */
export async function takenAccessCodeIds(ex: Executor, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await ex
    .select({ id: accessCodes.id })
    .from(accessCodes)
    .where(inArray(accessCodes.id, [...ids]));
  return new Set(rows.map((r) => r.id));
}

/**
 * A code found on a lock becomes a Keyway credential of kind `integration` that owns its slot: either kept
 * (`present`: already on the lock, so active at once, nothing to send) or leaving (`absent`: the reconcile pass
 * clears the slot through the normal sync path).
 */
export interface AdoptedCode {
  id: string;
  communityId: string;
  lockId: string;
  slot: number;
  pinEnc: string;
  fp: string;
  fp4: string;
  codeLength: number;
  name: string;
  apiKeyId: string | null;
  /** Its per-lock status, as the state machine has it (present and confirmed, or absent and to be removed). */
  status: LockCodeStatus;
  lockCodeId: string;
  at: Date;
}

export async function insertAdoptedCode(ex: Executor, code: AdoptedCode): Promise<void> {
  const keep = code.status.intent === 'present';
  await ex.insert(accessCodes).values({
    id: code.id,
    communityId: code.communityId,
    holderId: null,
    kind: 'integration',
    scope: null,
    origin: 'custom',
    pinEnc: code.pinEnc,
    fp: code.fp,
    fp4: code.fp4,
    codeLength: code.codeLength,
    version: 1,
    status: keep ? 'active' : 'revoked',
    ownerId: null,
    guestType: 'permanent',
    guestName: code.name,
    apiKeyId: code.apiKeyId,
    oneTimeUse: false,
    createdAt: code.at,
    updatedAt: code.at,
    revokedAt: keep ? null : code.at,
  });
  await ex.insert(lockCodes).values({
    id: code.lockCodeId,
    communityId: code.communityId,
    accessCodeId: code.id,
    lockId: code.lockId,
    slot: code.slot,
    ...code.status,
    // The lock already holds this PIN in this slot (its inventory says so): version 1 is confirmed there.
    desiredVersion: 1,
    reportedVersion: 1,
    reportedFp: code.fp,
    reportedFp4: code.fp4,
    reportedLength: code.codeLength,
    updatedAt: code.at,
  });
}
