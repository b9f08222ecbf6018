/** Wire shapes of the codes integrations made through the Seam-compatible API, as the console lists them. */
import { z } from 'zod';

export const integrationCodeSchema = z
  .object({
    id: z.string(),
    name: z.string().nullable().describe('The name the integration gave the code (Seam `name`)'),
    integration: z.string().nullable().describe('The name of the API key that made it'),
    apiKeyId: z.string().nullable(),
    lockId: z.string(),
    doorName: z.string(),
    type: z.enum(['ongoing', 'time_bound']),
    startsAt: z.string().nullable(),
    endsAt: z.string().nullable(),
    oneTimeUse: z.boolean().describe('Leaves the lock at its first use'),
    status: z
      .enum(['setting', 'set', 'unset', 'removing'])
      .describe("Seam's status: unset = a time-bound code outside its window (or a used one-time code)"),
    problems: z.array(z.string()).describe('Errors and warnings in plain words (never the code)'),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'IntegrationCode' });

export const integrationCodeListResponse = z.object({ codes: z.array(integrationCodeSchema) });

export const integrationCodeResponse = z.object({ code: integrationCodeSchema });
