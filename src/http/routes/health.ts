/**
 * Liveness (/health: the process serves and reaches its database) and readiness (/health/ready: it can do its
 * work now — database, broker connection, job queue — and is not shutting down). A load balancer sends traffic
 * by readiness; an orchestrator restarts by liveness. Neither says more than which check failed.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Db, ping } from '../../store/database.ts';
import { okResponse } from '../schemas.ts';

/** What readiness asks of the running Keyway (src/app.ts). */
export interface Readiness {
  /** False from the moment shutdown begins: traffic should go elsewhere first. */
  accepting(): boolean;
  /** This process's MQTT connection is up. */
  broker(): boolean;
  /** The job queue is started (and not stopping). */
  queue(): boolean;
}

/** A database that does not answer within this is as good as down for a request. */
const DATABASE_CHECK_MS = 3_000;

const check = z.enum(['ok', 'failed']).meta({ description: '`failed` says which dependency is not usable' });
const readinessResponse = z
  .object({
    ready: z.boolean(),
    draining: z.boolean().describe('True once shutdown has begun: the process finishes its work, takes no more'),
    checks: z.object({ database: check, broker: check, queue: check }),
  })
  .meta({ id: 'Readiness' });

export const healthRoutes =
  (db: Db, readiness?: Readiness): FastifyPluginAsyncZod =>
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

    app.get(
      '/health/ready',
      {
        schema: {
          tags: ['health'],
          summary: 'Readiness: 200 when the database answers, the broker is connected and the job queue runs',
          description:
            'For load balancers: 503 while any check fails or once the process is shutting down (`draining`); ' +
            'the body names the failed check, nothing more.',
          response: { 200: readinessResponse, 503: readinessResponse },
        },
      },
      async (_request, reply) => {
        const database = await databaseAnswers(db);
        const checks = {
          database: database ? ('ok' as const) : ('failed' as const),
          broker: (readiness?.broker() ?? true) ? ('ok' as const) : ('failed' as const),
          queue: (readiness?.queue() ?? true) ? ('ok' as const) : ('failed' as const),
        };
        const draining = readiness ? !readiness.accepting() : false;
        const ready = !draining && Object.values(checks).every((state) => state === 'ok');
        return reply.code(ready ? 200 : 503).send({ ready, draining, checks });
      },
    );
  };

async function databaseAnswers(db: Db): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), DATABASE_CHECK_MS);
  });
  try {
    return await Promise.race([ping(db).then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
