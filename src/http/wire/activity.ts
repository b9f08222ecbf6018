/** Wire shapes of the activity log (GET /activity, GET /me/activity, and the live feed's `activity` events). */
import { z } from 'zod';

export const activitySchema = z
  .object({
    id: z.number().int(),
    type: z.string(),
    at: z.string(),
    text: z.string().describe('What happened, in plain words, times in the community time zone'),
    doorName: z.string().nullable(),
    holderName: z.string().nullable(),
    lockId: z.string().nullable(),
  })
  .meta({ id: 'Activity' });

export const activityListResponse = z.object({ activity: z.array(activitySchema) });
