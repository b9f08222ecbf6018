/** Pieces every account use case shares: the password rule as a KeywayError, and starting a session. */
import { timingSafeEqual } from 'node:crypto';
import { KeywayError } from '../../domain/errors.ts';
import { checkPassword, type PasswordContext } from '../../domain/password/passwordRules.ts';
import { hashToken, newToken } from '../../security/tokens.ts';
import type { Executor } from '../../store/database.ts';
import { insertSession } from '../../store/repositories/principals.ts';
import type { ServiceDeps } from '../deps.ts';

/** 422 weak_password with `details.rule` (too_short, too_long, common, personal) and the minimum length. */
export function requireStrongPassword(password: string, person: PasswordContext): void {
  const result = checkPassword(password, person);
  if (!result.ok) throw new KeywayError('weak_password', result.message, { rule: result.rule, minLength: 10 });
}

export async function startSession(
  ex: Executor,
  deps: Pick<ServiceDeps, 'random' | 'sessionHours'>,
  personId: string,
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken('kws');
  const expiresAt = new Date(now.getTime() + deps.sessionHours * 3_600_000);
  await insertSession(ex, { id: deps.random.uuid(), tokenHash: hashToken(token), personId, createdAt: now, expiresAt });
  return { token, expiresAt };
}

export interface SignedIn {
  token: string;
  expiresAt: Date;
  user: { id: string; name: string; role: 'operator' | 'manager' | 'resident' | 'staff' };
}

/** Compares two token hashes in constant time. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
