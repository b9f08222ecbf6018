/** Units and access points of a community, as a manager sets up the property. Every query is community-scoped. */
import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { queryRows } from '../rawQuery.ts';
import { accessPoints, locks, residencies, units } from '../schema.ts';

export interface UnitRow {
  id: string;
  name: string;
}

export async function insertUnit(
  ex: Executor,
  row: { id: string; communityId: string; name: string; createdAt: Date },
): Promise<boolean> {
  const inserted = await ex
    .insert(units)
    .values(row)
    .onConflictDoNothing({ target: [units.communityId, units.name] })
    .returning({ id: units.id });
  return inserted.length === 1;
}

export async function findUnit(ex: Executor, communityId: string, id: string): Promise<UnitRow | undefined> {
  const [row] = await ex
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(and(eq(units.communityId, communityId), eq(units.id, id)));
  return row;
}

export async function unitNameTaken(ex: Executor, communityId: string, name: string, exceptId: string) {
  const [row] = await ex
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.communityId, communityId), eq(units.name, name), sql`${units.id} <> ${exceptId}`));
  return row !== undefined;
}

export async function renameUnit(ex: Executor, communityId: string, id: string, name: string): Promise<void> {
  await ex
    .update(units)
    .set({ name })
    .where(and(eq(units.communityId, communityId), eq(units.id, id)));
}

/** What still hangs on a unit: its doors and everyone who ever lived there (leases keep their history). */
export async function unitDependents(ex: Executor, id: string): Promise<{ doors: number; residents: number }> {
  const [doors] = await ex.select({ n: count() }).from(accessPoints).where(eq(accessPoints.unitId, id));
  const [residents] = await ex.select({ n: count() }).from(residencies).where(eq(residencies.unitId, id));
  return { doors: Number(doors?.n ?? 0), residents: Number(residents?.n ?? 0) };
}

export async function deleteUnit(ex: Executor, communityId: string, id: string): Promise<void> {
  await ex.delete(units).where(and(eq(units.communityId, communityId), eq(units.id, id)));
}

export interface AccessPointRow {
  id: string;
  name: string;
  kind: 'unit_door' | 'community_door' | 'amenity';
  unitId: string | null;
  unitName: string | null;
  lock: {
    id: string;
    connectivity: 'hub' | 'bluetooth' | 'seam';
    hubId: string | null;
    address: string | null;
    retiring: boolean;
  } | null;
}

export async function listAccessPoints(ex: Executor, communityId: string, id?: string): Promise<AccessPointRow[]> {
  const rows = await queryRows<{
    id: string;
    name: string;
    kind: AccessPointRow['kind'];
    unit_id: string | null;
    unit_name: string | null;
    lock_id: string | null;
    connectivity: 'hub' | 'bluetooth' | 'seam' | null;
    hub_id: string | null;
    address: string | null;
    retiring_since: unknown;
  }>(
    ex,
    sql`select ap.id, ap.name, ap.kind, ap.unit_id, u.name as unit_name, l.id as lock_id, l.connectivity,
          l.hub_id, l.address, l.retiring_since
        from access_points ap
        left join units u on u.id = ap.unit_id
        left join locks l on l.access_point_id = ap.id
        where ap.community_id = ${communityId} ${id ? sql`and ap.id = ${id}` : sql``}
        order by ap.kind, u.name nulls first, ap.name`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    unitId: r.unit_id,
    unitName: r.unit_name,
    lock:
      r.lock_id === null
        ? null
        : {
            id: r.lock_id,
            connectivity: r.connectivity ?? 'hub',
            hubId: r.hub_id,
            address: r.address,
            retiring: r.retiring_since !== null,
          },
  }));
}

export async function renameAccessPoint(ex: Executor, communityId: string, id: string, name: string): Promise<void> {
  await ex
    .update(accessPoints)
    .set({ name })
    .where(and(eq(accessPoints.communityId, communityId), eq(accessPoints.id, id)));
}

export async function accessPointHasLock(ex: Executor, id: string): Promise<boolean> {
  const [row] = await ex.select({ id: locks.id }).from(locks).where(eq(locks.accessPointId, id));
  return row !== undefined;
}

/** Deletes a door that no lock and no credential refers to any more. */
export async function deleteAccessPoint(ex: Executor, communityId: string, id: string): Promise<void> {
  await ex.delete(accessPoints).where(and(eq(accessPoints.communityId, communityId), eq(accessPoints.id, id)));
}

export async function unitNames(ex: Executor, communityId: string): Promise<UnitRow[]> {
  return ex
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(eq(units.communityId, communityId))
    .orderBy(asc(units.name));
}
