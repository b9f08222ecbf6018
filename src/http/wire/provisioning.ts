/** Wire shapes of setting up a property: units (POST/PATCH/DELETE /units) and doors (/access-points). */
import { z } from 'zod';
import { displayName } from './text.ts';

const name = displayName(120);

export const unitBody = z.object({ name });
export const unitCreatedSchema = z.object({ id: z.string(), name: z.string() }).meta({ id: 'Unit' });
export const unitCreatedResponse = z.object({ unit: unitCreatedSchema });

export const accessPointKind = z.enum(['unit_door', 'community_door', 'amenity']);

export const accessPointBody = z.object({
  name,
  kind: accessPointKind,
  unitId: z.string().uuid().optional().describe('Required for unit doors; refused for community doors and amenities'),
});
export const accessPointPatchBody = z.object({ name });

export const accessPointSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: accessPointKind,
    unitId: z.string().nullable(),
    unitName: z.string().nullable(),
    lock: z
      .object({
        id: z.string(),
        connectivity: z.enum(['hub', 'bluetooth', 'seam']),
        hubId: z.string().nullable(),
        address: z.string().nullable(),
        retiring: z.boolean().describe('Being removed: its codes are leaving it'),
      })
      .nullable(),
  })
  .meta({ id: 'AccessPoint' });

export const accessPointResponse = z.object({ accessPoint: accessPointSchema });
export const accessPointListResponse = z.object({ accessPoints: z.array(accessPointSchema) });
