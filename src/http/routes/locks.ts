/** Putting locks on doors and taking them off (managers). The fleet view (GET /locks) lives in devices.ts. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceDeps } from '../../services/deps.ts';
import { createLock, getLock, updateLock } from '../../services/locks.ts';
import { removeLock } from '../../services/removeLock.ts';
import { presentLock } from '../presenters/provisioning.ts';
import { principalOf } from '../principalHook.ts';
import { errorResponses } from '../schemas.ts';
import { lockCreateBody, lockDetailResponse, lockPatchBody, lockRemovalResponse, lockResponse } from '../wire/locks.ts';

const idParams = z.object({ id: z.string().uuid() });

export const lockRoutes =
  (deps: ServiceDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/locks',
      {
        schema: {
          tags: ['property'],
          summary: 'Put a lock on a door (managers)',
          description:
            'Hub locks need `hubId` and `address` (unique per hub → 409 conflict_state); Bluetooth locks need neither (Keyway makes the lock’s key); `seam` → 422 not_supported_yet. One lock per door (409). Capabilities default per connectivity, or to what the hub reported for that address.',
          body: lockCreateBody,
          response: { 201: lockResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const lock = await createLock(deps, principalOf(request), request.body);
        return reply.status(201).send({ lock: presentLock(lock) });
      },
    );
    app.get(
      '/locks/:id',
      {
        schema: {
          tags: ['property'],
          summary: 'One lock, with the progress of its removal while it is being removed (managers)',
          params: idParams,
          response: { 200: lockDetailResponse, ...errorResponses },
        },
      },
      async (request) => {
        const { lock, progress } = await getLock(deps, principalOf(request), request.params.id);
        return { lock: presentLock(lock), progress };
      },
    );
    app.patch(
      '/locks/:id',
      {
        schema: {
          tags: ['property'],
          summary: 'Change a lock’s address on its hub or its capabilities (managers)',
          params: idParams,
          body: lockPatchBody,
          response: { 200: lockResponse, ...errorResponses },
        },
      },
      async (request) => ({
        lock: presentLock(await updateLock(deps, principalOf(request), request.params.id, request.body)),
      }),
    );
    app.delete(
      '/locks/:id',
      {
        schema: {
          tags: ['property'],
          summary: 'Remove a lock: its codes leave it first, then it is deleted (managers)',
          description:
            '202 with progress while the codes are leaving the lock (call again or GET /locks/{id} to follow); 200 once deleted. `force=true` deletes at once — for a lock that is gone or unreachable, after the manager confirms.',
          params: idParams,
          querystring: z.object({ force: z.enum(['true', 'false']).optional() }),
          response: { 200: lockRemovalResponse, 202: lockRemovalResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const removal = await removeLock(deps, principalOf(request), request.params.id, {
          force: request.query.force === 'true',
        });
        return reply.status(removal.removed ? 200 : 202).send(removal);
      },
    );
  };
