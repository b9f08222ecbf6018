import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type ActivityView, listActivity, wordsFor } from '../../services/activity.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { principalOf } from '../principalHook.ts';
import { errorResponses } from '../schemas.ts';
import { activityListResponse, type activitySchema } from '../wire/activity.ts';

/** `readerId`: the person the live feed sends it to, who reads entries about them in their own words. */
export const presentActivity = (a: ActivityView, readerId?: string): z.infer<typeof activitySchema> => ({
  id: a.id,
  type: a.type,
  at: a.at.toISOString(),
  ...wordsFor(a, readerId),
  doorName: a.doorName,
  holderName: a.holderName,
  lockId: a.lockId,
});

const query = z.object({
  type: z.string().max(500).optional().describe('Comma-separated event types, e.g. lock.opened,hub.offline'),
  lockId: z.string().uuid().optional(),
  before: z.coerce.number().int().positive().optional().describe('Page: entries older than this id'),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

export const activityRoutes =
  (deps: ServiceDeps): FastifyPluginAsyncZod =>
  async (app) => {
    for (const [url, scope, summary] of [
      ['/activity', 'community', 'Community activity log with filters (managers and staff)'],
      ['/me/activity', 'mine', 'Activity of my own codes and my guests’ codes'],
    ] as const) {
      app.get(
        url,
        {
          schema: {
            tags: ['activity'],
            summary,
            querystring: query,
            response: { 200: activityListResponse, ...errorResponses },
          },
        },
        async (request) => {
          const q = request.query;
          const activity = await listActivity(
            deps,
            principalOf(request),
            {
              ...(q.type
                ? {
                    types: q.type
                      .split(',')
                      .map((t) => t.trim())
                      .filter(Boolean),
                  }
                : {}),
              ...(q.lockId ? { lockId: q.lockId } : {}),
              ...(q.before ? { beforeId: q.before } : {}),
              ...(q.limit ? { limit: q.limit } : {}),
            },
            scope,
          );
          return { activity: activity.map((a) => presentActivity(a)) };
        },
      );
    }
  };
