import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type Db, ping } from '../../store/database.ts';
import { okResponse } from '../schemas.ts';

export const healthRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/health',
      {
        schema: {
          tags: ['health'],
          summary: 'Liveness: 200 once the server accepts requests and reaches its database',
          response: { 200: okResponse },
        },
      },
      async () => {
        await ping(db);
        return { ok: true as const };
      },
    );
  };
