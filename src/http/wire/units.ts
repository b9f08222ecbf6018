/** Wire shapes of the community's units (GET /units). */
import { z } from 'zod';

export const unitSchema = z.object({
  id: z.string(),
  name: z.string(),
  doors: z.array(z.object({ accessPointId: z.string(), name: z.string(), connectivity: z.string() })),
  currentResidents: z.array(z.object({ personId: z.string(), name: z.string() })),
});

export const unitListResponse = z.object({ units: z.array(unitSchema) });
