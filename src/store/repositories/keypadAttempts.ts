/** What the keypad brute-force rule needs to know about one lock: its recent wrong codes and its last alert. */
import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { queryRows } from '../rawQuery.ts';
import { communities, events, locks, people } from '../schema.ts';
import { eventRow, type NewEvent } from './events.ts';

export const KEYPAD_BRUTE_FORCE_EVENT = 'lock.keypad_brute_force';

const toDate = (v: string | Date) => (v instanceof Date ? v : new Date(v));

export async function keypadHistory(
  ex: Executor,
  communityId: string,
  lockId: string,
  since: Date,
  until: Date,
): Promise<{ wrongCodesAt: Date[]; lastAlertAt: Date | null }> {
  // Scoped by community first (events_community index); a lock sees few events in ten minutes. Entries a
  // locked-out keypad refused compared nothing: they are not guesses.
  const rows = await queryRows<{ type: string; created_at: string | Date }>(
    ex,
    sql`select type, created_at from events
        where community_id = ${communityId} and subject_type = 'lock' and subject_id = ${lockId}
          and type in ('lock.code_refused', ${KEYPAD_BRUTE_FORCE_EVENT})
          and created_at > ${since.toISOString()}::timestamptz and created_at <= ${until.toISOString()}::timestamptz
          and (type <> 'lock.code_refused' or (data->>'slot' is null and coalesce(data->>'lockedOut', '') <> 'true'))`,
  );
  const alerts = rows.filter((r) => r.type === KEYPAD_BRUTE_FORCE_EVENT).map((r) => toDate(r.created_at).getTime());
  return {
    wrongCodesAt: rows.filter((r) => r.type === 'lock.code_refused').map((r) => toDate(r.created_at)),
    lastAlertAt: alerts.length > 0 ? new Date(Math.max(...alerts)) : null,
  };
}

/**
 * Records the alert event; its id when this call recorded it, undefined when another server process (which heard
 * the same report) already had. Only the one that recorded it emails and locks the keypad out.
 */
export async function recordKeypadAlert(ex: Executor, event: NewEvent & { dedupeKey: string }) {
  const [row] = await ex.insert(events).values(eventRow(event)).onConflictDoNothing().returning({ id: events.id });
  return row?.id;
}

/** Who to tell and how: the community's managers and name, and whether (and at which address) the lock can lock out. */
export async function keypadAlertAudience(ex: Executor, communityId: string, lockId: string) {
  const [community] = await ex
    .select({ name: communities.name })
    .from(communities)
    .where(eq(communities.id, communityId));
  const [lock] = await ex
    .select({ keypadLockout: locks.keypadLockout, address: locks.address })
    .from(locks)
    .where(eq(locks.id, lockId));
  const managers = await ex
    .select({ email: people.email })
    .from(people)
    .where(and(eq(people.communityId, communityId), eq(people.role, 'manager')))
    .orderBy(people.email);
  return {
    communityName: community?.name ?? 'your community',
    keypadLockout: lock?.keypadLockout ?? false,
    address: lock?.address ?? null,
    managerEmails: managers.map((m) => m.email),
  };
}
