/** Everything the sync engine reads and writes about one lock: its facts, its code rows, its commands. */
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { type LockCodeState, ON_HUB_OFFLINE_WHILE_SENDING, type SyncReason } from '../../domain/sync/lockCodeState.ts';
import type { InventoryPrints } from '../../domain/sync/lockPlan.ts';
import type { Executor } from '../database.ts';
import { queryRows } from '../rawQuery.ts';
import { accessCodes, hubs, lockCodes, lockCommands, locks } from '../schema.ts';
import { locksForSync } from './lockSyncBatch.ts';

export interface LockRow {
  id: string;
  communityId: string;
  timeZone: string;
  deliveryGraceMinutes: number;
  nativeSchedules: boolean;
  accessPointId: string;
  name: string;
  hubId: string | null;
  /** Hub locks: the hub's online flag. Seam locks: the account is connected and the device online. */
  hubOnline: boolean | null;
  connectivity: 'hub' | 'bluetooth' | 'seam';
  codeLengths: number[];
  slotCount: number;
  readableCodes: boolean;
  reachable: boolean;
  inventoryEnc: string | null;
  /** The inventory's fingerprints (see locks.inventory_prints); null when not printed yet. */
  inventoryPrints: InventoryPrints | null;
  unmanagedSlots: number[];
  breakerFailures: number;
  breakerOpenedAt: Date | null;
  bleKeyEnc: string | null;
  bleCounter: number;
}

/**
 * Loads the lock and locks its row until the transaction ends: one reconcile per lock at a time. `no key update`,
 * not `update`: a code change inserting a lock_codes row takes a key-share lock on the lock row (the foreign key),
 * and a plain `for update` made it wait for a pass that was itself waiting for the change's card: a deadlock, seen
 * as 500s with two processes.
 */
export async function lockForSync(ex: Executor, lockId: string): Promise<LockRow | undefined> {
  const [lock] = await locksForSync(ex, [lockId]);
  return lock;
}

export interface LockCodeRow {
  id: string;
  accessCodeId: string;
  holderId: string | null;
  slot: number | null;
  state: LockCodeState;
  reason: SyncReason | null;
  intent: 'present' | 'absent';
  version: number;
  pinEnc: string;
  fp: string;
  fp4: string;
  codeLength: number;
  reportedVersion: number | null;
  attempts: number;
  nextAttemptAt: Date | null;
  nextBoundaryAt: Date | null;
  kind: 'resident' | 'guest' | 'staff' | 'vendor' | 'integration';
  guestType: 'permanent' | 'temporary' | 'recurring' | 'delivery' | null;
  startsAt: Date | null;
  endsAt: Date | null;
  schedule: { days: string[]; start: string; end: string } | null;
  firstUsedAt: Date | null;
  /** Integration codes: leaves the lock at its first use, without the delivery grace period. */
  oneTimeUse: boolean;
}

/** The lock's code rows that still matter (removed ones are history). */
export async function lockCodeRows(ex: Executor, lockId: string): Promise<LockCodeRow[]> {
  const rows = await ex
    .select({
      id: lockCodes.id,
      accessCodeId: lockCodes.accessCodeId,
      holderId: accessCodes.holderId,
      slot: lockCodes.slot,
      state: lockCodes.state,
      // The column is plain text; every writer stores one of the sync reasons.
      reason: sql<SyncReason | null>`${lockCodes.reason}`,
      intent: lockCodes.intent,
      version: accessCodes.version,
      pinEnc: accessCodes.pinEnc,
      fp: accessCodes.fp,
      fp4: accessCodes.fp4,
      codeLength: accessCodes.codeLength,
      reportedVersion: lockCodes.reportedVersion,
      attempts: lockCodes.attempts,
      nextAttemptAt: lockCodes.nextAttemptAt,
      nextBoundaryAt: lockCodes.nextBoundaryAt,
      kind: accessCodes.kind,
      guestType: accessCodes.guestType,
      startsAt: accessCodes.startsAt,
      endsAt: accessCodes.endsAt,
      schedule: accessCodes.schedule,
      firstUsedAt: accessCodes.firstUsedAt,
      oneTimeUse: accessCodes.oneTimeUse,
    })
    .from(lockCodes)
    .innerJoin(accessCodes, eq(accessCodes.id, lockCodes.accessCodeId))
    .where(and(eq(lockCodes.lockId, lockId), sql`${lockCodes.state} <> 'removed'`))
    .orderBy(lockCodes.id);
  return rows;
}

