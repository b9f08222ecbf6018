import { createHash, randomBytes } from 'node:crypto';
import { witnessSecret } from './testSecretSink.ts';

/** Bearer tokens are random; only their SHA-256 is stored, so a database leak gives no working token. */
export function newToken(prefix: string): string {
  const secret = randomBytes(32).toString('base64url');
  witnessSecret('secret', secret);
  return `${prefix}_${secret}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
