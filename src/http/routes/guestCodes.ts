import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createGuestCode } from '../../services/createGuestCode.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { listMyGuestCodes, revokeMyGuestCode } from '../../services/guestCodes.ts';
import type { GuestCodeView } from '../../services/guestCodeView.ts';
import { principalOf } from '../principalHook.ts';
import { errorResponses, instantSchema } from '../schemas.ts';
import { guestCodeListResponse, guestCodeResponse, type guestCodeSchema } from '../wire/guestCodes.ts';
import { oneLineText, phoneNumber } from '../wire/text.ts';

const present = (g: GuestCodeView): z.infer<typeof guestCodeSchema> => ({
  id: g.id,
  type: g.type,
  name: g.name,
  code: g.code,
  status: g.status,
  startsAt: g.startsAt?.toISOString() ?? null,
  endsAt: g.endsAt?.toISOString() ?? null,
  schedule: g.schedule,
  firstUsedAt: g.firstUsedAt?.toISOString() ?? null,
  shareUrl: g.shareUrl,
  doors: g.doors.map((d) => ({
    accessPointId: d.accessPointId,
    name: d.name,
    kind: d.kind,
    connectivity: d.connectivity,
    status: d.status,
    reason: d.reason,
  })),
});

// Loose on purpose: the domain validates each field and answers with the precise code
// (a `code` key at all → guest_code_not_customizable, before anything else).
const createBody = z
  .object({
    type: z.string().optional().describe('permanent | temporary | recurring | delivery'),
    name: oneLineText.optional(),
    phone: phoneNumber.optional(),
    email: z.email().max(320).optional(),
    startsAt: instantSchema
      .optional()
      .describe('ISO-8601 with offset; temporary (required), recurring (optional range)'),
    endsAt: instantSchema.optional(),
    schedule: z.object({ days: z.array(z.string()).max(7), start: z.string(), end: z.string() }).optional(),
    accessPointIds: z.array(z.string().uuid()).max(50).optional(),
    code: z
      .unknown()
      .optional()
      .describe('Never accepted: guest codes are always generated (422 guest_code_not_customizable)'),
  })
  .passthrough();

export const guestCodeRoutes =
  (deps: ServiceDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/me/guest-codes',
      {
        schema: {
          tags: ['guest codes'],
          summary: 'My guest codes',
          response: { 200: guestCodeListResponse, ...errorResponses },
        },
      },
      async (request) => ({ guestCodes: (await listMyGuestCodes(deps, principalOf(request))).map(present) }),
    );
    app.post(
      '/me/guest-codes',
      {
        schema: {
          tags: ['guest codes'],
          summary: 'Create a guest code (always randomly generated)',
          description:
            'Refused with 422 guest_code_not_customizable when the body carries `code`, 422 guest_type_disabled when the community does not offer the type, 400 invalid_request for bad times or doors, 409 conflict_state at the cap of live guest codes.',
          body: createBody,
          response: { 201: guestCodeResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const created = await createGuestCode(
          deps,
          principalOf(request),
          request.body as Parameters<typeof createGuestCode>[2],
        );
        return reply.status(201).send({ guestCode: present(created) });
      },
    );
    app.delete(
      '/me/guest-codes/:id',
      {
        schema: {
          tags: ['guest codes'],
          summary: 'Revoke a guest code; it is removed from every lock',
          params: z.object({ id: z.string().uuid() }),
          response: { 200: guestCodeResponse, ...errorResponses },
        },
      },
      async (request) => ({
        guestCode: present(await revokeMyGuestCode(deps, principalOf(request), request.params.id)),
      }),
    );
  };
