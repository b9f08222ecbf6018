/** Writes to credentials (access_codes) and their per-lock sync rows (lock_codes). */
import { eq, sql } from 'drizzle-orm';
import { ON_CHANGE_REQUESTED } from '../../domain/sync/lockCodeState.ts';
import type { Executor } from '../database.ts';
import { queryRows } from '../rawQuery.ts';
import { accessCodes, lockCodes } from '../schema.ts';

export interface NewAccessCode {
  id: string;
  communityId: string;
  holderId: string | null;
  kind: 'resident' | 'guest' | 'staff' | 'vendor' | 'integration';
  scope: 'home' | 'community' | null;
  origin: 'generated' | 'custom';
  pinEnc: string;
  fp: string;
  fp4: string;
  codeLength: number;
  at: Date;
  guest?: {
    ownerId: string | null;
    guestType: 'permanent' | 'temporary' | 'recurring' | 'delivery';
    guestName: string;
    guestPhone: string | null;
    guestEmail: string | null;
    startsAt: Date | null;
    endsAt: Date | null;
    schedule: { days: string[]; start: string; end: string } | null;
  };
}

export async function insertAccessCode(ex: Executor, code: NewAccessCode): Promise<void> {
  const { at, guest, ...row } = code;
  await ex.insert(accessCodes).values({ ...row, ...guest, version: 1, status: 'active', createdAt: at, updatedAt: at });
}

export interface PinChange {
  origin: 'generated' | 'custom';
  pinEnc: string;
  fp: string;
  fp4: string;
  codeLength: number;
  at: Date;
}

/**
 * Replaces a credential's PIN and returns the new version. When the current code is on every door it
 * becomes the `previous` code (still working until the doors confirm the new one); when it never reached
 * every door, the earlier `previous` stays, because that is the code that actually works.
 */
export async function changePin(
  ex: Executor,
  accessCodeId: string,
  change: PinChange,
  currentPinEncIfRolledOut: string | null,
): Promise<number> {
  const rows = await ex
    .update(accessCodes)
    .set({
      origin: change.origin,
      pinEnc: change.pinEnc,
      fp: change.fp,
      fp4: change.fp4,
      codeLength: change.codeLength,
      previousPinEnc: currentPinEncIfRolledOut ?? sql`${accessCodes.previousPinEnc}`,
      version: sql`${accessCodes.version} + 1`,
      updatedAt: change.at,
    })
    .where(eq(accessCodes.id, accessCodeId))
    .returning({ version: accessCodes.version });
  const version = rows[0]?.version;
  if (version === undefined) throw new Error(`access code ${accessCodeId} vanished inside its transaction`);
  return version;
}

/** True when every lock that should hold the credential confirmed its current version (and there is one); same rule as clearPreviousIfRolledOut. */
export async function isRolledOut(ex: Executor, accessCodeId: string): Promise<boolean> {
  const rows = await queryRows<{ total: number; done: number }>(
    ex,
    sql`
    select count(*)::int as total,
           count(*) filter (where lc.reported_version = ac.version and lc.state = 'active')::int as done
    from lock_codes lc join access_codes ac on ac.id = lc.access_code_id
    where lc.access_code_id = ${accessCodeId} and lc.intent = 'present'`,
  );
  const row = rows[0];
  return row !== undefined && row.total > 0 && row.total === row.done;
}

/**
 * Marks the credential as wanted on these locks at `version`: the state machine's `change_requested`, for
 * new rows and existing ones alike (pending, awaiting the sync engine).
 */
export async function requireOnLocks(
  ex: Executor,
  rows: { id: string; communityId: string; accessCodeId: string; lockId: string }[],
  version: number,
  at: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await ex
    .insert(lockCodes)
    .values(
      rows.map((r) => ({
        ...r,
        ...ON_CHANGE_REQUESTED.status,
        desiredVersion: version,
        updatedAt: at,
      })),
    )
    .onConflictDoUpdate({
      target: [lockCodes.accessCodeId, lockCodes.lockId],
      set: { ...ON_CHANGE_REQUESTED.status, desiredVersion: version, attempts: 0, updatedAt: at },
    });
}

