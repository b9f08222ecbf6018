import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listLockFleet } from '../../services/activity.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { fetchBundle, uploadReceipt } from '../../services/phoneCourier.ts';
import { receiptSchema } from '../../sync/bluetoothEnvelope.ts';
import { principalOf } from '../principalHook.ts';
import { errorResponses } from '../schemas.ts';

const fleetSchema = z
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

const lockParams = z.object({ lockId: z.string().uuid() });

export const deviceRoutes =
  (deps: ServiceDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/locks',
      {
        schema: {
          tags: ['locks'],
          summary:
            'Lock fleet health (managers and staff): online, battery, pending changes, failures, unmanaged codes',
          response: { 200: z.object({ locks: z.array(fleetSchema) }), ...errorResponses },
        },
      },
      async (request) => ({
        locks: (await listLockFleet(deps, principalOf(request))).map((l) => ({
          ...l,
          inventoryAt: l.inventoryAt?.toISOString() ?? null,
        })),
      }),
    );

    app.get(
      '/me/locks/:lockId/bundle',
      {
        schema: {
          tags: ['bluetooth courier'],
          summary: 'The sealed bundle a phone carries to a Bluetooth lock',
          description:
            'Encrypted and authenticated with the lock’s own key; the phone cannot read or alter it. Each fetch supersedes the previous bundle.',
          params: lockParams,
          response: {
            200: z.object({
              lockId: z.string(),
              counter: z.number().int(),
              sealed: z.string(),
              operations: z.number().int(),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => fetchBundle(deps, principalOf(request), request.params.lockId),
    );

    app.post(
      '/me/locks/:lockId/receipt',
      {
        schema: {
          tags: ['bluetooth courier'],
          summary: "Upload the lock's signed receipt; only a receipt makes a Bluetooth change active",
          description: 'Refused with 422 receipt_rejected when forged, replayed, or for a bundle never issued.',
          params: lockParams,
          body: receiptSchema,
          response: { 200: z.object({ ok: z.literal(true) }), ...errorResponses },
        },
      },
      async (request) => {
        await uploadReceipt(deps, principalOf(request), request.params.lockId, request.body);
        return { ok: true as const };
      },
    );
  };
