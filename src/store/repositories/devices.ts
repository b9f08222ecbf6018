import { and, count, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { ON_REMOVAL_REQUESTED } from '../../domain/sync/lockCodeState.ts';
import type { Executor } from '../database.ts';
import { accessPoints, cloudCodes, hubs, lockCodes, lockCommands, locks } from '../schema.ts';

export async function insertAccessPoint(
  ex: Executor,
  row: {
    id: string;
    communityId: string;
    name: string;
    kind: 'unit_door' | 'community_door' | 'amenity';
    unitId: string | null;
    createdAt: Date;
  },
): Promise<void> {
  await ex.insert(accessPoints).values(row);
}

export async function insertHub(
  ex: Executor,
  row: { id: string; communityId: string; name: string; createdAt: Date },
): Promise<void> {
  await ex.insert(hubs).values(row);
}

export interface NewLock {
  id: string;
  communityId: string;
  accessPointId: string;
  hubId: string | null;
  connectivity: 'hub' | 'bluetooth' | 'seam';
  /** The lock's id on its hub; hub locks default to the lock's own id (how the demo's hubs know them). */
  address?: string | null;
  codeLengths: number[];
  slotCount: number;
  nativeSchedules: boolean;
  readableCodes: boolean;
  bleKeyEnc?: string | null;
  createdAt: Date;
}

export async function insertLock(ex: Executor, row: NewLock): Promise<void> {
  await ex.insert(locks).values({ ...row, address: row.address ?? (row.hubId ? row.id : null) });
}

export interface DeviceRow {
  lockId: string;
  communityId: string;
  accessPointId: string;
  name: string;
  kind: 'unit_door' | 'community_door' | 'amenity';
  hubId: string | null;
  hubOnline: boolean | null;
  /** True for a hub a manager registered (it has its own credentials): a real hub, never simulated. */
  hubRegistered: boolean;
  connectivity: 'hub' | 'bluetooth' | 'seam';
  /** The lock's id on its hub (what the hub calls it); null for Bluetooth locks. */
  address: string | null;
  codeLengths: number[];
  slotCount: number;
  readableCodes: boolean;
  bleKeyEnc: string | null;
}

/**
 * Every lock with its door and hub. A retiring lock takes no new codes, so it is left out of a community's
 * list unless `includeRetiring` (the simulated world, which must still clear it); without a community every
 * lock is listed.
 */
export async function listDevices(
  ex: Executor,
  communityId?: string,
  options: { includeRetiring?: boolean } = {},
): Promise<DeviceRow[]> {
  const rows = await ex
    .select({
      lockId: locks.id,
      communityId: locks.communityId,
      accessPointId: locks.accessPointId,
      name: accessPoints.name,
      kind: accessPoints.kind,
      hubId: locks.hubId,
      hubOnline: hubs.online,
      // The demo's simulated hubs have broker credentials too, under a "sim-" username.
      hubRegistered: sql<boolean>`${hubs.mqttUsername} is not null and ${hubs.mqttUsername} not like 'sim-%'`,
      connectivity: locks.connectivity,
      address: locks.address,
      codeLengths: locks.codeLengths,
      slotCount: locks.slotCount,
      readableCodes: locks.readableCodes,
      bleKeyEnc: locks.bleKeyEnc,
    })
    .from(locks)
    .innerJoin(accessPoints, eq(accessPoints.id, locks.accessPointId))
    .leftJoin(hubs, eq(hubs.id, locks.hubId))
    .where(
      communityId
        ? and(eq(locks.communityId, communityId), options.includeRetiring ? undefined : isNull(locks.retiringSince))
        : undefined,
    )
    .orderBy(accessPoints.name);
  return rows;
}

export interface ProvisionedLock {
  id: string;
  communityId: string;
  accessPointId: string;
  hubId: string | null;
  connectivity: 'hub' | 'bluetooth' | 'seam';
  address: string | null;
  codeLengths: number[];
  slotCount: number;
  nativeSchedules: boolean;
  readableCodes: boolean;
  retiringSince: Date | null;
}

const lockColumns = {
  id: locks.id,
  communityId: locks.communityId,
  accessPointId: locks.accessPointId,
  hubId: locks.hubId,
  connectivity: locks.connectivity,
  address: locks.address,
  codeLengths: locks.codeLengths,
  slotCount: locks.slotCount,
  nativeSchedules: locks.nativeSchedules,
  readableCodes: locks.readableCodes,
  retiringSince: locks.retiringSince,
};

export async function findLock(ex: Executor, communityId: string, id: string): Promise<ProvisionedLock | undefined> {
  const [row] = await ex
    .select(lockColumns)
    .from(locks)
    .where(and(eq(locks.communityId, communityId), eq(locks.id, id)));
  return row;
}

export async function lockOnAccessPoint(ex: Executor, accessPointId: string): Promise<string | undefined> {
  const [row] = await ex.select({ id: locks.id }).from(locks).where(eq(locks.accessPointId, accessPointId));
  return row?.id;
}

export async function addressTaken(ex: Executor, hubId: string, address: string, exceptLockId?: string) {
  const [row] = await ex
    .select({ id: locks.id })
    .from(locks)
    .where(
      and(eq(locks.hubId, hubId), eq(locks.address, address), exceptLockId ? ne(locks.id, exceptLockId) : undefined),
    );
  return row !== undefined;
}

export async function countLocksOfHub(ex: Executor, hubId: string): Promise<number> {
  const [row] = await ex.select({ n: count() }).from(locks).where(eq(locks.hubId, hubId));
  return Number(row?.n ?? 0);
}

export async function updateLockSettings(
  ex: Executor,
  id: string,
  patch: Partial<Pick<ProvisionedLock, 'address' | 'codeLengths' | 'slotCount' | 'nativeSchedules' | 'readableCodes'>>,
): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await ex.update(locks).set(patch).where(eq(locks.id, id));
}

