/**
 * "Forgot password?": mails a one-time link (1 h) to the address if it has an account. The answer is the same
 * whether or not it does (no account enumeration); both paths do the same kind of work, and the mail itself
 * leaves later from the outbox, so the timing does not tell either.
 */
import { queueSecretEmail, SECRET_PLACEHOLDER } from '../events/outbox.ts';
import { hashToken, newToken } from '../security/tokens.ts';
import { deletePendingTokens, insertAccountToken } from '../store/repositories/accountTokens.ts';
import { recordEvent } from '../store/repositories/events.ts';
import { findPersonByEmail } from '../store/repositories/principals.ts';
import type { ServiceDeps } from './deps.ts';
import { enforceRateLimit, LOGIN_LIMIT } from './rateLimit.ts';

export const RESET_TOKEN_HOURS = 1;

export async function requestPasswordReset(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'random' | 'cipher' | 'publicUrl'>,
  props: { email: string; clientAddress: string },
): Promise<void> {
  const email = props.email.trim().toLowerCase();
  const now = deps.clock.now();
  await enforceRateLimit(deps.db, `reset-address:${props.clientAddress}`, LOGIN_LIMIT, now);
  await enforceRateLimit(deps.db, `reset-email:${email}`, LOGIN_LIMIT, now);
  const token = newToken('kwr');
  const tokenHash = hashToken(token);
  await deps.db.transaction(async (tx) => {
    const person = await findPersonByEmail(tx, email);
    if (!person) {
      // Same work as the real path, minus the writes that would show.
      deps.cipher.encrypt(token, 'message:none');
      return;
    }
    const expiresAt = new Date(now.getTime() + RESET_TOKEN_HOURS * 3_600_000);
    await deletePendingTokens(tx, person.id, 'password_reset');
    await insertAccountToken(tx, {
      id: deps.random.uuid(),
      personId: person.id,
      purpose: 'password_reset',
      tokenHash,
      expiresAt,
      createdAt: now,
    });
    await queueSecretEmail(tx, deps.cipher, {
      id: deps.random.uuid(),
      communityId: person.communityId,
      kind: 'password_reset',
      recipient: person.email,
      subject: 'Reset your Keyway password',
      body: [
        `Hello ${person.name},`,
        '',
        'Someone (hopefully you) asked to reset your Keyway password. Choose a new one here (the link works once, for one hour):',
        '',
        `${deps.publicUrl}/reset#${SECRET_PLACEHOLDER}`,
        '',
        'If you did not ask for this, ignore this email: your password stays as it is.',
      ].join('\n'),
      secret: token,
      createdAt: now,
    });
    await recordEvent(tx, {
      communityId: person.communityId,
      type: 'password.reset_requested',
      actor: { type: 'system', id: null },
      subject: { type: 'person', id: person.id },
      data: {},
      at: now,
    });
  });
}
