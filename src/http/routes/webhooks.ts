/**
 * Webhook endpoints in the console (managers and API keys): register (the signing secret is shown once), list with
 * their health, delete, enable again after Keyway disabled one, and the recent deliveries with every attempt.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { ServiceDeps } from '../../services/deps.ts';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  enableWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  type WebhookEndpointView,
} from '../../services/seam/webhookEndpoints.ts';
import type { DeliveryListRow } from '../../store/repositories/webhooks.ts';
import { principalOf } from '../principalHook.ts';
import { errorResponses, okResponse, uuidParam } from '../schemas.ts';
import {
  webhookCreateBody,
  webhookCreatedResponse,
  webhookDeliveryListResponse,
  type webhookDeliverySchema,
  webhookListResponse,
  webhookResponse,
  type webhookSchema,
} from '../wire/webhooks.ts';

const iso = (at: Date | null) => at?.toISOString() ?? null;

const present = (w: WebhookEndpointView): z.infer<typeof webhookSchema> => ({
  id: w.id,
  url: w.url,
  eventTypes: w.eventTypes,
  status: w.status,
  disabledReason: w.disabledReason,
  disabledAt: iso(w.disabledAt),
  failingSince: iso(w.failingSince),
  createdAt: w.createdAt.toISOString(),
  createdBy: w.createdBy,
  pendingDeliveries: w.pendingDeliveries,
  failedDeliveries: w.failedDeliveries,
});

const presentDelivery = (d: DeliveryListRow): z.infer<typeof webhookDeliverySchema> => ({
  id: d.id,
  eventId: d.seamEventId,
  eventType: d.eventType,
  status: d.status,
  createdAt: d.createdAt.toISOString(),
  deliveredAt: iso(d.deliveredAt),
  nextAttemptAt: d.status === 'pending' ? iso(d.nextAttemptAt) : null,
  lastStatusCode: d.lastStatusCode,
  lastError: d.lastError,
  attempts: d.attempts.map((a) => ({
    at: a.at.toISOString(),
    statusCode: a.statusCode,
    error: a.error,
    durationMs: a.durationMs,
  })),
});

const tags = ['integrations'];

export const webhookRoutes =
  (deps: ServiceDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/webhooks',
      {
        schema: {
          tags,
          summary: "The community's webhook endpoints and their health (managers and API keys)",
          response: { 200: webhookListResponse, ...errorResponses },
        },
      },
      async (request) => ({ webhooks: (await listWebhookEndpoints(deps, principalOf(request))).map(present) }),
    );

    app.post(
      '/webhooks',
      {
        schema: {
          tags,
          summary: 'Register a webhook endpoint; its signing secret is shown only in this response',
          description:
            'Events in Seam’s shapes, signed the Standard Webhooks way. `422 url_not_allowed` for a URL that is not ' +
            'http(s), carries credentials, or reaches a private address (unless the operator allows those).',
          body: webhookCreateBody,
          response: { 201: webhookCreatedResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const created = await createWebhookEndpoint(deps, principalOf(request), {
          url: request.body.url,
          eventTypes: request.body.eventTypes,
        });
        return reply.status(201).send({ webhook: present(created.endpoint), secret: created.secret });
      },
    );

    app.delete(
      '/webhooks/:id',
      {
        schema: {
          tags,
          summary: 'Delete a webhook endpoint (what is still queued for it is dropped)',
          params: uuidParam('id'),
          response: { 200: okResponse, ...errorResponses },
        },
      },
      async (request) => {
        await deleteWebhookEndpoint(deps, principalOf(request), request.params.id as string);
        return { ok: true as const };
      },
    );

    app.post(
      '/webhooks/:id/enable',
      {
        schema: {
          tags,
          summary: 'Enable a webhook endpoint again after Keyway disabled it; what is queued goes again at once',
          params: uuidParam('id'),
          response: { 200: webhookResponse, ...errorResponses },
        },
      },
      async (request) => ({
        webhook: present(await enableWebhookEndpoint(deps, principalOf(request), request.params.id as string)),
      }),
    );

    app.get(
      '/webhooks/:id/deliveries',
      {
        schema: {
          tags,
          summary: 'The endpoint’s recent deliveries (newest first), each with its attempts',
          params: uuidParam('id'),
          response: { 200: webhookDeliveryListResponse, ...errorResponses },
        },
      },
      async (request) => ({
        deliveries: (await listWebhookDeliveries(deps, principalOf(request), request.params.id as string)).map(
          presentDelivery,
        ),
      }),
    );
  };
