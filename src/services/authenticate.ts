/** Turns a bearer token (session token or integrator API key) into a caller, or refuses. */
import { KeywayError } from '../domain/errors.ts';
import { hashToken } from '../security/tokens.ts';
import { deleteSession, findApiKeyPrincipal, findSessionPrincipal } from '../store/repositories/principals.ts';
import type { ServiceDeps } from './deps.ts';
import type { Caller } from './principal.ts';

export const API_KEY_PREFIX = 'kwk';
/**
 * Keys for the Seam-compatible API. Seam's SDKs take any `seam_` token as an API key unless it starts like one of
 * Seam's other tokens (`seam_at`, `seam_cst`, `seam_pk`), so a fixed `seam_kw_` start keeps every key acceptable.
 */
export const SEAM_KEY_PREFIX = 'seam_kw';

export async function authenticate(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'caches'>,
  token: string | undefined,
): Promise<Caller> {
  if (!token) throw new KeywayError('unauthenticated', 'Sign in first (Authorization: Bearer <token>).');
  const tokenHash = hashToken(token);
  const found = await deps.caches.principals.get(tokenHash, async () => {
    if (token.startsWith(`${API_KEY_PREFIX}_`) || token.startsWith(`${SEAM_KEY_PREFIX}_`)) {
      const key = await findApiKeyPrincipal(deps.db, tokenHash);
      return key
        ? {
            principal: { kind: 'api_key', apiKeyId: key.apiKeyId, communityId: key.communityId, name: key.name },
            expiresAt: null,
          }
        : null;
    }
    const session = await findSessionPrincipal(deps.db, tokenHash);
    if (!session) return null;
    const { expiresAt, personId, name, role, communityId } = session;
    if (role === 'operator' || communityId === null)
      return { principal: { kind: 'operator', personId, name }, expiresAt };
    return { principal: { kind: 'person', personId, name, role, communityId }, expiresAt };
  });
  if (found && (found.expiresAt === null || found.expiresAt.getTime() > deps.clock.now().getTime()))
    return found.principal;
  throw new KeywayError('unauthenticated', 'Your session has ended or the key is not valid. Please sign in again.');
}

export async function logout(deps: Pick<ServiceDeps, 'db'>, token: string): Promise<void> {
  await deleteSession(deps.db, hashToken(token));
}
