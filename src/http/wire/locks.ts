/** Wire shapes of the lock fleet (GET /locks) and the Bluetooth courier (/me/locks/{lockId}/…). */
import { z } from 'zod';

export const lockHealthSchema = z
  .object({
    lockId: z.string(),
    name: z.string(),
    kind: z.string(),
    connectivity: z.enum(['hub', 'bluetooth']),
    hubId: z.string().nullable(),
    hubName: z.string().nullable(),
    online: z.boolean(),
    reachable: z.boolean(),
    battery: z.number().int().nullable(),
    slotCount: z.number().int(),
    activeCodes: z.number().int(),
    pendingChanges: z.number().int(),
    failedChanges: z.number().int(),
    causes: z.array(z.string()).describe('Why changes are pending or failed: hub_offline, awaiting_phone, timeout, …'),
    unmanagedSlots: z.array(z.number().int()).describe('Slots holding codes Keyway did not set; never overwritten'),
    inventoryAt: z.string().nullable(),
    syncLatencyMs: z
      .object({ p50: z.number(), p95: z.number() })
      .nullable()
      .describe('Command sent → lock confirmed, over its last 100 commands (hub locks; null before any)'),
  })
  .meta({ id: 'LockHealth' });

export const lockFleetResponse = z.object({ locks: z.array(lockHealthSchema) });

export const bundleResponse = z.object({
  lockId: z.string(),
  counter: z.number().int(),
  sealed: z.string(),
  operations: z.number().int(),
});