export interface LockCodeUpdate {
  state?: LockCodeRow['state'];
  reason?: SyncReason | null;
  slot?: number | null;
  reportedVersion?: number | null;
  reportedFp?: string | null;
  reportedFp4?: string | null;
  reportedLength?: number | null;
  attempts?: number;
  nextAttemptAt?: Date | null;
  nextBoundaryAt?: Date | null;
  updatedAt: Date;
}

export async function updateLockCode(ex: Executor, id: string, update: LockCodeUpdate): Promise<void> {
  await ex.update(lockCodes).set(update).where(eq(lockCodes.id, id));
}

/**
 * Writes a transition only if the row is still what it was read as (its state and intent): another
 * transaction (a move-out, a new code) may have moved it in between, and its wish must not be overwritten by
 * a status computed from the old row. False when the row had moved; that writer asked for a new pass.
 */
export async function updateLockCodeIfUnchanged(
  ex: Executor,
  id: string,
  expected: { state: LockCodeState; intent: 'present' | 'absent' },
  update: LockCodeUpdate,
): Promise<boolean> {
  const rows = await ex
    .update(lockCodes)
    .set(update)
    .where(and(eq(lockCodes.id, id), eq(lockCodes.state, expected.state), eq(lockCodes.intent, expected.intent)))
    .returning({ id: lockCodes.id });
  return rows.length > 0;
}

export interface InFlightRow {
  id: string;
  accessCodeId: string | null;
  type: 'set_code' | 'clear_slot' | 'report_inventory' | 'keypad_lockout';
  slot: number | null;
  version: number | null;
  sentAt: Date;
}

export async function inFlightCommands(ex: Executor, lockId: string): Promise<InFlightRow[]> {
  return ex
    .select({
      id: lockCommands.id,
      accessCodeId: lockCommands.accessCodeId,
      type: lockCommands.type,
      slot: lockCommands.slot,
      version: lockCommands.version,
      sentAt: lockCommands.sentAt,
    })
    .from(lockCommands)
    .where(and(eq(lockCommands.lockId, lockId), eq(lockCommands.status, 'sent')));
}

export type NewLockCommand = typeof lockCommands.$inferInsert;

export async function insertLockCommands(ex: Executor, commands: NewLockCommand[]): Promise<void> {
  if (commands.length > 0) await ex.insert(lockCommands).values(commands);
}

export type LockCommandRow = typeof lockCommands.$inferSelect;

/**
 * Records a command's outcome once: a duplicate result (every server process hears every result, and
 * hubs repeat results for repeated commands) finds nothing left to complete and returns undefined.
 * A late result for a timed-out command is still taken: the lock did act.
 */
export async function completeCommand(
  ex: Executor,
  id: string,
  outcome: { ok: boolean; error: string | null; at: Date },
): Promise<LockCommandRow | undefined> {
  const rows = await ex
    .update(lockCommands)
    .set({ status: outcome.ok ? 'ok' : 'failed', error: outcome.error, completedAt: outcome.at })
    .where(and(eq(lockCommands.id, id), inArray(lockCommands.status, ['sent', 'timed_out', 'superseded'])))
    .returning();
  return rows[0];
}

