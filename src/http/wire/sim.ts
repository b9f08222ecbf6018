/** Wire shapes of the simulated world (/sim, demo mode only). */
import { z } from 'zod';
import { receiptSchema, sealedBundleSchema } from '../../sync/bluetoothEnvelope.ts';

export const simLockSchema = z
  .object({
    lockId: z.string(),
    accessPointId: z.string(),
    hubId: z.string().nullable(),
    name: z.string(),
    connectivity: z.enum(['hub', 'bluetooth']),
    online: z.boolean(),
  })
  .meta({ id: 'SimLock' });

export const simLockListResponse = z.object({ locks: z.array(simLockSchema) });

export const simLockSlotsResponse = z.object({
  lockId: z.string(),
  slots: z.array(z.object({ slot: z.number().int(), code: z.string() })),
});

export const keypadResponse = z.object({ unlocked: z.boolean() });

export const phoneNearbyResponse = z.object({ delivered: z.number().int() });

/** A Bluetooth handover: the sealed bundle in (as fetched from /me/locks/{lockId}/bundle), the lock's receipt out. */
export const handoverBody = sealedBundleSchema;
export const handoverResponse = receiptSchema;

export const hubOnlineResponse = z.object({ hubId: z.string(), online: z.boolean() });

export const simClockResponse = z.object({ now: z.string() });

export const wipeResponse = z.object({ lockId: z.string(), slots: z.number().int().describe('Codes left: 0') });

export const tamperBody = z.object({
  slot: z.number().int().min(1).max(1000),
  code: z.string().regex(/^[0-9]{4,8}$/, 'a code is 4 to 8 digits'),
});

export const tamperResponse = z.object({ lockId: z.string(), slot: z.number().int() });