/**
 * Serialises code assignment per lock across every process: two people generating at the same moment
 * must not both be given the same free code. Locks are taken in a fixed order so this cannot deadlock.
 */
export async function lockCodeSpaces(ex: Executor, lockIds: readonly string[]): Promise<void> {
  for (const lockId of [...lockIds].sort()) {
    await ex.execute(sql`select pg_advisory_xact_lock(hashtextextended(${lockId}, 7))`);
  }
}

export interface OccupyingFingerprint {
  fp: string;
  fp4: string;
  length: number;
}

const NONE = '-';
const list = (values: readonly string[]) =>
  sql.join(
    (values.length > 0 ? values : [NONE]).map((v) => sql`${v}`),
    sql`, `,
  );

/**
 * Codes on these locks (wanted there, or still reported there) that could conflict with the candidates:
 * `fullPrints` are the candidates' whole-PIN prints plus, for 6-digit candidates, the print of their first
 * four digits (a 4-digit code there would be their prefix); `shortPrints` are the prints of the 4-digit
 * candidates, matched against every code's 4-digit prefix. Asking only this (instead of every code that
 * shares a prefix) keeps the answer to a row or two. The credential being changed is left out: its new PIN
 * overwrites its own slot, so it never shares a lock with its old one.
 */
export async function occupyingFingerprints(
  ex: Executor,
  lockIds: readonly string[],
  exceptAccessCodeId: string | null,
  fullPrints: readonly string[],
  shortPrints: readonly string[],
): Promise<OccupyingFingerprint[]> {
  if (lockIds.length === 0 || (fullPrints.length === 0 && shortPrints.length === 0)) return [];
  const locks = sql.join(
    lockIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const except = exceptAccessCodeId ?? '00000000-0000-0000-0000-000000000000';
  const rows = await queryRows<{ fp: string; fp4: string; length: number }>(
    ex,
    sql`
    select ac.fp, ac.fp4, ac.code_length as length
    from access_codes ac
    where (ac.fp in (${list(fullPrints)}) or ac.fp4 in (${list(shortPrints)})) and ac.id <> ${except}::uuid
      and exists (select 1 from lock_codes lc where lc.access_code_id = ac.id and lc.lock_id in (${locks}) and lc.state <> 'removed')
    union all
    select lc.reported_fp, lc.reported_fp4, lc.reported_length
    from lock_codes lc
    where (lc.reported_fp in (${list(fullPrints)}) or lc.reported_fp4 in (${list(shortPrints)}))
      and lc.lock_id in (${locks}) and lc.access_code_id <> ${except}::uuid`,
  );
  return rows.map((r) => ({ fp: r.fp, fp4: r.fp4, length: Number(r.length) }));
}

/** Every fingerprint occupying these locks: for the rare exhaustive search when a lock is nearly full. */
export async function allOccupyingFingerprints(
  ex: Executor,
  lockIds: readonly string[],
  exceptAccessCodeId: string | null,
): Promise<OccupyingFingerprint[]> {
  if (lockIds.length === 0) return [];
  const locks = sql.join(
    lockIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const except = exceptAccessCodeId ?? '00000000-0000-0000-0000-000000000000';
  const rows = await queryRows<{ fp: string; fp4: string; length: number }>(
    ex,
    sql`
    select ac.fp, ac.fp4, ac.code_length as length
    from access_codes ac join lock_codes lc on lc.access_code_id = ac.id
    where lc.lock_id in (${locks}) and lc.state <> 'removed' and ac.id <> ${except}::uuid
    union all
    select lc.reported_fp, lc.reported_fp4, lc.reported_length
    from lock_codes lc
    where lc.lock_id in (${locks}) and lc.access_code_id <> ${except}::uuid and lc.reported_fp is not null
      and lc.reported_fp <> (select ac2.fp from access_codes ac2 where ac2.id = lc.access_code_id)`,
  );
  return rows.map((r) => ({ fp: r.fp, fp4: r.fp4, length: Number(r.length) }));
}
