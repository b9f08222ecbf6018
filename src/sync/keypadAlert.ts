/**
 * After a wrong code at a keypad: if the lock has seen a burst of them, one `lock.keypad_brute_force` event
 * (manager activity, live feed, webhooks). The rule is pure (domain/sync/keypadBruteForce.ts); this reads the
 * lock's recent history in the report's own transaction. Every server process hears every report, so the alert
 * is deduplicated on the report that tripped it.
 */
import { KEYPAD_BRUTE_FORCE, keypadBruteForce } from '../domain/sync/keypadBruteForce.ts';
import type { Tx } from '../store/database.ts';
import { recordEvent } from '../store/repositories/events.ts';
import { KEYPAD_BRUTE_FORCE_EVENT, keypadHistory } from '../store/repositories/keypadAttempts.ts';

export async function checkKeypadBruteForce(
  tx: Tx,
  lock: { id: string; communityId: string; accessPointId: string | null; name: string },
  at: Date,
): Promise<boolean> {
  const since = new Date(at.getTime() - Math.max(KEYPAD_BRUTE_FORCE.windowMs, KEYPAD_BRUTE_FORCE.quietMs));
  const history = await keypadHistory(tx, lock.communityId, lock.id, since, at);
  if (!keypadBruteForce({ ...history, now: at })) return false;
  const recent = history.wrongCodesAt.filter((t) => at.getTime() - t.getTime() < KEYPAD_BRUTE_FORCE.windowMs);
  await recordEvent(tx, {
    communityId: lock.communityId,
    type: KEYPAD_BRUTE_FORCE_EVENT,
    actor: { type: 'system', id: null },
    subject: { type: 'lock', id: lock.id },
    data: {
      lockId: lock.id,
      accessPointId: lock.accessPointId,
      doorName: lock.name,
      wrongCodes: recent.length,
      windowMinutes: KEYPAD_BRUTE_FORCE.windowMs / 60_000,
    },
    dedupeKey: `keypad-brute-force:${lock.id}:${at.toISOString()}`,
    at,
  });
  return true;
}
