/** Cloud lock accounts (Seam) and the codes Keyway knows on cloud locks: SQL only. */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { queryRows } from '../rawQuery.ts';
import { accessPoints, cloudAccounts, cloudCodes, lockCodes, lockCommands, locks } from '../schema.ts';

export type CloudAccountRow = typeof cloudAccounts.$inferSelect;
export type CloudCodeRow = typeof cloudCodes.$inferSelect;
export type LockCommandRow = typeof lockCommands.$inferSelect;

export async function insertCloudAccount(ex: Executor, row: typeof cloudAccounts.$inferInsert): Promise<void> {
  await ex.insert(cloudAccounts).values(row);
}

export async function findCloudAccount(
  ex: Executor,
  communityId: string,
  provider: 'seam' = 'seam',
): Promise<CloudAccountRow | undefined> {
  const rows = await ex
    .select()
    .from(cloudAccounts)
    .where(and(eq(cloudAccounts.communityId, communityId), eq(cloudAccounts.provider, provider)))
    .limit(1);
  return rows[0];
}

export async function cloudAccountById(ex: Executor, id: string): Promise<CloudAccountRow | undefined> {
  const rows = await ex.select().from(cloudAccounts).where(eq(cloudAccounts.id, id)).limit(1);
  return rows[0];
}

export async function allCloudAccountIds(ex: Executor): Promise<string[]> {
  const rows = await ex.select({ id: cloudAccounts.id }).from(cloudAccounts).orderBy(asc(cloudAccounts.id));
  return rows.map((r) => r.id);
}

export async function updateCloudAccount(
  ex: Executor,
  id: string,
  changes: Partial<typeof cloudAccounts.$inferInsert>,
): Promise<void> {
  await ex.update(cloudAccounts).set(changes).where(eq(cloudAccounts.id, id));
}

export async function deleteCloudAccount(ex: Executor, id: string): Promise<void> {
  await ex.delete(cloudAccounts).where(eq(cloudAccounts.id, id));
}

export interface SeamLockRow {
  id: string;
  communityId: string;
  deviceId: string;
  doorName: string;
  accessPointId: string;
  retiring: boolean;
}

/** The community's Seam locks (address = Seam device id). */
export async function seamLocksOf(ex: Executor, communityId: string): Promise<SeamLockRow[]> {
  const rows = await ex
    .select({
      id: locks.id,
      communityId: locks.communityId,
      deviceId: locks.address,
      doorName: accessPoints.name,
      accessPointId: locks.accessPointId,
      retiringSince: locks.retiringSince,
    })
    .from(locks)
    .innerJoin(accessPoints, eq(accessPoints.id, locks.accessPointId))
    .where(and(eq(locks.communityId, communityId), eq(locks.connectivity, 'seam')))
    .orderBy(asc(accessPoints.name));
  return rows.map((r) => ({
    id: r.id,
    communityId: r.communityId,
    deviceId: r.deviceId ?? '',
    doorName: r.doorName,
    accessPointId: r.accessPointId,
    retiring: r.retiringSince !== null,
  }));
}

export async function seamLockById(ex: Executor, lockId: string): Promise<SeamLockRow | undefined> {
  const rows = await ex
    .select({ communityId: locks.communityId, connectivity: locks.connectivity })
    .from(locks)
    .where(eq(locks.id, lockId))
    .limit(1);
  const row = rows[0];
  if (row?.connectivity !== 'seam') return undefined;
  return (await seamLocksOf(ex, row.communityId)).find((l) => l.id === lockId);
}

export async function cloudCodesOfLock(ex: Executor, lockId: string): Promise<CloudCodeRow[]> {
  return ex.select().from(cloudCodes).where(eq(cloudCodes.lockId, lockId)).orderBy(asc(cloudCodes.slot));
}

export async function cloudCodesOfLocks(ex: Executor, lockIds: readonly string[]): Promise<CloudCodeRow[]> {
  if (lockIds.length === 0) return [];
  return ex
    .select()
    .from(cloudCodes)
    .where(inArray(cloudCodes.lockId, [...lockIds]))
    .orderBy(asc(cloudCodes.name));
}

export async function cloudCodeByExternalId(ex: Executor, externalId: string): Promise<CloudCodeRow | undefined> {
  const rows = await ex.select().from(cloudCodes).where(eq(cloudCodes.externalId, externalId)).limit(1);
  return rows[0];
}

export async function insertCloudCode(ex: Executor, row: typeof cloudCodes.$inferInsert): Promise<void> {
  await ex.insert(cloudCodes).values(row);
}

