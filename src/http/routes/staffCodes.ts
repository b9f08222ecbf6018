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

const staffCodeSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['staff', 'vendor']),
    name: z.string(),
    code: z.string().describe('Masked (••••) except right after creation or on reveal (which is recorded)'),
    status: z.enum(['scheduled', 'active', 'used', 'expired', 'revoked']),
    startsAt: z.string().nullable(),
    endsAt: z.string().nullable(),
    doors: z.array(
      z.object({
        accessPointId: z.string(),
        name: z.string(),
        kind: z.enum(['unit_door', 'community_door', 'amenity']),
        connectivity: z.enum(['hub', 'bluetooth']),
        status: z.enum(['active', 'pending', 'failed', 'removing', 'removed']),
        reason: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'StaffCode' });

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
          response: { 200: z.object({ staffCodes: z.array(staffCodeSchema) }), ...errorResponses },
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
          body: z.strictObject({
            name: z.string().trim().min(1).max(100),
            kind: z.enum(['staff', 'vendor']),
            accessPointIds: z
              .array(z.string().uuid())
              .max(100)
              .optional()
              .describe('Default: every community door and amenity'),
            startsAt: z.string().optional(),
            endsAt: z.string().optional(),
          }),
          response: { 201: z.object({ staffCode: staffCodeSchema }), ...errorResponses },
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
          response: { 200: z.object({ staffCode: staffCodeSchema }), ...errorResponses },
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
          response: { 200: z.object({ staffCode: staffCodeSchema }), ...errorResponses },
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
          response: {
            200: z.object({
              units: z.array(
                z.object({
                  id: z.string(),
                  name: z.string(),
                  doors: z.array(z.object({ accessPointId: z.string(), name: z.string(), connectivity: z.string() })),
                  currentResidents: z.array(z.object({ personId: z.string(), name: z.string() })),
                }),
              ),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => ({ units: await listUnits(deps, principalOf(request)) }),
    );
  };
