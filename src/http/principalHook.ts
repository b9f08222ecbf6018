/** Authentication for protected routes: runs before validation, so an anonymous caller always gets 401. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { KeywayError } from '../domain/errors.ts';
import { authenticate } from '../services/authenticate.ts';
import type { ServiceDeps } from '../services/deps.ts';
import type { Principal } from '../services/principal.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export const SESSION_COOKIE = 'keyway_session';

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1];
  }
  const cookie = request.headers.cookie;
  if (!cookie) return undefined;
  for (const part of cookie.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

export function principalHook(deps: Pick<ServiceDeps, 'db' | 'clock' | 'caches'>) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    request.principal = await authenticate(deps, bearerToken(request));
  };
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new KeywayError('unauthenticated', 'Sign in first.');
  return request.principal;
}
