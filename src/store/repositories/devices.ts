import { eq } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { accessPoints, hubs, locks } from '../schema.ts';

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
  connectivity: 'hub' | 'bluetooth';
  codeLengths: number[];
  slotCount: number;
  nativeSchedules: boolean;
  readableCodes: boolean;
  bleKeyEnc?: string | null;
  createdAt: Date;
}

export async function insertLock(ex: Executor, row: NewLock): Promise<void> {
  await ex.insert(locks).values(row);
}

export interface DeviceRow {
  lockId: string;
  communityId: string;
  accessPointId: string;
  name: string;
  kind: 'unit_door' | 'community_door' | 'amenity';
  hubId: string | null;
  hubOnline: boolean | null;
  connectivity: 'hub' | 'bluetooth' | 'seam';
  codeLengths: number[];
  slotCount: number;
  readableCodes: boolean;
  bleKeyEnc: string | null;
}

/** Every lock with its door and hub (for the simulated world and the fleet view). */
export async function listDevices(ex: Executor, communityId?: string): Promise<DeviceRow[]> {
  const rows = await ex
    .select({
      lockId: locks.id,
      communityId: locks.communityId,
      accessPointId: locks.accessPointId,
      name: accessPoints.name,
      kind: accessPoints.kind,
      hubId: locks.hubId,
      hubOnline: hubs.online,
      connectivity: locks.connectivity,
      codeLengths: locks.codeLengths,
      slotCount: locks.slotCount,
      readableCodes: locks.readableCodes,
      bleKeyEnc: locks.bleKeyEnc,
    })
    .from(locks)
    .innerJoin(accessPoints, eq(accessPoints.id, locks.accessPointId))
    .leftJoin(hubs, eq(hubs.id, locks.hubId))
    .where(communityId ? eq(locks.communityId, communityId) : undefined)
    .orderBy(accessPoints.name);
  return rows;
}
