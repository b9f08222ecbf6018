/** Wire shapes of the lock fleet (GET /locks) and the Bluetooth courier (/me/locks/{lockId}/…). */
import { z } from 'zod';

export const lockHealthSchema = z
  .object({
    lockId: z.string(),
    name: z.string(),
    kind: z.string(),
    connectivity: z.enum(['hub', 'bluetooth', 'seam']),
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
    verifiedAt: z
      .string()
      .nullable()
      .describe('When the lock last proved which codes it holds (a full read-back); null: never, or it cannot'),
    verification: z
      .enum(['verified', 'stale', 'never', 'unverifiable'])
      .describe(
        'verified: read back within two verification intervals; stale: not since; never: no read yet; unverifiable: the lock cannot read codes back (it is still read for occupancy)',
      ),
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

const capabilitiesSchema = z.object({
  codeLengths: z
    .array(z.number().int().min(4).max(8))
    .min(1)
    .max(5)
    .describe('PIN lengths the keypad accepts (4–8 digits)'),
  slotCount: z.number().int().min(1).max(1000).describe('How many user codes the lock holds'),
  nativeSchedules: z.boolean().describe('The lock enforces time windows itself'),
  readableCodes: z.boolean().describe('The lock can read back which PIN is in a slot'),
});

export const lockCreateBody = z.object({
  accessPointId: z.string().uuid(),
  connectivity: z.enum(['hub', 'bluetooth', 'seam']),
  hubId: z.string().uuid().optional().describe('Hub locks: the hub that drives the lock'),
  address: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits, - _ . : only')
    .optional()
    .describe('Hub locks: the lock’s id on its hub (a Z-Wave node id, a simulated lock’s name)'),
  capabilities: capabilitiesSchema.partial().optional(),
});

export const lockPatchBody = z.object({
  address: lockCreateBody.shape.address,
  capabilities: capabilitiesSchema.partial().optional(),
});

export const lockSchema = z
  .object({
    id: z.string(),
    accessPointId: z.string(),
    connectivity: z.enum(['hub', 'bluetooth', 'seam']),
    hubId: z.string().nullable(),
    address: z.string().nullable(),
    capabilities: capabilitiesSchema,
    retiring: z.boolean(),
  })
  .meta({ id: 'Lock' });

export const lockResponse = z.object({ lock: lockSchema });

export const removalProgressSchema = z.object({
  total: z.number().int().describe('Codes that were on the lock or on their way to it'),
  removed: z.number().int().describe('Of those, how many the lock confirmed gone'),
});

export const lockDetailResponse = z.object({ lock: lockSchema, progress: removalProgressSchema.nullable() });

export const lockRemovalResponse = z.object({
  lockId: z.string(),
  removed: z.boolean().describe('True once the lock is deleted; false while its codes are leaving it'),
  progress: removalProgressSchema,
});
