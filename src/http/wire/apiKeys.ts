/** Wire shapes of the integrator API keys (/api-keys). */
import { z } from 'zod';
import { displayName } from './text.ts';

export const apiKeySchema = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    format: z.enum(['keyway', 'seam']).describe('seam: a seam_… key for the Seam-compatible API under /seam'),
    prefix: z.string().describe('First characters of the key, to tell keys apart'),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });

export const apiKeyListResponse = z.object({ apiKeys: z.array(apiKeySchema) });

export const apiKeyCreateBody = z.object({
  name: displayName(100),
  format: z
    .enum(['keyway', 'seam'])
    .default('keyway')
    .describe("keyway: a kwk_… key for /api/v1; seam: a seam_… key that Seam's SDKs accept, for /seam"),
});

/** The key itself appears only here, once. */
export const apiKeyCreatedResponse = z.object({ key: z.string(), apiKey: apiKeySchema });
