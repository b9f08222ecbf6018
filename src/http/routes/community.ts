import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { GUEST_TYPES } from '../../domain/communitySettings.ts';
import { getCommunitySettings, updateCommunitySettings } from '../../services/communitySettings.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { listResidents } from '../../services/listResidents.ts';
import { moveIn } from '../../services/moveIn.ts';
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

const settingsPatch = z.strictObject({
  customCodes: z.boolean().optional(),
  sixDigitCodes: z.boolean().optional(),
  blockCommonPins: z.boolean().optional(),
  guestTypes: z
    .array(z.enum(GUEST_TYPES))
    .refine((types) => new Set(types).size === types.length, 'guestTypes must not repeat a type')
    .optional(),
  deliveryCodeHours: z.number().positive().max(24 * 7).optional(),
  deliveryGraceMinutes: z.number().int().min(0).max(24 * 60).optional(),
  maxGuestCodesPerResident: z.number().int().min(0).max(1000).optional(),
  timeZone: z.string().min(1).max(64).optional(),
});

export const communityRoutes = (deps: ServiceDeps): FastifyPluginAsyncZod => async (app) => {
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
        description: 'Send only the fields to change. Existing codes keep working; new rules apply to the next change.',
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
};
