/**
 * `/events/list` and `/events/get`: the community's events in Seam's shape (the same objects its webhooks deliver),
 * newest first. Filters as Seam's SDK sends them; filters on things Keyway does not have (access grants, ACS
 * systems, spaces…) match no event.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServiceDeps } from '../../services/deps.ts';
import { getEvent, listEvents } from '../../services/seam/seamEvents.ts';
import { seamRoute } from './seamRoute.ts';

const instant = z
  .string()
  .refine((text) => !Number.isNaN(Date.parse(text)), 'must be a date and time (ISO 8601)')
  .transform((text) => new Date(text));

/** An event in Seam's shape: these fields always, then the type's own (the payload is stored exactly as served). */
const seamEventSchema = z.looseObject({
  event_id: z.string(),
  event_type: z.string(),
  workspace_id: z.string(),
  created_at: z.string(),
  occurred_at: z.string(),
});

/** Seam filters on resources Keyway has none of: given any, nothing matches. */
const FOREIGN_FILTERS = [
  'access_grant_id',
  'access_grant_ids',
  'access_method_id',
  'access_method_ids',
  'acs_access_group_id',
  'acs_credential_id',
  'acs_encoder_id',
  'acs_entrance_id',
  'acs_system_id',
  'acs_system_ids',
  'acs_user_id',
  'connect_webview_id',
  'space_id',
  'space_ids',
  'user_identity_id',
  'customer_key',
] as const;

const listInput = z.object({
  since: instant.optional().describe('Events created after this time'),
  between: z.array(instant).length(2).optional().describe('Events created strictly between these two times'),
  device_id: z.string().optional(),
  device_ids: z.array(z.string()).optional(),
  access_code_id: z.string().optional(),
  access_code_ids: z.array(z.string()).optional(),
  event_type: z.string().optional(),
  event_types: z.array(z.string()).optional(),
  event_ids: z.array(z.string()).optional(),
  connected_account_id: z.string().optional(),
  limit: z.number().int().min(1).max(1000).optional().describe('Default 500'),
  unstable_offset: z.number().int().min(0).optional(),
  ...Object.fromEntries(FOREIGN_FILTERS.map((name) => [name, z.unknown().optional()])),
});

const both = (one: string | undefined, many: string[] | undefined) =>
  one === undefined && many === undefined ? undefined : [...(one === undefined ? [] : [one]), ...(many ?? [])];

export const seamEventRoutes = (deps: ServiceDeps) => (app: FastifyInstance) => {
  seamRoute(app, '/events/list', {
    summary: 'Events of the workspace (the community), newest first',
    sdkVerb: 'GET',
    input: listInput,
    response: { events: z.array(seamEventSchema) },
    handler: async (input, principal) => {
      const foreign = FOREIGN_FILTERS.some((name) => (input as Record<string, unknown>)[name] !== undefined);
      if (foreign) return { events: [] };
      const between = input.between as [Date, Date] | undefined;
      const events = await listEvents(deps, principal, {
        since: input.since,
        between,
        deviceIds: both(input.device_id, input.device_ids),
        accessCodeIds: both(input.access_code_id, input.access_code_ids),
        eventTypes: both(input.event_type, input.event_types),
        eventIds: input.event_ids,
        connectedAccountId: input.connected_account_id,
        limit: input.limit,
        offset: input.unstable_offset,
      });
      return { events: events as z.input<typeof seamEventSchema>[] };
    },
  });

  seamRoute(app, '/events/get', {
    summary: 'One event, by event_id (or the latest of a device and/or type)',
    sdkVerb: 'GET',
    input: z.object({
      event_id: z.string().optional(),
      device_id: z.string().optional(),
      event_type: z.string().optional(),
    }),
    response: { event: seamEventSchema },
    handler: async (input, principal) => ({
      event: (await getEvent(deps, principal, {
        eventId: input.event_id,
        deviceId: input.device_id,
        eventType: input.event_type,
      })) as z.input<typeof seamEventSchema>,
    }),
  });
};
