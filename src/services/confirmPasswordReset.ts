/** Sets a new password with a reset link's token; every session of the person ends (whoever had them). */
import { KeywayError } from '../domain/errors.ts';
import { hashPassword } from '../security/passwords.ts';
import { deleteSessionsOf, markTokenUsed, setPasswordHash } from '../store/repositories/accountTokens.ts';
import { recordEvent } from '../store/repositories/events.ts';
import { liveToken } from './acceptInvitation.ts';
import type { ServiceDeps } from './deps.ts';
import { requireStrongPassword } from './support/accounts.ts';

export async function confirmPasswordReset(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'caches' | 'passwordCost'>,
  props: { token: string; password: string },
): Promise<void> {
  const now = deps.clock.now();
  const first = await deps.db.transaction((tx) => liveToken(tx, props.token, 'password_reset', now));
  requireStrongPassword(props.password, first.person);
  const passwordHash = await hashPassword(props.password, deps.passwordCost);
  await deps.db.transaction(async (tx) => {
    const found = await liveToken(tx, props.token, 'password_reset', now);
    if (!(await markTokenUsed(tx, found.id, now)))
      throw new KeywayError('invalid_token', 'This reset link was already used.');
    await setPasswordHash(tx, found.person.id, passwordHash);
    const ended = await deleteSessionsOf(tx, found.person.id);
    await recordEvent(tx, {
      communityId: found.person.communityId,
      type: 'password.reset',
      actor: { type: 'person', id: found.person.id },
      subject: { type: 'person', id: found.person.id },
      data: { sessionsEnded: ended },
      at: now,
    });
  });
  deps.caches.touch();
}
