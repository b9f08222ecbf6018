/** Email + password sign-in; returns a bearer token for a new session. */
import { KeywayError } from '../domain/errors.ts';
import { deviceTokenPerson, newDeviceToken } from '../security/deviceToken.ts';
import { hashPassword, needsRehash, PASSWORD_COST, verifyAgainstDummy, verifyPassword } from '../security/passwords.ts';
import { hashToken, newToken } from '../security/tokens.ts';
import { replacePasswordHash } from '../store/repositories/accountTokens.ts';
import { recordEvent } from '../store/repositories/events.ts';
import { findPersonByEmail, insertSession } from '../store/repositories/principals.ts';
import { hasOpenLease } from '../store/repositories/residencies.ts';
import type { ServiceDeps } from './deps.ts';
import { enforceEmailLimit } from './loginLockout.ts';
import { enforceRateLimit, LOGIN_LIMIT } from './rateLimit.ts';

export interface LoginProps {
  email: string;
  password: string;
  /** The client's network address, for the per-address attempt limit. */
  clientAddress: string;
  /** The `keyway_device` cookie, if the browser has one: a device this person signed in from before. */
  deviceToken?: string | undefined;
}

export interface LoginResult {
  token: string;
  user: { id: string; name: string; role: 'operator' | 'manager' | 'resident' | 'staff' };
  expiresAt: Date;
  /** A fresh device token to keep (security/deviceToken.ts). */
  deviceToken: string;
}

export async function login(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'random' | 'sessionHours' | 'cipher' | 'passwordCost'>,
  props: LoginProps,
): Promise<LoginResult> {
  const email = props.email.trim().toLowerCase();
  const now = deps.clock.now();
  const cost = deps.passwordCost ?? PASSWORD_COST;
  await enforceRateLimit(deps.db, `login-address:${props.clientAddress}`, LOGIN_LIMIT, now);
  const person = await findPersonByEmail(deps.db, email);
  const knownDevice = person !== undefined && deviceTokenPerson(deps.cipher, props.deviceToken) === person.id;
  if (!knownDevice) await enforceEmailLimit(deps, email, person, now);
  const ok = person?.passwordHash
    ? await verifyPassword(props.password, person.passwordHash)
    : await verifyAgainstDummy(props.password, cost);
  if (!person || !ok) throw new KeywayError('unauthenticated', 'Wrong email or password.');
  // A resident whose leases have all ended is refused exactly like a wrong password (no enumeration).
  if (person.role === 'resident' && !(await hasOpenLease(deps.db, person.id)))
    throw new KeywayError('unauthenticated', 'Wrong email or password.');
  const rehash =
    person.passwordHash && needsRehash(person.passwordHash, cost) ? await hashPassword(props.password, cost) : null;
  const token = newToken('kws');
  const expiresAt = new Date(now.getTime() + deps.sessionHours * 3_600_000);
  await deps.db.transaction(async (tx) => {
    if (rehash && person.passwordHash) await replacePasswordHash(tx, person.id, person.passwordHash, rehash);
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
  return {
    token,
    user: { id: person.id, name: person.name, role: person.role },
    expiresAt,
    deviceToken: newDeviceToken(deps.cipher, person.id),
  };
}
