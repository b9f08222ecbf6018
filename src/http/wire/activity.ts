/** Wire shapes of the activity log (GET /activity, GET /me/activity, and the live feed's `activity` events). */
import { z } from 'zod';

export const activitySchema = z
  .object({
    id: z.number().int(),
    type: z.string(),
    at: z.string(),
    text: z
      .string()
      .describe(
        'What happened and where, in plain words; no time (see `at`). "Your code …" when it is about the reader',
      ),
    who: z
      .string()
      .nullable()
      .describe(
        'Who acted: a person ("You" for the reader), an API key, "Keyway"; for a keypad use, whose code it was',
      ),
    onBehalfOf: z.string().nullable().describe('The resident a guest code belongs to, when someone else is `who`'),
    doorName: z.string().nullable(),
    holderName: z.string().nullable(),
    lockId: z.string().nullable(),
  })
  .meta({ id: 'Activity' });

export const activityListResponse = z.object({ activity: z.array(activitySchema) });
