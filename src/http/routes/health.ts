import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Db, ping } from '../../store/database.ts';

export const healthRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/health',
      {
        schema: {
          tags: ['health'],
          summary: 'Liveness: 200 once the server accepts requests and reaches its database',
          response: { 200: z.object({ ok: z.literal(true) }) },
        },
      },
      async () => {
        await ping(db);
        return { ok: true as const };
      },
    );
  };
