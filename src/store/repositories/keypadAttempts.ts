/** What the keypad brute-force rule needs to know about one lock: its recent wrong codes and its last alert. */
import { sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { queryRows } from '../rawQuery.ts';

export const KEYPAD_BRUTE_FORCE_EVENT = 'lock.keypad_brute_force';

const toDate = (v: string | Date) => (v instanceof Date ? v : new Date(v));

export async function keypadHistory(
  ex: Executor,
  communityId: string,
  lockId: string,
  since: Date,
  until: Date,
): Promise<{ wrongCodesAt: Date[]; lastAlertAt: Date | null }> {
  // Scoped by community first (events_community index); a lock sees few events in ten minutes.
  const rows = await queryRows<{ type: string; created_at: string | Date }>(
    ex,
    sql`select type, created_at from events
        where community_id = ${communityId} and subject_type = 'lock' and subject_id = ${lockId}
          and type in ('lock.code_refused', ${KEYPAD_BRUTE_FORCE_EVENT})
          and created_at > ${since.toISOString()}::timestamptz and created_at <= ${until.toISOString()}::timestamptz
          and (type <> 'lock.code_refused' or data->>'slot' is null)`,
  );
  const alerts = rows.filter((r) => r.type === KEYPAD_BRUTE_FORCE_EVENT).map((r) => toDate(r.created_at).getTime());
  return {
    wrongCodesAt: rows.filter((r) => r.type === 'lock.code_refused').map((r) => toDate(r.created_at)),
    lastAlertAt: alerts.length > 0 ? new Date(Math.max(...alerts)) : null,
  };
}
