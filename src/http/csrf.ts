/**
 * CSRF defence beyond SameSite=Lax: a write (POST, PUT, PATCH, DELETE) authenticated by the session cookie is
 * refused with 403 cross_site_request when the browser says another site sent it — an `Origin` that is neither
 * KEYWAY_PUBLIC_URL's nor the request's own host, or, without `Origin`, `Sec-Fetch-Site: cross-site|same-site`
 * (another app on the same host is "same-site" to a browser). Clients that send neither header (curl, scripts,
 * old browsers) are let through: only browsers attach cookies on another site's behalf, and they send them.
 * Bearer tokens (API keys, sessions in an Authorization header) cannot be sent by another site, so they are not
 * checked.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { KeywayError } from '../domain/errors.ts';
import { SESSION_COOKIE } from './principalHook.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const SESSION_COOKIE_PATTERN = new RegExp(`(?:^|;)\\s*${SESSION_COOKIE}=`);

export function csrfGuard(publicUrl: string) {
  const publicOrigin = originOf(publicUrl);
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (SAFE_METHODS.has(request.method)) return;
    if (request.headers.authorization) return;
    if (!SESSION_COOKIE_PATTERN.test(request.headers.cookie ?? '')) return;
    if (isSameOrigin(request, publicOrigin)) return;
    throw new KeywayError(
      'cross_site_request',
      'This request came from another site. Open Keyway itself to make this change.',
    );
  };
}

function isSameOrigin(request: FastifyRequest, publicOrigin: string | undefined): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined) {
    if (origin === publicOrigin) return true;
    const parsed = originOf(origin);
    return parsed !== undefined && sameHost(new URL(parsed), request.host);
  }
  const site = request.headers['sec-fetch-site'];
  return site !== 'cross-site' && site !== 'same-site';
}

/** `Host: example.org:80` and `Origin: http://example.org` are the same place: compare with default ports dropped. */
function sameHost(origin: URL, host: string): boolean {
  try {
    return new URL(`${origin.protocol}//${host}`).host === origin.host;
  } catch {
    return false;
  }
}

function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}