/**
 * A manager removes a lock: it takes no new codes, and every code on it is asked to leave (the state
 * machine's removal, as for a revocation). Returns whether the lock was not retiring before.
 */
export async function retireLock(ex: Executor, id: string, at: Date): Promise<boolean> {
  const started = await ex
    .update(locks)
    .set({ retiringSince: at })
    .where(and(eq(locks.id, id), isNull(locks.retiringSince)))
    .returning({ id: locks.id });
  await releaseCodesOfRetiringLock(ex, id, at);
  return started.length === 1;
}

/** Moves every row of a retiring lock that is not already leaving to `removing` (idempotent). */
export async function releaseCodesOfRetiringLock(ex: Executor, id: string, at: Date): Promise<number> {
  const rows = await ex
    .update(lockCodes)
    .set({ ...ON_REMOVAL_REQUESTED.status, attempts: 0, nextAttemptAt: null, updatedAt: at })
    .where(
      and(
        eq(lockCodes.lockId, id),
        inArray(lockCodes.state, [...ON_REMOVAL_REQUESTED.rowsIn]),
        sql`(${lockCodes.intent} <> 'absent' or ${lockCodes.state} <> 'removing')`,
        sql`exists (select 1 from locks where locks.id = ${id} and locks.retiring_since is not null)`,
      ),
    )
    .returning({ id: lockCodes.id });
  return rows.length;
}

export interface RetirementProgress {
  /** Codes that were on the lock or on their way to it. */
  total: number;
  /** Of those, how many the lock has confirmed gone. */
  removed: number;
}

/** How far a retiring lock has come: rows still waiting to leave it, and rows gone. */
export async function retirementProgress(ex: Executor, id: string): Promise<RetirementProgress> {
  const rows = await ex
    .select({ state: lockCodes.state, n: count() })
    .from(lockCodes)
    .where(eq(lockCodes.lockId, id))
    .groupBy(lockCodes.state);
  const total = rows.reduce((sum, r) => sum + Number(r.n), 0);
  const removed = Number(rows.find((r) => r.state === 'removed')?.n ?? 0);
  return { total, removed };
}

export async function lockIsRetiring(ex: Executor, id: string): Promise<boolean> {
  const [row] = await ex.select({ at: locks.retiringSince }).from(locks).where(eq(locks.id, id));
  return row?.at !== null && row?.at !== undefined;
}

/** The end of a retirement: the lock's rows, its command log and the lock itself go. */
export async function deleteLockCompletely(ex: Executor, id: string): Promise<void> {
  // A Seam lock's record of its codes at Seam (unmanaged ones included) goes with it.
  await ex.delete(cloudCodes).where(eq(cloudCodes.lockId, id));
  await ex.delete(lockCodes).where(eq(lockCodes.lockId, id));
  await ex.delete(lockCommands).where(eq(lockCommands.lockId, id));
  await ex.delete(locks).where(eq(locks.id, id));
}
