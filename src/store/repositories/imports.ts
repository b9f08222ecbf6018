/** The resident import's reads and writes: who the file's emails belong to, and the batched changes it applies. */
import { eq, sql } from 'drizzle-orm';
import type { LeaseState } from '../../domain/lease/leaseInstants.ts';
import { ON_CHANGE_REQUESTED } from '../../domain/sync/lockCodeState.ts';
import type { Executor } from '../database.ts';
import { queryRows } from '../rawQuery.ts';
import { people, units } from '../schema.ts';

export interface EmailOwnerRow {
  email: string;
  personId: string;
  communityId: string | null;
  role: string;
  name: string;
  phone: string | null;
  residencyId: string | null;
  unit: string | null;
  moveIn: string | null;
  moveOut: string | null;
  accessState: 'upcoming' | 'current' | 'ended' | null;
}

const CHUNK = 1000;

/** Imports into one community apply one at a time (the second plans against what the first wrote). */
export async function lockCommunityImports(ex: Executor, communityId: string): Promise<void> {
  await ex.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`import:${communityId}`}, 7))`);
}

/** Whether a database error is a unique-constraint violation (PostgreSQL and PGlite both carry SQLSTATE 23505). */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

/** Everyone holding one of `emails` (lower-cased), with their latest lease in `communityId` when they have one. */
export async function ownersOfEmails(
  ex: Executor,
  communityId: string,
  emails: readonly string[],
): Promise<EmailOwnerRow[]> {
  const result: EmailOwnerRow[] = [];
  for (let i = 0; i < emails.length; i += CHUNK) {
    const chunk = emails.slice(i, i + CHUNK);
    const rows = await queryRows<{
      email: string;
      person_id: string;
      community_id: string | null;
      role: string;
      name: string;
      phone: string | null;
      residency_id: string | null;
      unit: string | null;
      move_in: string | null;
      move_out: string | null;
      access_state: 'upcoming' | 'current' | 'ended' | null;
    }>(
      ex,
      sql`select p.email, p.id as person_id, p.community_id, p.role, p.name, p.phone,
                 r.id as residency_id, u.name as unit, r.move_in::text as move_in, r.move_out::text as move_out,
                 r.access_state
          from people p
          left join lateral (
            select r.id, r.unit_id, r.move_in, r.move_out, r.access_state from residencies r
            where r.person_id = p.id and r.community_id = ${communityId}
            order by r.move_in desc, r.created_at desc limit 1
          ) r on true
          left join units u on u.id = r.unit_id
          where p.email in ${chunk}`,
    );
    for (const r of rows) {
      result.push({
        email: r.email,
        personId: r.person_id,
        communityId: r.community_id,
        role: r.role,
        name: r.name,
        phone: r.phone,
        residencyId: r.residency_id,
        unit: r.unit,
        moveIn: r.move_in,
        moveOut: r.move_out,
        accessState: r.access_state,
      });
    }
  }
  return result;
}

/** The community's units by name. */
export async function unitIdsByName(ex: Executor, communityId: string): Promise<Map<string, string>> {
  const rows = await ex
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(eq(units.communityId, communityId));
  return new Map(rows.map((r) => [r.name, r.id]));
}

export async function updatePersonDetails(
  ex: Executor,
  personId: string,
  changes: { name?: string; phone?: string },
): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await ex.update(people).set(changes).where(eq(people.id, personId));
}

// The batched path for many new residents at once: one statement per table and chunk, not per resident. The rows
// travel as one JSON parameter expanded by json_to_recordset (same SQL on PGlite and PostgreSQL, no per-value
// parameters to build), so 10,000 residents cost a few dozen statements.

const BULK_CHUNK = 5000;

type Json = string | number | boolean | null | Record<string, unknown>;

/** Inserts rows given as column → value, with the column types of `columns`, a chunk per statement. */
async function insertJsonRows(
  ex: Executor,
  table: string,
  columns: Record<string, string>,
  rows: readonly Record<string, Json>[],
): Promise<void> {
  const names = Object.keys(columns);
  const definition = names.map((n) => `${n} ${columns[n]}`).join(', ');
  for (let i = 0; i < rows.length; i += BULK_CHUNK) {
    const json = JSON.stringify(rows.slice(i, i + BULK_CHUNK));
    await ex.execute(
      sql`insert into ${sql.raw(table)} (${sql.raw(names.join(', '))})
          select ${sql.raw(names.join(', '))} from json_to_recordset(${json}::json) as x(${sql.raw(definition)})`,
    );
  }
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export async function insertUnits(
  ex: Executor,
  rows: readonly { id: string; communityId: string; name: string; createdAt: Date }[],
): Promise<void> {
  await insertJsonRows(
    ex,
    'units',
    { id: 'uuid', community_id: 'uuid', name: 'text', created_at: 'timestamptz' },
    rows.map((r) => ({ id: r.id, community_id: r.communityId, name: r.name, created_at: iso(r.createdAt) })),
  );
}

export async function insertPeople(
  ex: Executor,
  rows: readonly {
    id: string;
    communityId: string;
    name: string;
    email: string;
    phone: string | null;
    createdAt: Date;
  }[],
): Promise<void> {
  await insertJsonRows(
    ex,
    'people',
    {
      id: 'uuid',
      community_id: 'uuid',
      name: 'text',
      email: 'text',
      phone: 'text',
      password_hash: 'text',
      role: 'text',
      created_at: 'timestamptz',
    },
    rows.map((r) => ({
      id: r.id,
      community_id: r.communityId,
      name: r.name,
      email: r.email.toLowerCase(),
      phone: r.phone,
      password_hash: null,
      role: 'resident',
      created_at: iso(r.createdAt),
    })),
  );
}

export async function insertLeases(
  ex: Executor,
  rows: readonly {
    id: string;
    communityId: string;
    personId: string;
    unitId: string;
    moveIn: string;
    moveOut: string | null;
    accessStartsAt: Date;
    accessEndsAt: Date | null;
    accessState: LeaseState;
    nextBoundaryAt: Date | null;
    createdAt: Date;
  }[],
): Promise<void> {
  await insertJsonRows(
    ex,
    'residencies',
    {
      id: 'uuid',
      community_id: 'uuid',
      person_id: 'uuid',
      unit_id: 'uuid',
      move_in: 'date',
      move_out: 'date',
      access_starts_at: 'timestamptz',
      access_ends_at: 'timestamptz',
      access_state: 'text',
      next_boundary_at: 'timestamptz',
      created_at: 'timestamptz',
    },
    rows.map((r) => ({
      id: r.id,
      community_id: r.communityId,
      person_id: r.personId,
      unit_id: r.unitId,
      move_in: r.moveIn,
      move_out: r.moveOut,
      access_starts_at: iso(r.accessStartsAt),
      access_ends_at: iso(r.accessEndsAt),
      access_state: r.accessState,
      next_boundary_at: iso(r.nextBoundaryAt),
      created_at: iso(r.createdAt),
    })),
  );
}

/** The community's locks a resident card may open: unit doors by unit, and the community doors and amenities. */
export async function cardLocksOfCommunity(
  ex: Executor,
  communityId: string,
): Promise<{ byUnit: Map<string, string[]>; community: string[] }> {
  const rows = await queryRows<{ lock_id: string; kind: string; unit_id: string | null }>(
    ex,
    sql`select l.id as lock_id, ap.kind, ap.unit_id
        from access_points ap join locks l on l.access_point_id = ap.id and l.retiring_since is null
        where ap.community_id = ${communityId} order by l.id`,
  );
  const byUnit = new Map<string, string[]>();
  const community: string[] = [];
  for (const r of rows) {
    if (r.kind === 'unit_door' && r.unit_id) byUnit.set(r.unit_id, [...(byUnit.get(r.unit_id) ?? []), r.lock_id]);
    else if (r.kind === 'community_door' || r.kind === 'amenity') community.push(r.lock_id);
  }
  return { byUnit, community };
}

/** Takes the code-assignment locks of many locks in one statement, in the same order lockCodeSpaces uses. */
export async function lockManyCodeSpaces(ex: Executor, lockIds: readonly string[]): Promise<void> {
  const sorted = [...new Set(lockIds)].sort();
  for (let i = 0; i < sorted.length; i += CHUNK) {
    const chunk = sorted.slice(i, i + CHUNK);
    await ex.execute(
      sql`select count(pg_advisory_xact_lock(hashtextextended(id, 7)))
          from (select id from (values ${sql.join(
            chunk.map((id) => sql`(${id}::text)`),
            sql`, `,
          )}) v(id) order by id) s`,
    );
  }
}

export interface LockFingerprint {
  lockId: string;
  fp: string;
  fp4: string;
  length: number;
}

/** Every fingerprint occupying these locks (wanted there, or still reported there), by lock. */
export async function fingerprintsByLock(ex: Executor, lockIds: readonly string[]): Promise<LockFingerprint[]> {
  const result: LockFingerprint[] = [];
  const ids = [...new Set(lockIds)];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const locks = sql.join(
      ids.slice(i, i + CHUNK).map((id) => sql`${id}::uuid`),
      sql`, `,
    );
    const rows = await queryRows<{ lock_id: string; fp: string; fp4: string; length: number }>(
      ex,
      sql`select lc.lock_id, ac.fp, ac.fp4, ac.code_length as length
          from access_codes ac join lock_codes lc on lc.access_code_id = ac.id
          where lc.lock_id in (${locks}) and lc.state <> 'removed'
          union all
          select lc.lock_id, lc.reported_fp, lc.reported_fp4, lc.reported_length
          from lock_codes lc
          where lc.lock_id in (${locks}) and lc.reported_fp is not null`,
    );
    for (const r of rows) result.push({ lockId: r.lock_id, fp: r.fp, fp4: r.fp4, length: Number(r.length) });
  }
  return result;
}

export async function insertResidentCards(
  ex: Executor,
  rows: readonly {
    id: string;
    communityId: string;
    holderId: string;
    scope: 'home' | 'community';
    pinEnc: string;
    fp: string;
    fp4: string;
    codeLength: number;
  }[],
  at: Date,
): Promise<void> {
  await insertJsonRows(
    ex,
    'access_codes',
    {
      id: 'uuid',
      community_id: 'uuid',
      holder_id: 'uuid',
      kind: 'text',
      scope: 'text',
      origin: 'text',
      pin_enc: 'text',
      fp: 'text',
      fp4: 'text',
      code_length: 'integer',
      version: 'integer',
      status: 'text',
      created_at: 'timestamptz',
      updated_at: 'timestamptz',
    },
    rows.map((r) => ({
      id: r.id,
      community_id: r.communityId,
      holder_id: r.holderId,
      kind: 'resident',
      scope: r.scope,
      origin: 'generated',
      pin_enc: r.pinEnc,
      fp: r.fp,
      fp4: r.fp4,
      code_length: r.codeLength,
      version: 1,
      status: 'active',
      created_at: iso(at),
      updated_at: iso(at),
    })),
  );
}

/** New per-lock sync rows for new credentials (version 1, as requireOnLocks writes them: the change requested). */
export async function insertLockRequirements(
  ex: Executor,
  rows: readonly { id: string; communityId: string; accessCodeId: string; lockId: string }[],
  at: Date,
): Promise<void> {
  const requested = ON_CHANGE_REQUESTED.status as unknown as Record<string, Json>;
  const extra = Object.keys(requested);
  const columnOf: Record<string, [string, string]> = {
    state: ['state', 'text'],
    reason: ['reason', 'text'],
    intent: ['intent', 'text'],
    attempts: ['attempts', 'integer'],
    nextAttemptAt: ['next_attempt_at', 'timestamptz'],
  };
  const columns: Record<string, string> = {
    id: 'uuid',
    community_id: 'uuid',
    access_code_id: 'uuid',
    lock_id: 'uuid',
    desired_version: 'integer',
    updated_at: 'timestamptz',
  };
  for (const key of extra) {
    const column = columnOf[key];
    if (!column) throw new Error(`insertLockRequirements: no column for ${key}`);
    columns[column[0]] = column[1];
  }
  await insertJsonRows(
    ex,
    'lock_codes',
    columns,
    rows.map((r) => {
      const row: Record<string, Json> = {
        id: r.id,
        community_id: r.communityId,
        access_code_id: r.accessCodeId,
        lock_id: r.lockId,
        desired_version: 1,
        updated_at: iso(at),
      };
      for (const key of extra) row[(columnOf[key] as [string, string])[0]] = requested[key] ?? null;
      return row;
    }),
  );
}

export async function insertEvents(
  ex: Executor,
  rows: readonly {
    communityId: string;
    type: string;
    actor: { type: 'person' | 'api_key' | 'system'; id: string | null };
    subject: { type: string; id: string };
    data: Record<string, unknown>;
  }[],
  at: Date,
): Promise<void> {
  await insertJsonRows(
    ex,
    'events',
    {
      community_id: 'uuid',
      type: 'text',
      actor_type: 'text',
      actor_id: 'uuid',
      subject_type: 'text',
      subject_id: 'uuid',
      data: 'jsonb',
      created_at: 'timestamptz',
    },
    rows.map((e) => ({
      community_id: e.communityId,
      type: e.type,
      actor_type: e.actor.type,
      actor_id: e.actor.id,
      subject_type: e.subject.type,
      subject_id: e.subject.id,
      data: e.data,
      created_at: iso(at),
    })),
  );
}
