/** A signed-in person changes their password; their other sessions end, this one stays. */
import { KeywayError } from '../domain/errors.ts';
import { hashPassword, verifyPassword } from '../security/passwords.ts';
import { hashToken } from '../security/tokens.ts';
import { deleteSessionsOf, findAccount, setPasswordHash } from '../store/repositories/accountTokens.ts';
import { recordEvent } from '../store/repositories/events.ts';
import type { ServiceDeps } from './deps.ts';
import type { Caller } from './principal.ts';
import { enforceRateLimit, LOGIN_LIMIT } from './rateLimit.ts';
import { requireStrongPassword } from './support/accounts.ts';

export function personOf(caller: Caller): string {
  if (caller.kind === 'api_key') throw new KeywayError('forbidden', 'This needs a signed-in person, not an API key.');
  return caller.personId;
}

export async function changePassword(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'caches' | 'passwordCost'>,
  caller: Caller,
  props: { currentPassword: string; newPassword: string; currentToken: string },
): Promise<{ sessionsEnded: number }> {
  const personId = personOf(caller);
  const now = deps.clock.now();
  await enforceRateLimit(deps.db, `password-change:${personId}`, LOGIN_LIMIT, now);
  const account = await findAccount(deps.db, personId);
  if (!account) throw new KeywayError('unauthenticated', 'Sign in first.');
  if (!account.passwordHash || !(await verifyPassword(props.currentPassword, account.passwordHash)))
    throw new KeywayError('invalid_request', 'Your current password is not right.', { field: 'currentPassword' });
  requireStrongPassword(props.newPassword, account);
  const passwordHash = await hashPassword(props.newPassword, deps.passwordCost);
  const sessionsEnded = await deps.db.transaction(async (tx) => {
    await setPasswordHash(tx, personId, passwordHash);
    const ended = await deleteSessionsOf(tx, personId, hashToken(props.currentToken));
    await recordEvent(tx, {
      communityId: account.communityId,
      type: 'password.changed',
      actor: { type: 'person', id: personId },
      subject: { type: 'person', id: personId },
      data: { sessionsEnded: ended },
      at: now,
    });
    return ended;
  });
  deps.caches.touch();
  return { sessionsEnded };
}
