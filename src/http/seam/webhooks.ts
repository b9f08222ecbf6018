/**
 * `/webhooks/create | list | get | update | delete`: the community's webhook endpoints, the same rows the console
 * shows. Shaped like Seam's (webhook_id, url, event_types, secret, created_at; Seam shows the secret on get too);
 * Keyway adds whether the endpoint is enabled and why not under `keyway`.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { KEYWAY_SEAM_EVENT_TYPES } from '../../domain/seam/seamEventMapping.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  updateWebhookEventTypes,
  type WebhookEndpointView,
} from '../../services/seam/webhookEndpoints.ts';
import { seamRoute } from './seamRoute.ts';

const webhookSchema = z.object({
  webhook_id: z.string(),
  url: z.string(),
  event_types: z.array(z.string()).describe('Without a filter: every type Keyway sends'),
  secret: z.string().describe('The Standard Webhooks signing secret (whsec_…)'),
  created_at: z.string(),
  keyway: z.object({
    status: z.enum(['enabled', 'disabled']),
    disabled_reason: z
      .string()
      .nullable()
      .describe('Why Keyway stopped sending (e.g. no successful delivery for 24 h)'),
    failing_since: z.string().nullable(),
  }),
});

const present = (endpoint: WebhookEndpointView, secret: string): z.input<typeof webhookSchema> => ({
  webhook_id: endpoint.id,
  url: endpoint.url,
  event_types: endpoint.eventTypes ?? [...KEYWAY_SEAM_EVENT_TYPES],
  secret,
  created_at: endpoint.createdAt.toISOString(),
  keyway: {
    status: endpoint.status,
    disabled_reason: endpoint.disabledReason,
    failing_since: endpoint.failingSince?.toISOString() ?? null,
  },
});

const webhookId = z.object({ webhook_id: z.string().min(1) });

export const seamWebhookRoutes = (deps: ServiceDeps) => (app: FastifyInstance) => {
  seamRoute(app, '/webhooks/create', {
    summary: 'Register a webhook endpoint (http/https; private addresses only where the operator allows them)',
    sdkVerb: 'POST',
    input: z.object({
      url: z.string().min(1).max(2048),
      event_types: z.array(z.string().max(100)).max(200).optional().describe('Omitted or ["*"]: every type'),
    }),
    response: { webhook: webhookSchema },
    handler: async (input, principal) => {
      const { endpoint, secret } = await createWebhookEndpoint(deps, principal, {
        url: input.url,
        eventTypes: input.event_types,
      });
      return { webhook: present(endpoint, secret) };
    },
  });

  seamRoute(app, '/webhooks/list', {
    summary: 'The workspace’s webhook endpoints',
    sdkVerb: 'GET',
    input: z.object({}),
    response: { webhooks: z.array(webhookSchema) },
    handler: async (_input, principal) => ({
      webhooks: (await listWebhookEndpoints(deps, principal, { withSecrets: true })).map((e) =>
        present(e, e.secret as string),
      ),
    }),
  });

  seamRoute(app, '/webhooks/get', {
    summary: 'One webhook endpoint',
    sdkVerb: 'GET',
    input: webhookId,
    response: { webhook: webhookSchema },
    handler: async (input, principal) => {
      const endpoint = await getWebhookEndpoint(deps, principal, input.webhook_id, { withSecret: true });
      return { webhook: present(endpoint, endpoint.secret as string) };
    },
  });

  seamRoute(app, '/webhooks/update', {
    summary: 'Change the event types an endpoint receives',
    sdkVerb: 'PUT',
    input: webhookId.extend({ event_types: z.array(z.string().max(100)).max(200) }),
    response: {},
    handler: async (input, principal) => {
      await updateWebhookEventTypes(deps, principal, input.webhook_id, input.event_types);
      return {};
    },
  });

  seamRoute(app, '/webhooks/delete', {
    summary: 'Delete a webhook endpoint (what is still queued for it is dropped)',
    sdkVerb: 'DELETE',
    input: webhookId,
    response: {},
    handler: async (input, principal) => {
      await deleteWebhookEndpoint(deps, principal, input.webhook_id);
      return {};
    },
  });
};
