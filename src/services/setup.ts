/**
 * First start in production mode: an installation without an operator gets a setup token (valid 24 h, stored
 * only as its SHA-256), printed once as `<public url>/setup#<token>`; whoever holds it creates the first
 * operator. The token is derived from the secret key and its expiry, so a restart within the 24 h prints the
 * same link again (and several server processes agree on it) without the database ever holding it.
 */
import { KeywayError } from '../domain/errors.ts';
import { hashPassword } from '../security/passwords.ts';
import { hashToken } from '../security/tokens.ts';
import { countOperators } from '../store/repositories/accountTokens.ts';
import { insertPerson } from '../store/repositories/communities.ts';
import { recordEvent } from '../store/repositories/events.ts';
import { isSetUp, lockInstallation, markSetUp, saveSetupToken } from '../store/repositories/installation.ts';
import { findPersonByEmail } from '../store/repositories/principals.ts';
import type { ServiceDeps } from './deps.ts';
import { enforceRateLimit, LOGIN_LIMIT } from './rateLimit.ts';
import { requireStrongPassword, type SignedIn, sameHash, startSession } from './support/accounts.ts';

export const SETUP_TOKEN_HOURS = 24;

const setupToken = (deps: Pick<ServiceDeps, 'cipher'>, expiresAt: Date) =>
  `kwsu_${deps.cipher.derivedSecret(`setup ${expiresAt.toISOString()}`)}`;

/**
 * The setup link to print at start, or undefined once there is an operator. An expired token is replaced by a
 * new one; a valid one is printed again.
 */
export async function prepareSetup(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'cipher' | 'publicUrl'>,
): Promise<{ link: string; expiresAt: Date } | undefined> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const installation = await lockInstallation(tx);
    if (installation.setUpAt || (await countOperators(tx)) > 0) return undefined;
    let expiresAt = installation.setupTokenExpiresAt;
    let token = expiresAt && setupToken(deps, expiresAt);
    if (
      !expiresAt ||
      !token ||
      expiresAt.getTime() <= now.getTime() ||
      !installation.setupTokenHash ||
      !sameHash(hashToken(token), installation.setupTokenHash)
    ) {
      expiresAt = new Date(now.getTime() + SETUP_TOKEN_HOURS * 3_600_000);
      token = setupToken(deps, expiresAt);
      await saveSetupToken(tx, hashToken(token), expiresAt);
    }
    return { link: `${deps.publicUrl}/setup#${token}`, expiresAt };
  });
}

/** Whether the installation still waits for its first operator (what the sign-in page tells people). */
export async function setupNeeded(deps: Pick<ServiceDeps, 'db'>): Promise<boolean> {
  return !(await isSetUp(deps.db)) && (await countOperators(deps.db)) === 0;
}

export interface CompleteSetupProps {
  token: string;
  name: string;
  email: string;
  password: string;
  clientAddress: string;
}

/** Creates the first operator and signs them in; the setup token is spent. */
export async function completeSetup(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'random' | 'sessionHours' | 'caches' | 'passwordCost'>,
  props: CompleteSetupProps,
): Promise<SignedIn> {
  const now = deps.clock.now();
  await enforceRateLimit(deps.db, `setup-address:${props.clientAddress}`, LOGIN_LIMIT, now);
  const email = props.email.trim().toLowerCase();
  const name = props.name.trim();
  // Check what can be refused before spending time on the password hash; checked again under the lock.
  await deps.db.transaction(async (tx) => checkToken(tx, props.token, now));
  requireStrongPassword(props.password, { email, name });
  const passwordHash = await hashPassword(props.password, deps.passwordCost);
  const result = await deps.db.transaction(async (tx) => {
    await checkToken(tx, props.token, now);
    if (await findPersonByEmail(tx, email))
      throw new KeywayError('conflict_state', 'Someone with this email already has an account.', { field: 'email' });
    const personId = deps.random.uuid();
    await insertPerson(tx, {
      id: personId,
      communityId: null,
      name,
      email,
      passwordHash,
      role: 'operator',
      createdAt: now,
    });
    await markSetUp(tx, now);
    await recordEvent(tx, {
      communityId: null,
      type: 'installation.set_up',
      actor: { type: 'person', id: personId },
      subject: { type: 'person', id: personId },
      data: { name },
      at: now,
    });
    const session = await startSession(tx, deps, personId, now);
    return { ...session, user: { id: personId, name, role: 'operator' as const } };
  });
  deps.caches.touch();
  return result;
}

async function checkToken(tx: Parameters<typeof lockInstallation>[0], token: string, now: Date): Promise<void> {
  const installation = await lockInstallation(tx);
  if (installation.setUpAt || (await countOperators(tx)) > 0)
    throw new KeywayError('already_set_up', 'This installation is already set up; sign in instead.');
  const valid =
    installation.setupTokenHash !== null &&
    installation.setupTokenExpiresAt !== null &&
    installation.setupTokenExpiresAt.getTime() > now.getTime() &&
    sameHash(hashToken(token), installation.setupTokenHash);
  if (!valid)
    throw new KeywayError(
      'invalid_token',
      'This setup link is not valid or has expired. Restart the server to print a new one.',
    );
}
