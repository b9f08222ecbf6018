import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listLockFleet } from '../../services/activity.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { fetchBundle, uploadReceipt } from '../../services/phoneCourier.ts';
import { receiptSchema } from '../../sync/bluetoothEnvelope.ts';
import { principalOf } from '../principalHook.ts';
import { errorResponses, okResponse } from '../schemas.ts';
import { bundleResponse, lockFleetResponse } from '../wire/locks.ts';

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
          response: { 200: lockFleetResponse, ...errorResponses },
        },
      },
      async (request) => ({
        locks: (await listLockFleet(deps, principalOf(request))).map((l) => ({
          ...l,
          inventoryAt: l.inventoryAt?.toISOString() ?? null,
          verifiedAt: l.verifiedAt?.toISOString() ?? null,
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
          response: { 200: bundleResponse, ...errorResponses },
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
          response: { 200: okResponse, ...errorResponses },
        },
      },
      async (request) => {
        await uploadReceipt(deps, principalOf(request), request.params.lockId, request.body);
        return { ok: true as const };
      },
    );
  };
