import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getCommunitySettings, updateCommunitySettings } from '../../services/communitySettings.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { listResidents } from '../../services/listResidents.ts';
import { moveIn } from '../../services/moveIn.ts';
import { moveOut, moveOutProgress, type RemovalView } from '../../services/moveOut.ts';
import { updateLease } from '../../services/updateLease.ts';
import { presentResident } from '../presenters/resident.ts';
import { presentSettings } from '../presenters/settings.ts';
import { principalOf } from '../principalHook.ts';
import { errorResponses } from '../schemas.ts';
import {
  leasePatchBody,
  moveInBody,
  moveOutResponse,
  removalListResponse,
  type removalSchema,
  residentListResponse,
  residentResponse,
  settingsPatchBody,
  settingsResponse,
} from '../wire/community.ts';

const presentRemoval = (r: RemovalView): z.infer<typeof removalSchema> => ({
  lockId: r.lockId,
  doorName: r.doorName,
  connectivity: r.connectivity,
  status: r.status,
  reason: r.reason,
  ownCodesLeft: r.ownCodesLeft,
  guestCodesLeft: r.guestCodesLeft,
  waitingSince: r.waitingSince?.toISOString() ?? null,
});
const residentParams = z.object({ id: z.string().uuid() });

export const communityRoutes =
  (deps: ServiceDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/community/settings',
      {
        schema: {
          tags: ['community'],
          summary: "The community's code rules (any signed-in member)",
          response: { 200: settingsResponse, ...errorResponses },
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
          body: settingsPatchBody,
          response: { 200: settingsResponse, ...errorResponses },
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
          response: { 200: residentListResponse, ...errorResponses },
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
          response: { 201: residentResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const resident = await moveIn(deps, principalOf(request), request.body);
        return reply.status(201).send({ resident: presentResident(resident) });
      },
    );

    app.patch(
      '/residents/:id',
      {
        schema: {
          tags: ['residents'],
          summary: "Change a resident's lease dates (managers)",
          description:
            "Access starts at the start of the move-in day and ends on the move-out day at the community's moveOutTime (end of day by default); the locks follow by themselves at those instants. A later move-out (renewal) changes nothing on the locks; a move-out whose time has already come ends access now, as the Move out button does.",
          params: residentParams,
          body: leasePatchBody,
          response: { 200: residentResponse, ...errorResponses },
        },
      },
      async (request) => ({
        resident: presentResident(await updateLease(deps, principalOf(request), request.params.id, request.body)),
      }),
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
          response: { 200: moveOutResponse, ...errorResponses },
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
          response: { 200: removalListResponse, ...errorResponses },
        },
      },
      async (request) => ({
        removals: (await moveOutProgress(deps, principalOf(request), request.params.id)).map(presentRemoval),
      }),
    );
  };
