/**
 * GET /metrics: Prometheus's text format, for a scraper holding METRICS_TOKEN (`bearer_token` in its scrape
 * config). Without the token the route does not exist (404), so nothing about the fleet leaks to the internet;
 * a wrong token is 401. Kept out of the OpenAPI document: it is for operators' tooling, not integrators.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { KeywayError } from '../../domain/errors.ts';

export interface MetricsEndpoint {
  token: string;
  contentType: string;
  render(): Promise<string>;
}

export const metricsRoutes =
  (metrics: MetricsEndpoint): FastifyPluginAsync =>
  async (app) => {
    const expected = digest(metrics.token);
    app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
      // The header only: a browser's session cookie is no metrics token.
      const given = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
      // Compared as digests: constant time whatever the lengths.
      if (!given || !timingSafeEqual(digest(given), expected))
        throw new KeywayError('unauthenticated', 'A valid metrics token is required.');
      reply.header('content-type', metrics.contentType);
      reply.header('cache-control', 'no-store');
      return metrics.render();
    });
  };

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
