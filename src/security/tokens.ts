import { createHash, randomBytes } from 'node:crypto';

/** Bearer tokens are random; only their SHA-256 is stored, so a database leak gives no working token. */
export function newToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
