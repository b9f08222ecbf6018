import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceDeps } from '../../services/deps.ts';
import { listUnits } from '../../services/listUnits.ts';
import {
  createStaffCode,
  listStaffCodes,
  revealStaffCode,
  revokeStaffCode,
  type StaffCodeView,
} from '../../services/staffCodes.ts';
import { principalOf } from '../principalHook.ts';
import { errorResponses } from '../schemas.ts';
import {
  staffCodeCreateBody,
  staffCodeListResponse,
  staffCodeResponse,
  type staffCodeSchema,
} from '../wire/staffCodes.ts';
import { unitListResponse } from '../wire/units.ts';

const present = (s: StaffCodeView): z.infer<typeof staffCodeSchema> => ({
  id: s.id,
  kind: s.kind,
  name: s.name,
  code: s.code,
  status: s.status,
  startsAt: s.startsAt?.toISOString() ?? null,
  endsAt: s.endsAt?.toISOString() ?? null,
  doors: s.doors.map((d) => ({
    accessPointId: d.accessPointId,
    name: d.name,
    kind: d.kind,
    connectivity: d.connectivity,
    status: d.status,
    reason: d.reason,
  })),
});

const idParams = z.object({ id: z.string().uuid() });

export const staffRoutes =
  (deps: ServiceDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/staff-codes',
      {
        schema: {
          tags: ['staff codes'],
          summary: 'Staff and vendor codes (masked)',
          response: { 200: staffCodeListResponse, ...errorResponses },
        },
      },
      async (request) => ({ staffCodes: (await listStaffCodes(deps, principalOf(request))).map(present) }),
    );
    app.post(
      '/staff-codes',
      {
        schema: {
          tags: ['staff codes'],
          summary: 'Create a staff or vendor code (managers); generated, shown once',
          body: staffCodeCreateBody,
          response: { 201: staffCodeResponse, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send({ staffCode: present(await createStaffCode(deps, principalOf(request), request.body)) }),
    );
    app.post(
      '/staff-codes/:id/reveal',
      {
        schema: {
          tags: ['staff codes'],
          summary: 'Show one staff code in full (recorded in the activity log)',
          params: idParams,
          response: { 200: staffCodeResponse, ...errorResponses },
        },
      },
      async (request) => ({ staffCode: present(await revealStaffCode(deps, principalOf(request), request.params.id)) }),
    );
    app.delete(
      '/staff-codes/:id',
      {
        schema: {
          tags: ['staff codes'],
          summary: 'Revoke a staff code',
          params: idParams,
          response: { 200: staffCodeResponse, ...errorResponses },
        },
      },
      async (request) => ({ staffCode: present(await revokeStaffCode(deps, principalOf(request), request.params.id)) }),
    );
    app.get(
      '/units',
      {
        schema: {
          tags: ['residents'],
          summary: 'Units with their doors and current residents (managers and staff)',
          response: { 200: unitListResponse, ...errorResponses },
        },
      },
      async (request) => ({ units: await listUnits(deps, principalOf(request)) }),
    );
  };
