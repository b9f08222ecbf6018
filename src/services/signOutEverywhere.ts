/** Ends every session of the caller, this one included (a lost phone, a shared computer). */
import { deleteSessionsOf, findAccount } from '../store/repositories/accountTokens.ts';
import { recordEvent } from '../store/repositories/events.ts';
import { personOf } from './changePassword.ts';
import type { ServiceDeps } from './deps.ts';
import type { Caller } from './principal.ts';

export async function signOutEverywhere(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'caches'>,
  caller: Caller,
): Promise<{ sessionsEnded: number }> {
  const personId = personOf(caller);
  const now = deps.clock.now();
  const account = await findAccount(deps.db, personId);
  const sessionsEnded = await deps.db.transaction(async (tx) => {
    const ended = await deleteSessionsOf(tx, personId);
    await recordEvent(tx, {
      communityId: account?.communityId ?? null,
      type: 'session.signed_out_everywhere',
      actor: { type: 'person', id: personId },
      subject: { type: 'person', id: personId },
      data: { sessionsEnded: ended },
      at: now,
    });
    return ended;
  });
  // This process answers 401 for those tokens at once; others hear the sessions trigger's NOTIFY.
  deps.caches.touch();
  return { sessionsEnded };
}
