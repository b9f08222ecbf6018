/** Wire shapes of the manager console's alerts (GET /alerts, POST /alerts/{id}/dismiss). */
import { z } from 'zod';

export const alertSchema = z
  .object({
    id: z.number().int().describe('The alert’s event id (the same entry is in the activity log)'),
    type: z.enum(['lock.keypad_brute_force']),
    at: z.string(),
    text: z.string().describe('What happened, in plain words; never a code that was typed'),
    doorName: z.string().nullable(),
    lockId: z.string().nullable(),
    wrongCodes: z.number().int().nullable(),
    windowMinutes: z.number().int().nullable(),
    lockoutMinutes: z
      .number()
      .int()
      .nullable()
      .describe('How long Keyway locked the keypad out; null when the lock cannot lock its keypad out'),
  })
  .meta({ id: 'Alert' });

export const alertListResponse = z.object({ alerts: z.array(alertSchema) });

export const alertParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
