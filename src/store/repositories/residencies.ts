/** Leases: the instants a residency's access starts and ends, its state, and the rows the lease sweep owes work. */
import { and, asc, eq, isNotNull, lte, ne, sql } from 'drizzle-orm';
import type { CommunitySettings } from '../../domain/communitySettings.ts';
import type { LeaseState } from '../../domain/lease/leaseInstants.ts';
import type { Executor } from '../database.ts';
import { queryRows } from '../rawQuery.ts';
import { communities, people, residencies, sessions, units } from '../schema.ts';

export interface LeaseRow {
  id: string;
  communityId: string;
  personId: string;
  unitId: string;
  moveIn: string;
  moveOut: string | null;
  accessStartsAt: Date | null;
  accessEndsAt: Date | null;
  accessState: LeaseState;
  nextBoundaryAt: Date | null;
  timeZone: string;
  settings: CommunitySettings;
}

const leaseColumns = {
  id: residencies.id,
  communityId: residencies.communityId,
  personId: residencies.personId,
  unitId: residencies.unitId,
  moveIn: residencies.moveIn,
  moveOut: residencies.moveOut,
  accessStartsAt: residencies.accessStartsAt,
  accessEndsAt: residencies.accessEndsAt,
  accessState: residencies.accessState,
  nextBoundaryAt: residencies.nextBoundaryAt,
  timeZone: communities.timeZone,
  settings: communities.settings,
};

/** One residency with its community's zone and settings, locked for the rest of the transaction. */
export async function leaseForUpdate(ex: Executor, residencyId: string): Promise<LeaseRow | undefined> {
  const rows = await ex
    .select(leaseColumns)
    .from(residencies)
    .innerJoin(communities, eq(communities.id, residencies.communityId))
    .where(eq(residencies.id, residencyId))
    .for('update', { of: residencies })
    .limit(1);
  return rows[0];
}

/** A person's residencies in a community, newest lease first. */
export function leasesOfPerson(ex: Executor, personId: string, communityId: string): Promise<LeaseRow[]> {
  return ex
    .select(leaseColumns)
    .from(residencies)
    .innerJoin(communities, eq(communities.id, residencies.communityId))
    .where(and(eq(residencies.personId, personId), eq(residencies.communityId, communityId)))
    .orderBy(sql`${residencies.moveIn} desc`);
}

/** Ids of the community's residencies that are not over (their instants depend on the community's rules). */
export async function openLeaseIds(ex: Executor, communityId: string): Promise<string[]> {
  const rows = await ex
    .select({ id: residencies.id })
    .from(residencies)
    .where(and(eq(residencies.communityId, communityId), ne(residencies.accessState, 'ended')));
  return rows.map((r) => r.id);
}

/** Residencies whose lease boundary has come (oldest first), for the lease sweep. Uses the boundary index. */
export async function leasesDue(ex: Executor, now: Date, limit: number): Promise<string[]> {
  const rows = await ex
    .select({ id: residencies.id })
    .from(residencies)
    .where(and(isNotNull(residencies.nextBoundaryAt), lte(residencies.nextBoundaryAt, now)))
    .orderBy(asc(residencies.nextBoundaryAt))
    .limit(limit);
  return rows.map((r) => r.id);
}

export async function setLease(
  ex: Executor,
  residencyId: string,
  lease: {
    moveIn: string;
    moveOut: string | null;
    accessStartsAt: Date;
    accessEndsAt: Date | null;
    accessState: LeaseState;
    nextBoundaryAt: Date | null;
  },
): Promise<void> {
  await ex.update(residencies).set(lease).where(eq(residencies.id, residencyId));
}

/** Whether the person has a residency whose access has not ended (in any community). */
export async function hasOpenLease(ex: Executor, personId: string): Promise<boolean> {
  const rows = await ex
    .select({ id: residencies.id })
    .from(residencies)
    .where(and(eq(residencies.personId, personId), ne(residencies.accessState, 'ended')))
    .limit(1);
  return rows.length > 0;
}

/** Whether the person is a resident (role) — residents without an open lease may not sign in. */
export async function isResident(ex: Executor, personId: string): Promise<boolean> {
  const rows = await ex
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.id, personId), eq(people.role, 'resident')))
    .limit(1);
  return rows.length > 0;
}

/** Ends every session of a person (the principal cache hears of it through the change feed). */
export async function deleteSessionsOf(ex: Executor, personId: string): Promise<number> {
  const rows = await ex.delete(sessions).where(eq(sessions.personId, personId)).returning({ id: sessions.id });
  return rows.length;
}

export async function unitName(ex: Executor, unitId: string): Promise<string> {
  const rows = await ex.select({ name: units.name }).from(units).where(eq(units.id, unitId)).limit(1);
  return rows[0]?.name ?? '';
}

/**
 * For resident cards: when the holder's access ends (the latest end among their current leases in the
 * card's community; null when one of them has no planned end). Cards of no current lease are left out.
 */
export async function cardAccessEnds(
  ex: Executor,
  accessCodeIds: readonly string[],
): Promise<Map<string, Date | null>> {
  if (accessCodeIds.length === 0) return new Map();
  const rows = await queryRows<{ id: string; ends_at: string | Date | null }>(
    ex,
    sql`select ac.id,
               case when bool_or(r.access_ends_at is null) then null else max(r.access_ends_at) end as ends_at
        from access_codes ac
        join residencies r on r.person_id = ac.holder_id and r.community_id = ac.community_id
                          and r.access_state = 'current'
        where ac.kind = 'resident' and ac.id in (${sql.join(
          accessCodeIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})
        group by ac.id`,
  );
  return new Map(rows.map((r) => [r.id, r.ends_at === null ? null : new Date(r.ends_at)]));
}