export async function updateCloudCode(
  ex: Executor,
  id: string,
  changes: Partial<typeof cloudCodes.$inferInsert>,
): Promise<void> {
  await ex.update(cloudCodes).set(changes).where(eq(cloudCodes.id, id));
}

export async function deleteCloudCode(ex: Executor, id: string): Promise<void> {
  await ex.delete(cloudCodes).where(eq(cloudCodes.id, id));
}

export async function deleteCloudCodesOfLock(ex: Executor, lockId: string): Promise<void> {
  await ex.delete(cloudCodes).where(eq(cloudCodes.lockId, lockId));
}

/** Commands of a lock still waiting for an answer, oldest first. */
export async function sentCommandsOfLock(ex: Executor, lockId: string): Promise<LockCommandRow[]> {
  return ex
    .select()
    .from(lockCommands)
    .where(
      and(
        eq(lockCommands.lockId, lockId),
        eq(lockCommands.status, 'sent'),
        inArray(lockCommands.type, ['set_code', 'clear_slot']),
      ),
    )
    .orderBy(asc(lockCommands.sentAt), asc(lockCommands.id));
}

export async function commandById(ex: Executor, id: string): Promise<LockCommandRow | undefined> {
  const rows = await ex.select().from(lockCommands).where(eq(lockCommands.id, id)).limit(1);
  return rows[0];
}

/** An older command to a slot that a newer one replaced at the service: its answer is no longer awaited. */
export async function supersedeCommand(ex: Executor, id: string): Promise<void> {
  await ex
    .update(lockCommands)
    .set({ status: 'superseded' })
    .where(and(eq(lockCommands.id, id), eq(lockCommands.status, 'sent')));
}

/** The pending command's row, only if the code still awaits that very command (two writers may race). */
export async function clearPendingIf(ex: Executor, id: string, commandId: string, at: Date): Promise<boolean> {
  const rows = await ex
    .update(cloudCodes)
    .set({ pendingCommandId: null, updatedAt: at })
    .where(and(eq(cloudCodes.id, id), eq(cloudCodes.pendingCommandId, commandId)))
    .returning({ id: cloudCodes.id });
  return rows.length > 0;
}

export async function unmanagedCodesOfLock(ex: Executor, lockId: string): Promise<CloudCodeRow[]> {
  return ex
    .select()
    .from(cloudCodes)
    .where(and(eq(cloudCodes.lockId, lockId), eq(cloudCodes.managed, false), isNull(cloudCodes.slot)));
}

/** Who a code is for, as a manager knows them: for the code's name at the cloud service (no PIN, no contact). */
export async function codeLabel(ex: Executor, accessCodeId: string) {
  const rows = await queryRows<{
    kind: string;
    holder_name: string | null;
    guest_name: string | null;
    owner_name: string | null;
  }>(
    ex,
    sql`select ac.kind, p.name as holder_name, ac.guest_name, o.name as owner_name
        from access_codes ac left join people p on p.id = ac.holder_id left join people o on o.id = ac.owner_id
        where ac.id = ${accessCodeId}`,
  );
  const r = rows[0];
  return {
    kind: r?.kind ?? 'code',
    holderName: r?.holder_name ?? null,
    guestName: r?.guest_name ?? null,
    ownerName: r?.owner_name ?? null,
  };
}

/** The current PIN version of a code (to tell whether a command still carries it). */
export async function codeVersion(ex: Executor, accessCodeId: string) {
  const rows = await queryRows<{ version: number; pin_enc: string }>(
    ex,
    sql`select version, pin_enc from access_codes where id = ${accessCodeId}`,
  );
  const r = rows[0];
  return r ? { version: Number(r.version), pinEnc: r.pin_enc } : undefined;
}

/** Whether a Seam device already drives a door (in any community: one device, one door). */
export async function seamDeviceTaken(ex: Executor, deviceId: string): Promise<boolean> {
  const rows = await ex
    .select({ id: locks.id })
    .from(locks)
    .where(and(eq(locks.connectivity, 'seam'), eq(locks.address, deviceId)))
    .limit(1);
  return rows.length > 0;
}

/**
 * Rows of these locks held back because the lock could not be reached: they may go at once (the device is
 * online again, or the account works again) instead of at their next retry time.
 */
export async function releaseHeldRows(ex: Executor, lockIds: readonly string[]): Promise<void> {
  if (lockIds.length === 0) return;
  await ex
    .update(lockCodes)
    .set({ nextAttemptAt: null })
    .where(
      and(
        inArray(lockCodes.lockId, [...lockIds]),
        eq(lockCodes.reason, 'lock_unreachable'),
        inArray(lockCodes.state, ['pending', 'removing']),
      ),
    );
}
