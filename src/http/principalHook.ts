/** Authentication for protected routes: runs before validation, so an anonymous caller always gets 401. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { KeywayError } from '../domain/errors.ts';
import { authenticate } from '../services/authenticate.ts';
import type { ServiceDeps } from '../services/deps.ts';
import type { Caller, OperatorPrincipal, Principal } from '../services/principal.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Caller;
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
    if (name === SESSION_COOKIE) return decodeCookieValue(value.join('='));
  }
  return undefined;
}

/**
 * A session token is URL-safe text; a cookie value that is not valid percent-encoding (`%`, a cut-off UTF-8
 * sequence) or is far longer than any token can only be forged, so it reads as no credentials at all (401).
 */
function decodeCookieValue(raw: string): string | undefined {
  if (raw.length > MAX_TOKEN_LENGTH) return undefined;
  try {
    const value = decodeURIComponent(raw);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: a NUL or control character is what we refuse
    return /[\u0000-\u001f\u007f]/.test(value) ? undefined : value;
  } catch {
    return undefined;
  }
}

const MAX_TOKEN_LENGTH = 512;

export function principalHook(deps: Pick<ServiceDeps, 'db' | 'clock' | 'caches'>) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    request.principal = await authenticate(deps, bearerToken(request));
  };
}

/** The community caller (person or API key) behind a request; an operator account has no community. */
export function principalOf(request: FastifyRequest): Principal {
  const caller = callerOf(request);
  if (caller.kind === 'operator')
    throw new KeywayError('forbidden', 'This is for accounts of a community; operators manage communities.');
  return caller;
}

/** The operator behind a request, or 403. */
export function operatorOf(request: FastifyRequest): OperatorPrincipal {
  const caller = callerOf(request);
  if (caller.kind !== 'operator')
    throw new KeywayError('forbidden', 'Only an operator of this installation may do that.');
  return caller;
}

export function callerOf(request: FastifyRequest): Caller {
  if (!request.principal) throw new KeywayError('unauthenticated', 'Sign in first.');
  return request.principal;
}
