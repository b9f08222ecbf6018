/**
 * Serves the built web app (dist/web, made by `npm run build`) at `/`, with index.html for the app's own
 * paths so a reload keeps working. API, docs and guest pages keep their own routes.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const WEB_ROOT = resolve(join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../../dist/web'));

export async function registerWebApp(app: FastifyInstance): Promise<boolean> {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: WEB_ROOT,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    // The browser must see a new service worker at once (its scope is `/`, so it is served from there).
    setHeaders: (reply, path) => {
      if (path.endsWith('/sw.js')) reply.header('cache-control', 'no-cache');
    },
  });
  return true;
}

/** For a browser asking for an app path that is not a file: the app itself. */
export function isAppNavigation(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '/';
  return (
    request.method === 'GET' &&
    !path.startsWith('/api/') &&
    !path.startsWith('/docs') &&
    !path.startsWith('/g/') &&
    !/\.[a-z0-9]+$/i.test(path) &&
    String(request.headers.accept ?? '').includes('text/html')
  );
}

export function sendApp(reply: FastifyReply): FastifyReply {
  return reply.type('text/html; charset=utf-8').sendFile('index.html', WEB_ROOT);
}
