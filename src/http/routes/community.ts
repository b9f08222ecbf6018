import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { GUEST_TYPES } from '../../domain/communitySettings.ts';
import { getCommunitySettings, updateCommunitySettings } from '../../services/communitySettings.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { listResidents } from '../../services/listResidents.ts';
import { presentResident, residentSchema } from '../presenters/resident.ts';
import { presentSettings, settingsSchema } from '../presenters/settings.ts';
import { principalOf } from '../principalHook.ts';
import { errorResponses } from '../schemas.ts';

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
};
