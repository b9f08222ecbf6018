/** Wire shapes of staff and vendor codes (/staff-codes). */
import { z } from 'zod';
import { instantSchema } from '../schemas.ts';
import { displayName } from './text.ts';

export const staffCodeSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['staff', 'vendor']),
    name: z.string(),
    code: z.string().describe('Masked (••••) except right after creation or on reveal (which is recorded)'),
    status: z.enum(['scheduled', 'active', 'used', 'expired', 'revoked']),
    startsAt: z.string().nullable(),
    endsAt: z.string().nullable(),
    doors: z.array(
      z.object({
        accessPointId: z.string(),
        name: z.string(),
        kind: z.enum(['unit_door', 'community_door', 'amenity']),
        connectivity: z.enum(['hub', 'bluetooth', 'seam']),
        status: z.enum(['active', 'pending', 'failed', 'removing', 'removed']),
        reason: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'StaffCode' });

export const staffCodeListResponse = z.object({ staffCodes: z.array(staffCodeSchema) });

export const staffCodeResponse = z.object({ staffCode: staffCodeSchema });

export const staffCodeCreateBody = z.strictObject({
  name: displayName(100),
  kind: z.enum(['staff', 'vendor']),
  accessPointIds: z.array(z.string().uuid()).max(100).optional().describe('Default: every community door and amenity'),
  startsAt: instantSchema.optional(),
  endsAt: instantSchema.optional(),
});
