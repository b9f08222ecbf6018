/** Wire shapes of the community's hubs (/hubs): registration with one-time credentials, and the overview. */
import { z } from 'zod';
import { displayName } from './text.ts';

export const hubBody = z.object({ name: displayName(120) });

export const hubSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    online: z.boolean(),
    lastSeenAt: z.string().nullable(),
    username: z.string().nullable().describe('The hub’s MQTT username'),
    credentialsIssuedAt: z.string().nullable(),
  })
  .meta({ id: 'Hub' });

export const hubCredentialsSchema = z.object({
  mqttUrl: z.string().describe('Broker URL with the hub’s username and password in it'),
  username: z.string(),
  password: z.string().describe('Shown once; Keyway keeps only a hash'),
});

export const hubIssuedResponse = z.object({
  hub: hubSchema,
  credentials: hubCredentialsSchema,
  command: z.string().describe('The exact command line that starts the hub agent with these credentials'),
});

export const hubResponse = z.object({ hub: hubSchema });

export const hubOverviewSchema = hubSchema
  .extend({
    lockCount: z.number().int(),
    locks: z.array(z.object({ lockId: z.string(), address: z.string().nullable(), doorName: z.string() })),
    discovered: z
      .array(
        z.object({
          address: z.string(),
          capabilities: z.record(z.string(), z.unknown()),
          firstSeenAt: z.string(),
          lastSeenAt: z.string(),
        }),
      )
      .describe('Locks the hub reported that no door uses yet'),
  })
  .meta({ id: 'HubOverview' });

export const hubListResponse = z.object({ hubs: z.array(hubOverviewSchema) });
