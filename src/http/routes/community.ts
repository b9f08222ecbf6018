import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { GUEST_TYPES } from '../../domain/communitySettings.ts';
import { getCommunitySettings, updateCommunitySettings } from '../../services/communitySettings.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { listResidents } from '../../services/listResidents.ts';
import { moveIn } from '../../services/moveIn.ts';
import { moveOut, moveOutProgress, type RemovalView } from '../../services/moveOut.ts';
import { presentResident, residentSchema } from '../presenters/resident.ts';
import { presentSettings, settingsSchema } from '../presenters/settings.ts';
import { principalOf } from '../principalHook.ts';
import { errorResponses } from '../schemas.ts';

const isoDate = z.iso.date().describe('YYYY-MM-DD in the community time zone');
const moveInBody = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.email().max(320),
  unit: z.string().trim().min(1).max(50).describe('Unit name, e.g. "101"'),
  moveIn: isoDate,
  moveOut: isoDate.nullable().optional(),
  password: z.string().min(8).max(1024).optional().describe('Initial password for the resident app'),
});

const removalSchema = z
  .object({
    lockId: z.string(),
    doorName: z.string(),
    connectivity: z.enum(['hub', 'bluetooth']),
    status: z.enum(['removing', 'removed', 'failed']),
    reason: z.string().nullable().describe('Why a lock has not let go yet: hub_offline, awaiting_phone, timeout, …'),
  })
  .meta({ id: 'Removal' });
const presentRemoval = (r: RemovalView): z.infer<typeof removalSchema> => ({
  lockId: r.lockId,
  doorName: r.doorName,
  connectivity: r.connectivity,
  status: r.status,
  reason: r.reason,
});
const residentParams = z.object({ id: z.string().uuid() });

const settingsPatch = z.strictObject({
  customCodes: z.boolean().optional(),
  sixDigitCodes: z.boolean().optional(),
  blockCommonPins: z.boolean().optional(),
  guestTypes: z
    .array(z.enum(GUEST_TYPES))
    .refine((types) => new Set(types).size === types.length, 'guestTypes must not repeat a type')
    .optional(),
  deliveryCodeHours: z
    .number()
    .positive()
    .max(24 * 7)
    .optional(),
  deliveryGraceMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .optional(),
  deliveryToUnitDoors: z.boolean().optional(),
  maxGuestCodesPerResident: z.number().int().min(0).max(1000).optional(),
  timeZone: z.string().min(1).max(64).optional(),
});

export const communityRoutes =
  (deps: ServiceDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/community/settings',
      {
        schema: {
          tags: ['community'],
          summary: "The community's code rules (any signed-in member)",
          response: { 200: z.object({ settings: settingsSchema }), ...errorResponses },
        },
      },
      async (request) => ({ settings: presentSettings(await getCommunitySettings(deps, principalOf(request))) }),
    );

    app.patch(
      '/community/settings',
      {
        schema: {
          tags: ['community'],
          summary: "Change the community's code rules (managers)",
          description:
            'Send only the fields to change. Existing codes keep working; new rules apply to the next change.',
          body: settingsPatch,
          response: { 200: z.object({ settings: settingsSchema }), ...errorResponses },
        },
      },
      async (request) => ({
        settings: presentSettings(await updateCommunitySettings(deps, principalOf(request), request.body)),
      }),
    );

    app.get(
      '/residents',
      {
        schema: {
          tags: ['residents'],
          summary: 'Residents of the community with their lease status (managers and staff)',
          response: { 200: z.object({ residents: z.array(residentSchema) }), ...errorResponses },
        },
      },
      async (request) => ({ residents: (await listResidents(deps, principalOf(request))).map(presentResident) }),
    );

    app.post(
      '/residents',
      {
        schema: {
          tags: ['residents'],
          summary: 'Move in a resident (managers): creates their sign-in and their Home and Community cards',
          body: moveInBody,
          response: { 201: z.object({ resident: residentSchema }), ...errorResponses },
        },
      },
      async (request, reply) => {
        const resident = await moveIn(deps, principalOf(request), request.body);
        return reply.status(201).send({ resident: presentResident(resident) });
      },
    );

    app.post(
      '/residents/:id/move-out',
      {
        schema: {
          tags: ['residents'],
          summary:
            'Move out a resident (managers): revoke every code they and their guests hold and remove it from every lock',
          description:
            'Answers at once with the removal per lock; unreachable locks are listed with the cause. Follow progress with GET /residents/{id}/removals.',
          params: residentParams,
          response: {
            200: z.object({
              residentId: z.string(),
              moveOut: z.string(),
              revokedCodes: z.number().int(),
              removals: z.array(removalSchema),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const result = await moveOut(deps, principalOf(request), request.params.id);
        return { ...result, removals: result.removals.map(presentRemoval) };
      },
    );

    app.get(
      '/residents/:id/removals',
      {
        schema: {
          tags: ['residents'],
          summary: "Progress of removing a moved-out resident's codes, per lock",
          params: residentParams,
          response: { 200: z.object({ removals: z.array(removalSchema) }), ...errorResponses },
        },
      },
      async (request) => ({
        removals: (await moveOutProgress(deps, principalOf(request), request.params.id)).map(presentRemoval),
      }),
    );
  };
