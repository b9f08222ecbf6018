/** Email + password sign-in; returns a bearer token for a new session. */
import { KeywayError } from '../domain/errors.ts';
import { verifyAgainstDummy, verifyPassword } from '../security/passwords.ts';
import { hashToken, newToken } from '../security/tokens.ts';
import { recordEvent } from '../store/repositories/events.ts';
import { findPersonByEmail, insertSession } from '../store/repositories/principals.ts';
import { hasOpenLease } from '../store/repositories/residencies.ts';
import type { ServiceDeps } from './deps.ts';
import { enforceRateLimit, LOGIN_LIMIT } from './rateLimit.ts';

export interface LoginProps {
  email: string;
  password: string;
  /** The client's network address, for the per-address attempt limit. */
  clientAddress: string;
}

export interface LoginResult {
  token: string;
  user: { id: string; name: string; role: 'operator' | 'manager' | 'resident' | 'staff' };
  expiresAt: Date;
}

export async function login(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'random' | 'sessionHours'>,
  props: LoginProps,
): Promise<LoginResult> {
  const email = props.email.trim().toLowerCase();
  const now = deps.clock.now();
  await enforceRateLimit(deps.db, `login-address:${props.clientAddress}`, LOGIN_LIMIT, now);
  await enforceRateLimit(deps.db, `login-email:${email}`, LOGIN_LIMIT, now);
  const person = await findPersonByEmail(deps.db, email);
  const ok = person?.passwordHash
    ? await verifyPassword(props.password, person.passwordHash)
    : await verifyAgainstDummy(props.password);
  if (!person || !ok) throw new KeywayError('unauthenticated', 'Wrong email or password.');
  // A resident whose leases have all ended is refused exactly like a wrong password (no enumeration).
  if (person.role === 'resident' && !(await hasOpenLease(deps.db, person.id)))
    throw new KeywayError('unauthenticated', 'Wrong email or password.');
  const token = newToken('kws');
  const expiresAt = new Date(now.getTime() + deps.sessionHours * 3_600_000);
  await deps.db.transaction(async (tx) => {
    await insertSession(tx, {
      id: deps.random.uuid(),
      tokenHash: hashToken(token),
      personId: person.id,
      createdAt: now,
      expiresAt,
    });
    await recordEvent(tx, {
      communityId: person.communityId,
      type: 'session.signed_in',
      actor: { type: 'person', id: person.id },
      subject: { type: 'person', id: person.id },
      data: {},
      at: now,
    });
  });
  return { token, user: { id: person.id, name: person.name, role: person.role }, expiresAt };
}
