/** The operator's routes: communities and their first managers. Community callers get 403 here. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createCommunity } from '../../services/createCommunity.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { inviteManager } from '../../services/inviteManager.ts';
import { listCommunities } from '../../services/listCommunities.ts';
import { operatorOf } from '../principalHook.ts';
import { errorResponses, uuidParam } from '../schemas.ts';
import { communityCreateBody, communityListResponse, communityResponse } from '../wire/communities.ts';
import { invitationResponse, managerInvitationBody } from '../wire/invitations.ts';
import { presentInvitation } from './invitations.ts';

export const communitiesRoutes =
  (deps: ServiceDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/communities',
      {
        schema: {
          tags: ['operator'],
          summary: 'Every community of the installation (operators)',
          response: { 200: communityListResponse, ...errorResponses },
        },
      },
      async (request) => ({ communities: await listCommunities(deps, operatorOf(request)) }),
    );

    app.post(
      '/communities',
      {
        schema: {
          tags: ['operator'],
          summary: 'Create a community with the default code settings (operators)',
          body: communityCreateBody,
          response: { 201: communityResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const community = await createCommunity(deps, operatorOf(request), request.body);
        return reply.status(201).send({ community });
      },
    );

    app.post(
      '/communities/:id/invitations',
      {
        schema: {
          tags: ['operator'],
          summary: "Invite a community's manager by email (operators)",
          description:
            'An address that already has an account (in any community) → 409 conflict_state with a neutral message; inviting a pending manager again replaces the earlier link.',
          params: uuidParam('id'),
          body: managerInvitationBody,
          response: { 201: invitationResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const invitation = await inviteManager(deps, operatorOf(request), {
          communityId: request.params.id as string,
          email: request.body.email,
          name: request.body.name,
        });
        return reply.status(201).send({ invitation: presentInvitation(invitation) });
      },
    );
  };
