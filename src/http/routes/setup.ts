/** First start: the setup link creates the first operator (public route: the token is the credential). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ServiceDeps } from '../../services/deps.ts';
import { completeSetup, setupNeeded } from '../../services/setup.ts';
import { errorResponses } from '../schemas.ts';
import { setupBody, setupResponse, setupStatusResponse } from '../wire/setup.ts';
import { sendSignedIn } from './accountAuth.ts';

export const setupRoutes =
  (deps: ServiceDeps, options: { demo: boolean }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/setup',
      {
        schema: {
          tags: ['sessions'],
          summary: 'Whether the installation still needs its first operator, and whether it runs the demo',
          response: { 200: setupStatusResponse },
        },
      },
      async () => ({ needed: await setupNeeded(deps), demo: options.demo }),
    );

    app.post(
      '/setup',
      {
        schema: {
          tags: ['sessions'],
          summary: 'Create the first operator with the setup link printed at first start',
          description:
            '409 already_set_up once an operator exists; 401 invalid_token for a wrong or expired token; 422 weak_password.',
          body: setupBody,
          response: { 201: setupResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const signedIn = await completeSetup(deps, { ...request.body, clientAddress: request.ip });
        return sendSignedIn(deps, reply.status(201), signedIn);
      },
    );
  };
