/** A manager invites residents, managers and staff of their community. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { ServiceDeps } from '../../services/deps.ts';
import { invitePerson } from '../../services/invitePerson.ts';
import type { InvitationView } from '../../services/support/invitation.ts';
import { principalOf } from '../principalHook.ts';
import { errorResponses } from '../schemas.ts';
import { invitationBody, invitationResponse, type invitationSchema } from '../wire/invitations.ts';

export const presentInvitation = (i: InvitationView): z.infer<typeof invitationSchema> => ({
  personId: i.personId,
  email: i.email,
  name: i.name,
  role: i.role,
  expiresAt: i.expiresAt.toISOString(),
});

export const invitationRoutes =
  (deps: ServiceDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/invitations',
      {
        schema: {
          tags: ['residents'],
          summary: 'Invite someone to the community by email (managers and API keys)',
          description:
            'A resident needs unitId and moveIn; they exist at once (lease and cards), and sign in after choosing a password with the link (72 h, single use). An address that already has an account, here or in another community, → 409 conflict_state with the same neutral message; inviting a pending person again replaces the earlier link.',
          body: invitationBody,
          response: { 201: invitationResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const invitation = await invitePerson(deps, principalOf(request), request.body);
        return reply.status(201).send({ invitation: presentInvitation(invitation) });
      },
    );
  };
