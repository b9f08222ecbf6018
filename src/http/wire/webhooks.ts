/** Wire shapes of the console's webhook endpoints (/webhooks): the same endpoints as the Seam-compatible /webhooks/*. */
import { z } from 'zod';

export const webhookSchema = z
  .object({
    id: z.string().uuid(),
    url: z.string(),
    eventTypes: z.array(z.string()).nullable().describe('Seam event types sent there; null: every type'),
    status: z.enum(['enabled', 'disabled']),
    disabledReason: z
      .string()
      .nullable()
      .describe('Why Keyway stopped sending, in words (e.g. no successful delivery for 24 hours)'),
    disabledAt: z.string().nullable(),
    failingSince: z.string().nullable().describe('Since when every attempt has failed; null when the last one worked'),
    createdAt: z.string(),
    createdBy: z
      .object({ kind: z.enum(['person', 'api_key']), name: z.string() })
      .nullable()
      .describe('The manager or the API key (integration) that registered it'),
    pendingDeliveries: z.number().int(),
    failedDeliveries: z.number().int(),
  })
  .meta({ id: 'Webhook' });

export const webhookListResponse = z.object({ webhooks: z.array(webhookSchema) });
export const webhookResponse = z.object({ webhook: webhookSchema });

export const webhookCreateBody = z.object({
  url: z.string().trim().min(1).max(2048),
  eventTypes: z
    .array(z.string().max(100))
    .max(100)
    .nullable()
    .optional()
    .describe('Seam event types, e.g. access_code.set_on_device; omitted or null: every type'),
});

/** The signing secret appears only here, once. */
export const webhookCreatedResponse = z.object({
  webhook: webhookSchema,
  secret: z.string().describe('Standard Webhooks signing secret (whsec_…), for verifying deliveries'),
});

export const webhookAttemptSchema = z.object({
  at: z.string(),
  statusCode: z.number().int().nullable().describe('The HTTP status answered; null when there was no answer'),
  error: z.string().nullable().describe('Why there was no answer (refused, timed out, address not allowed)'),
  durationMs: z.number().int(),
});

export const webhookDeliverySchema = z
  .object({
    id: z.string().uuid(),
    eventId: z.string().uuid(),
    eventType: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
    nextAttemptAt: z.string().nullable().describe('When it is tried again (pending only)'),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    attempts: z.array(webhookAttemptSchema),
  })
  .meta({ id: 'WebhookDelivery' });

export const webhookDeliveryListResponse = z.object({ deliveries: z.array(webhookDeliverySchema) });
