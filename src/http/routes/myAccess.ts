import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { changeMyCode } from '../../services/changeMyCode.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { getMyAccess, getMyLease } from '../../services/getMyAccess.ts';
import { pickMyCode } from '../../services/pickMyCode.ts';
import { presentCard } from '../presenters/card.ts';
import { principalOf } from '../principalHook.ts';
import { errorResponses } from '../schemas.ts';
import { cardListResponse, cardResponse, generateBody, pickBody } from '../wire/myAccess.ts';

const cardParams = z.object({ cardId: z.string().uuid() });

export const myAccessRoutes =
  (deps: ServiceDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/me/access',
      {
        schema: {
          tags: ['my access'],
          summary: "The signed-in resident's access cards (Home, Community) with per-door status",
          response: { 200: cardListResponse, ...errorResponses },
        },
      },
      async (request) => {
        const principal = principalOf(request);
        const lease = await getMyLease(deps, principal);
        const upcoming = lease?.state === 'upcoming';
        const cards = upcoming ? [] : await getMyAccess(deps, principal);
        // Residents get their lease (and, before move-in, when access starts); others just their cards.
        return {
          cards: cards.map(presentCard),
          ...(upcoming ? { accessStartsAt: lease.accessStartsAt?.toISOString() ?? null } : {}),
          ...(lease
            ? {
                lease: {
                  state: lease.state,
                  moveIn: lease.moveIn,
                  moveOut: lease.moveOut,
                  accessStartsAt: lease.accessStartsAt?.toISOString() ?? null,
                  accessEndsAt: lease.accessEndsAt?.toISOString() ?? null,
                },
              }
            : {}),
        };
      },
    );

    app.post(
      '/me/access/cards/:cardId/generate',
      {
        schema: {
          tags: ['my access'],
          summary: 'Generate a Code: a new random code for one of my cards',
          description:
            'Accepted at once (202); doors take the change over time. Generate + pick: 20 attempts per person per minute.',
          params: cardParams,
          body: generateBody,
          response: { 202: cardResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const card = await changeMyCode(deps, principalOf(request), {
          cardId: request.params.cardId,
          length: request.body.length,
        });
        return reply.status(202).send({ card: presentCard(card) });
      },
    );

    app.post(
      '/me/access/cards/:cardId/pick',
      {
        schema: {
          tags: ['my access'],
          summary: 'Pick a Code: set my own code on my Home card',
          description:
            'Only where the community enables custom codes, and never on the Community card. Refused with 422 pin_not_digits, pin_length_not_allowed, pin_repeated_digit, pin_sequential, pin_common, custom_codes_disabled or custom_code_not_allowed_here; 409 code_conflict when the code cannot be used on these doors.',
          params: cardParams,
          body: pickBody,
          response: { 202: cardResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const card = await pickMyCode(deps, principalOf(request), {
          cardId: request.params.cardId,
          code: request.body.code,
        });
        return reply.status(202).send({ card: presentCard(card) });
      },
    );
  };
