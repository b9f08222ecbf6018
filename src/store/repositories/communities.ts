import { and, asc, eq, sql } from 'drizzle-orm';
import type { CommunitySettings } from '../../domain/communitySettings.ts';
import type { Executor } from '../database.ts';
import { queryRowsPrepared } from '../rawQuery.ts';
import { communities, people, residencies, units } from '../schema.ts';

export interface CommunityRow {
  id: string;
  name: string;
  timeZone: string;
  settings: CommunitySettings;
}

export async function findCommunity(ex: Executor, id: string): Promise<CommunityRow | undefined> {
  const rows = await queryRowsPrepared<{ id: string; name: string; time_zone: string; settings: CommunitySettings }>(
    ex,
    'community_by_id',
    sql`select id, name, time_zone, settings from communities where id = ${id} limit 1`,
  );
  const row = rows[0];
  return row && { id: row.id, name: row.name, timeZone: row.time_zone, settings: row.settings };
}

/** Locks the community row for the rest of the transaction, so concurrent setting changes apply in turn. */
export async function findCommunityForUpdate(ex: Executor, id: string): Promise<CommunityRow | undefined> {
  const rows = await ex
    .select({
      id: communities.id,
      name: communities.name,
      timeZone: communities.timeZone,
      settings: communities.settings,
    })
    .from(communities)
    .where(eq(communities.id, id))
    .for('update')
    .limit(1);
  return rows[0];
}

export async function updateCommunity(
  ex: Executor,
  id: string,
  changes: { settings: CommunitySettings; timeZone: string },
): Promise<void> {
  await ex.update(communities).set(changes).where(eq(communities.id, id));
}

export async function insertCommunity(ex: Executor, row: CommunityRow & { createdAt: Date }): Promise<void> {
  await ex.insert(communities).values(row);
}

export async function insertUnit(
  ex: Executor,
  row: { id: string; communityId: string; name: string; createdAt: Date },
) {
  await ex.insert(units).values(row);
}

export async function insertPerson(
  ex: Executor,
  row: {
    id: string;
    /** Null for operators. */
    communityId: string | null;
    name: string;
    email: string;
    phone?: string | null;
    passwordHash: string | null;
    role: 'operator' | 'manager' | 'resident' | 'staff';
    createdAt: Date;
  },
): Promise<void> {
  await ex.insert(people).values({ ...row, email: row.email.toLowerCase() });
}

export async function insertResidency(
  ex: Executor,
  row: {
    id: string;
    communityId: string;
    personId: string;
    unitId: string;
    moveIn: string;
    moveOut: string | null;
    createdAt: Date;
  },
): Promise<void> {
  await ex.insert(residencies).values(row);
}

export interface ResidentListRow {
  personId: string;
  name: string;
  email: string;
  unit: string;
  moveIn: string;
  moveOut: string | null;
  accessState: 'upcoming' | 'current' | 'ended';
  accessEndsAt: Date | null;
}

/** Every residency in the community, newest lease first per person. */
export async function listResidencies(ex: Executor, communityId: string): Promise<ResidentListRow[]> {
  return ex
    .select({
      personId: people.id,
      name: people.name,
      email: people.email,
      unit: units.name,
      moveIn: residencies.moveIn,
      moveOut: residencies.moveOut,
      accessState: residencies.accessState,
      accessEndsAt: residencies.accessEndsAt,
    })
    .from(residencies)
    .innerJoin(people, eq(people.id, residencies.personId))
    .innerJoin(units, eq(units.id, residencies.unitId))
    .where(and(eq(residencies.communityId, communityId), eq(people.communityId, communityId)))
    .orderBy(asc(units.name), asc(people.name), sql`${residencies.moveIn} desc`);
}

export async function findUnitByName(
  ex: Executor,
  communityId: string,
  name: string,
): Promise<{ id: string } | undefined> {
  const rows = await ex
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.communityId, communityId), eq(units.name, name)))
    .limit(1);
  return rows[0];
}

export async function listUnits(ex: Executor, communityId: string): Promise<{ id: string; name: string }[]> {
  return ex
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(eq(units.communityId, communityId))
    .orderBy(asc(units.name));
}

export interface UnitOverviewRow extends Record<string, unknown> {
  id: string;
  name: string;
  doors: { accessPointId: string; name: string; connectivity: string }[] | null;
  residents: { personId: string; name: string; moveIn: string; moveOut: string | null }[] | null;
}

/** Units with their doors and residencies, for the manager console. */
export async function unitOverview(ex: Executor, communityId: string): Promise<UnitOverviewRow[]> {
  return queryRowsPrepared<UnitOverviewRow>(
    ex,
    'unit_overview',
    sql`select u.id, u.name,
               (select json_agg(json_build_object('accessPointId', ap.id, 'name', ap.name, 'connectivity', l.connectivity) order by ap.name)
                from access_points ap join locks l on l.access_point_id = ap.id where ap.unit_id = u.id) as doors,
               (select json_agg(json_build_object('personId', p.id, 'name', p.name, 'moveIn', r.move_in, 'moveOut', r.move_out) order by p.name)
                from residencies r join people p on p.id = r.person_id where r.unit_id = u.id) as residents
        from units u where u.community_id = ${communityId} order by u.name`,
  );
}
