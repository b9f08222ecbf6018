/**
 * Security headers on every answer (@fastify/helmet) and the session cookie's `Secure` flag.
 *
 * The content security policy is what the app really needs: its own scripts only (Vite builds external module
 * scripts, no inline script), inline styles (the server-rendered guest page has a <style> block; React sets
 * style attributes), images from itself or data: URLs, fetches and the live feed to itself, and no framing by
 * anyone (clickjacking). The API docs (Swagger UI) get a looser policy of their own. HSTS and
 * upgrade-insecure-requests only when KEYWAY_PUBLIC_URL is https: over plain http on a LAN they would break it.
 */
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { SESSION_COOKIE } from './principalHook.ts';

const DOCS_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; " +
  "connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

export async function registerSecurityHeaders(app: FastifyInstance, publicUrl: string): Promise<void> {
  const https = publicUrl.startsWith('https:');
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    xFrameOptions: { action: 'deny' },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/docs')) reply.header('content-security-policy', DOCS_CSP);
    if (https) secureSessionCookie(reply);
    return payload;
  });
}

/** Behind https the session cookie must never travel over plain http: add `Secure` wherever it is set or cleared. */
function secureSessionCookie(reply: FastifyReply): void {
  const current = reply.getHeader('set-cookie');
  if (current === undefined) return;
  const cookies = (Array.isArray(current) ? current : [current]).map(String);
  const secured = cookies.map((cookie) =>
    cookie.startsWith(`${SESSION_COOKIE}=`) && !/;\s*Secure\b/i.test(cookie) ? `${cookie}; Secure` : cookie,
  );
  // reply.header appends to set-cookie: remove it first so each cookie is sent once.
  reply.removeHeader('set-cookie');
  reply.header('set-cookie', secured.length === 1 ? secured[0] : secured);
}
