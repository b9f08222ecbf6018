import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { dismissAlert, listAlerts } from '../../services/alerts.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { presentAlert } from '../presenters/alerts.ts';
import { principalOf } from '../principalHook.ts';
import { errorResponses, okResponse } from '../schemas.ts';
import { alertListResponse, alertParams } from '../wire/alerts.ts';

export const alertRoutes =
  (deps: ServiceDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/alerts',
      {
        schema: {
          tags: ['activity'],
          summary: 'Alerts of the last 24 hours no manager has dismissed, newest first (managers)',
          description:
            'Today: keypad brute force (a burst of wrong codes at one door). Each is also in the activity log and was emailed to every manager.',
          response: { 200: alertListResponse, ...errorResponses },
        },
      },
      async (request) => ({ alerts: (await listAlerts(deps, principalOf(request))).map(presentAlert) }),
    );

    app.post(
      '/alerts/:id/dismiss',
      {
        schema: {
          tags: ['activity'],
          summary: 'Dismiss an alert for every manager of the community (managers)',
          params: alertParams,
          response: { 200: okResponse, ...errorResponses },
        },
      },
      async (request) => {
        await dismissAlert(deps, principalOf(request), request.params.id);
        return { ok: true as const };
      },
    );
  };