/** True when a later command than `sentAt` went to the same slot: its outcome, not this one, is current. */
export async function hasLaterCommandForSlot(
  ex: Executor,
  lockId: string,
  slot: number,
  sentAt: Date,
  exceptId: string,
) {
  const rows = await ex
    .select({ id: lockCommands.id })
    .from(lockCommands)
    .where(
      and(
        eq(lockCommands.lockId, lockId),
        eq(lockCommands.slot, slot),
        sql`${lockCommands.sentAt} > ${sentAt.toISOString()}::timestamptz`,
        sql`${lockCommands.id} <> ${exceptId}::uuid`,
        sql`${lockCommands.status} <> 'superseded'`,
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/**
 * Locks with work due: a retry whose time has come, a row that never got a first pass (e.g. after a
 * restart), or a guest code whose window opens or closes (both indexed; the sweep asks often). `limit` caps the
 * rows each branch reads (not the locks): the sweep asks for many, so that 10,000 locks whose codes cross a
 * boundary at the same instant reach the queue in one sweep; boundary rows come earliest first, so a sweep that
 * hits the cap takes the longest-waiting ones and the next sweep the rest. Each branch reads only its due rows
 * through its index (the retry branch: the partial index `lock_codes_due`, migration 0004, whose predicate it
 * repeats word for word; the boundary branch: `lock_codes_next_boundary`).
 */
export async function locksDueForRetry(ex: Executor, now: Date, limit: number): Promise<string[]> {
  const at = now.toISOString();
  const rows = await queryRows<{ lock_id: string }>(
    ex,
    sql`(select lock_id from lock_codes
         where state in ('pending', 'removing') and (next_attempt_at is null or next_attempt_at <= ${at}::timestamptz)
           and reason is distinct from 'sending' and reason is distinct from 'awaiting_phone' and reason is distinct from 'hub_offline'
           and reason is distinct from 'outside_window'
         limit ${limit})
        union
        (select lock_id from lock_codes where next_boundary_at <= ${at}::timestamptz order by next_boundary_at limit ${limit})`,
  );
  return rows.map((r) => r.lock_id);
}

export async function updateLock(
  ex: Executor,
  lockId: string,
  changes: Partial<typeof locks.$inferInsert>,
): Promise<void> {
  await ex.update(locks).set(changes).where(eq(locks.id, lockId));
}

export async function locksOfHub(ex: Executor, hubId: string): Promise<string[]> {
  const rows = await ex.select({ id: locks.id }).from(locks).where(eq(locks.hubId, hubId));
  return rows.map((r) => r.id);
}

export async function setHubOnline(
  ex: Executor,
  hubId: string,
  online: boolean,
  at: Date,
): Promise<{ changed: boolean; communityId: string } | undefined> {
  const before = await ex
    .select({ online: hubs.online, communityId: hubs.communityId })
    .from(hubs)
    .where(eq(hubs.id, hubId))
    .for('no key update');
  const row = before[0];
  if (!row) return undefined;
  await ex.update(hubs).set({ online, lastSeenAt: at }).where(eq(hubs.id, hubId));
  return { changed: row.online !== online, communityId: row.communityId };
}

/** Which credential holds `slot` on the lock, with its holder: for turning keypad use into activity. */
export async function credentialInSlot(ex: Executor, lockId: string, slot: number) {
  const rows = await queryRows<{
    access_code_id: string;
    holder_id: string | null;
    holder_name: string | null;
    kind: string;
    scope: string | null;
    owner_id: string | null;
    owner_name: string | null;
    guest_name: string | null;
    guest_type: string | null;
    first_used_at: string | Date | null;
  }>(
    ex,
    sql`select lc.access_code_id, ac.holder_id, p.name as holder_name, ac.kind, ac.scope,
               ac.owner_id, o.name as owner_name, ac.guest_name, ac.guest_type, ac.first_used_at
        from lock_codes lc join access_codes ac on ac.id = lc.access_code_id
        left join people p on p.id = ac.holder_id left join people o on o.id = ac.owner_id
        where lc.lock_id = ${lockId} and lc.slot = ${slot} and lc.reported_version is not null
        order by lc.updated_at desc limit 1`,
  );
  return rows[0];
}

/**
 * Locks credentials before their per-lock rows are changed. A code change locks its credential first and then
 * its rows; a lock's report must take the same order (it may end by clearing the credential's previous code),
 * or the two wait on each other (PostgreSQL reports a deadlock). In id order, so reports never cross either.
 */
export async function lockCredentials(ex: Executor, accessCodeIds: readonly string[]): Promise<void> {
  if (accessCodeIds.length === 0) return;
  await queryRows(
    ex,
    sql`select id from access_codes where id in (${sql.join(
      [...new Set(accessCodeIds)].map((id) => sql`${id}`),
      sql`, `,
    )}) order by id for no key update`,
  );
}

/** The credentials with a row on this lock, locked (see lockCredentials). */
export async function lockCredentialsOfLock(ex: Executor, lockId: string): Promise<void> {
  await queryRows(
    ex,
    sql`select ac.id from access_codes ac
        where ac.id in (select lc.access_code_id from lock_codes lc where lc.lock_id = ${lockId})
        order by ac.id for no key update of ac`,
  );
}

/** Clears the card's previous code once its current version is confirmed on every door. */
export async function clearPreviousIfRolledOut(ex: Executor, accessCodeId: string): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    ex,
    sql`update access_codes ac set previous_pin_enc = null
        where ac.id = ${accessCodeId} and ac.previous_pin_enc is not null
          and not exists (select 1 from lock_codes lc where lc.access_code_id = ac.id and lc.intent = 'present'
                          and (lc.state <> 'active' or lc.reported_version is distinct from ac.version))
        returning ac.id`,
  );
  return rows.length > 0;
}

/** A hub went offline: nothing it was asked will be answered; the rows wait for it to return. */
export async function timeOutCommandsOfLocks(ex: Executor, lockIds: readonly string[]): Promise<void> {
  if (lockIds.length === 0) return;
  await ex
    .update(lockCommands)
    .set({ status: 'timed_out' })
    .where(and(inArray(lockCommands.lockId, [...lockIds]), eq(lockCommands.status, 'sent')));
  await ex
    .update(lockCodes)
    .set({ reason: ON_HUB_OFFLINE_WHILE_SENDING.reason })
    .where(
      and(
        inArray(lockCodes.lockId, [...lockIds]),
        inArray(lockCodes.state, [...ON_HUB_OFFLINE_WHILE_SENDING.rowsIn]),
        eq(lockCodes.reason, ON_HUB_OFFLINE_WHILE_SENDING.whereReason),
      ),
    );
}

/** A newer bundle carries the whole plan: undelivered older ones no longer count as in flight. */
export async function supersedeBundleCommands(ex: Executor, lockId: string): Promise<void> {
  await ex
    .update(lockCommands)
    .set({ status: 'superseded' })
    .where(
      and(
        eq(lockCommands.lockId, lockId),
        eq(lockCommands.status, 'sent'),
        sql`${lockCommands.bundleCounter} is not null`,
      ),
    );
}

/** Takes the receipt counter if it is newer than any applied; false for a replay. */
export async function claimReceiptCounter(ex: Executor, lockId: string, counter: number): Promise<boolean> {
  const rows = await ex
    .update(locks)
    .set({ bleReceiptCounter: counter })
    .where(and(eq(locks.id, lockId), lt(locks.bleReceiptCounter, counter)))
    .returning({ id: locks.id });
  return rows.length > 0;
}

/** Whether a person holds a live code on this lock (so their phone may carry its changes). */
export async function personUsesLock(ex: Executor, personId: string, lockId: string): Promise<boolean> {
  const rows = await queryRows<{ one: number }>(
    ex,
    sql`select 1 as one from lock_codes lc join access_codes ac on ac.id = lc.access_code_id
        where lc.lock_id = ${lockId} and ac.holder_id = ${personId} and lc.state <> 'removed' limit 1`,
  );
  return rows.length > 0;
}

export async function lockCommunity(ex: Executor, lockId: string): Promise<string | undefined> {
  const rows = await ex.select({ communityId: locks.communityId }).from(locks).where(eq(locks.id, lockId)).limit(1);
  return rows[0]?.communityId;
}

/**
 * The earliest instant after `now` at which the sweep will find work on some lock's codes: a guest window's
 * boundary or a retry coming due (the two things locksDueForRetry asks for), or null if none is ahead. Two
 * min() lookups, each the first entry of an index (the retry one on the partial index `lock_codes_due`, whose
 * predicate it repeats): cheap enough to ask after every sweep (src/sync/boundaryAlarm.ts).
 */
export async function nextLockCodeDueAt(ex: Executor, now: Date): Promise<Date | null> {
  const at = now.toISOString();
  const rows = await queryRows<{ next: string | Date | null }>(
    ex,
    sql`select least(
          (select min(next_boundary_at) from lock_codes where next_boundary_at > ${at}::timestamptz),
          (select min(next_attempt_at) from lock_codes
           where state in ('pending', 'removing') and next_attempt_at > ${at}::timestamptz
             and reason is distinct from 'sending' and reason is distinct from 'awaiting_phone' and reason is distinct from 'hub_offline'
             and reason is distinct from 'outside_window')
        ) as next`,
  );
  const next = rows[0]?.next ?? null;
  return next === null ? null : new Date(next);
}
