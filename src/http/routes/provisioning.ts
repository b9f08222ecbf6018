/** Setting up a property (managers): units and doors. The units overview (GET /units) lives in staffCodes.ts. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createAccessPoint,
  listAccessPoints,
  removeAccessPoint,
  renameAccessPoint,
} from '../../services/accessPoints.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { createUnit, removeUnit, renameUnit } from '../../services/units.ts';
import { presentAccessPoint } from '../presenters/provisioning.ts';
import { principalOf } from '../principalHook.ts';
import { errorResponses, okResponse } from '../schemas.ts';
import {
  accessPointBody,
  accessPointListResponse,
  accessPointPatchBody,
  accessPointResponse,
  unitBody,
  unitCreatedResponse,
} from '../wire/provisioning.ts';

const idParams = z.object({ id: z.string().uuid() });

export const provisioningRoutes =
  (deps: ServiceDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/units',
      {
        schema: {
          tags: ['property'],
          summary: 'Add a unit (managers)',
          description: 'A name already used in the community → 409 conflict_state.',
          body: unitBody,
          response: { 201: unitCreatedResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const unit = await createUnit(deps, principalOf(request), request.body);
        return reply.status(201).send({ unit });
      },
    );
    app.patch(
      '/units/:id',
      {
        schema: {
          tags: ['property'],
          summary: 'Rename a unit (managers)',
          params: idParams,
          body: unitBody,
          response: { 200: unitCreatedResponse, ...errorResponses },
        },
      },
      async (request) => ({ unit: await renameUnit(deps, principalOf(request), request.params.id, request.body) }),
    );
    app.delete(
      '/units/:id',
      {
        schema: {
          tags: ['property'],
          summary: 'Remove a unit (managers)',
          description: '409 conflict_state while the unit has doors or residents (past leases included).',
          params: idParams,
          response: { 200: okResponse, ...errorResponses },
        },
      },
      async (request) => {
        await removeUnit(deps, principalOf(request), request.params.id);
        return { ok: true as const };
      },
    );

    app.get(
      '/access-points',
      {
        schema: {
          tags: ['property'],
          summary: 'The community’s doors with their lock, if any (managers)',
          response: { 200: accessPointListResponse, ...errorResponses },
        },
      },
      async (request) => ({
        accessPoints: (await listAccessPoints(deps, principalOf(request))).map(presentAccessPoint),
      }),
    );
    app.post(
      '/access-points',
      {
        schema: {
          tags: ['property'],
          summary: 'Add a door: a unit door, a community door or an amenity (managers)',
          description:
            'Unit doors need `unitId`; community doors and amenities must not have one (400 invalid_request).',
          body: accessPointBody,
          response: { 201: accessPointResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const door = await createAccessPoint(deps, principalOf(request), request.body);
        return reply.status(201).send({ accessPoint: presentAccessPoint(door) });
      },
    );
    app.patch(
      '/access-points/:id',
      {
        schema: {
          tags: ['property'],
          summary: 'Rename a door (managers)',
          params: idParams,
          body: accessPointPatchBody,
          response: { 200: accessPointResponse, ...errorResponses },
        },
      },
      async (request) => ({
        accessPoint: presentAccessPoint(
          await renameAccessPoint(deps, principalOf(request), request.params.id, request.body),
        ),
      }),
    );
    app.delete(
      '/access-points/:id',
      {
        schema: {
          tags: ['property'],
          summary: 'Remove a door (managers)',
          description: '409 conflict_state while a lock is on it: remove the lock first.',
          params: idParams,
          response: { 200: okResponse, ...errorResponses },
        },
      },
      async (request) => {
        await removeAccessPoint(deps, principalOf(request), request.params.id);
        return { ok: true as const };
      },
    );
  };
