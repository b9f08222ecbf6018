import type { Executor } from '../database.ts';
import { accessPoints, hubs, locks } from '../schema.ts';

export async function insertAccessPoint(
  ex: Executor,
  row: { id: string; communityId: string; name: string; kind: 'unit_door' | 'community_door' | 'amenity'; unitId: string | null; createdAt: Date },
): Promise<void> {
  await ex.insert(accessPoints).values(row);
}

export async function insertHub(ex: Executor, row: { id: string; communityId: string; name: string; createdAt: Date }): Promise<void> {
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
  createdAt: Date;
}

export async function insertLock(ex: Executor, row: NewLock): Promise<void> {
  await ex.insert(locks).values(row);
}
