/** Wire shapes of the operator's communities (/communities). */
import { z } from 'zod';
import { displayName } from './text.ts';

export const communitySchema = z
  .object({ id: z.string().uuid(), name: z.string(), timeZone: z.string().describe('IANA time zone') })
  .meta({ id: 'Community' });

export const communityCreateBody = z.object({
  name: displayName(100),
  timeZone: z.string().trim().min(1).max(64).describe('IANA time zone, e.g. America/New_York'),
});

export const communityResponse = z.object({ community: communitySchema });
export const communityListResponse = z.object({ communities: z.array(communitySchema) });
