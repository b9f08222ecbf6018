/**
 * The invited person chooses a password with the link's token and is signed in. The token works once; an
 * expired, used or replaced one → 401 invalid_token (the same answer for each, so a link tells nothing).
 */
import { KeywayError } from '../domain/errors.ts';
import { hashPassword } from '../security/passwords.ts';
import { hashToken } from '../security/tokens.ts';
import type { Tx } from '../store/database.ts';
import {
  type AccountTokenPurpose,
  type AccountTokenWithPerson,
  findAccountTokenForUpdate,
  markTokenUsed,
  setPasswordHash,
} from '../store/repositories/accountTokens.ts';
import { recordEvent } from '../store/repositories/events.ts';
import type { ServiceDeps } from './deps.ts';
import { requireStrongPassword, type SignedIn, startSession } from './support/accounts.ts';

/** The live token of this purpose, or 401 invalid_token. */
export async function liveToken(
  tx: Tx,
  token: string,
  purpose: AccountTokenPurpose,
  now: Date,
): Promise<AccountTokenWithPerson> {
  const found = await findAccountTokenForUpdate(tx, hashToken(token), purpose);
  if (!found || found.usedAt !== null || found.expiresAt.getTime() <= now.getTime())
    throw new KeywayError(
      'invalid_token',
      purpose === 'invitation'
        ? 'This invitation link has expired or was already used. Ask for a new invitation.'
        : 'This reset link has expired or was already used. Ask for a new one.',
    );
  return found;
}

export async function acceptInvitation(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'random' | 'sessionHours' | 'caches' | 'passwordCost'>,
  props: { token: string; password: string },
): Promise<SignedIn> {
  const now = deps.clock.now();
  const first = await deps.db.transaction((tx) => liveToken(tx, props.token, 'invitation', now));
  requireStrongPassword(props.password, first.person);
  const passwordHash = await hashPassword(props.password, deps.passwordCost);
  const result = await deps.db.transaction(async (tx) => {
    const found = await liveToken(tx, props.token, 'invitation', now);
    if (!(await markTokenUsed(tx, found.id, now)))
      throw new KeywayError('invalid_token', 'This invitation link was already used.');
    const { person } = found;
    await setPasswordHash(tx, person.id, passwordHash);
    await recordEvent(tx, {
      communityId: person.communityId,
      type: 'invitation.accepted',
      actor: { type: 'person', id: person.id },
      subject: { type: 'person', id: person.id },
      data: { role: person.role },
      at: now,
    });
    const session = await startSession(tx, deps, person.id, now);
    return { ...session, user: { id: person.id, name: person.name, role: person.role } };
  });
  deps.caches.touch();
  return result;
}
