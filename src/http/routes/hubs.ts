/** The community's hubs (managers): register with one-time credentials, list, rename, rotate, remove. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceDeps } from '../../services/deps.ts';
import { createHub, listHubs, removeHub, renameHub, rotateHubCredentials } from '../../services/hubs.ts';
import { presentHub, presentHubOverview } from '../presenters/provisioning.ts';
import { principalOf } from '../principalHook.ts';
import { errorResponses, okResponse } from '../schemas.ts';
import { hubBody, hubIssuedResponse, hubListResponse, hubResponse } from '../wire/hubs.ts';

const idParams = z.object({ id: z.string().uuid() });
const CREDENTIALS_NOTE =
  'The password is shown once (Keyway keeps only its hash). The broker does not enforce hub credentials yet — that arrives with the next issue — but hubs should use them from the start.';

export const hubRoutes =
  (deps: ServiceDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/hubs',
      {
        schema: {
          tags: ['property'],
          summary: 'The community’s hubs: online, last seen, their locks and the locks they found (managers)',
          response: { 200: hubListResponse, ...errorResponses },
        },
      },
      async (request) => ({ hubs: (await listHubs(deps, principalOf(request))).map(presentHubOverview) }),
    );
    app.post(
      '/hubs',
      {
        schema: {
          tags: ['property'],
          summary: 'Register a hub: its MQTT credentials and the command line that starts it (managers)',
          description: CREDENTIALS_NOTE,
          body: hubBody,
          response: { 201: hubIssuedResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const issued = await createHub(deps, principalOf(request), request.body);
        return reply
          .status(201)
          .send({ hub: presentHub(issued.hub), credentials: issued.credentials, command: issued.command });
      },
    );
    app.post(
      '/hubs/:id/credentials',
      {
        schema: {
          tags: ['property'],
          summary: 'Rotate a hub’s credentials: a new password, shown once (managers)',
          description: CREDENTIALS_NOTE,
          params: idParams,
          response: { 200: hubIssuedResponse, ...errorResponses },
        },
      },
      async (request) => {
        const issued = await rotateHubCredentials(deps, principalOf(request), request.params.id);
        return { hub: presentHub(issued.hub), credentials: issued.credentials, command: issued.command };
      },
    );
    app.patch(
      '/hubs/:id',
      {
        schema: {
          tags: ['property'],
          summary: 'Rename a hub (managers)',
          params: idParams,
          body: hubBody,
          response: { 200: hubResponse, ...errorResponses },
        },
      },
      async (request) => ({
        hub: presentHub(await renameHub(deps, principalOf(request), request.params.id, request.body)),
      }),
    );
    app.delete(
      '/hubs/:id',
      {
        schema: {
          tags: ['property'],
          summary: 'Remove a hub (managers)',
          description: '409 conflict_state while locks are on it.',
          params: idParams,
          response: { 200: okResponse, ...errorResponses },
        },
      },
      async (request) => {
        await removeHub(deps, principalOf(request), request.params.id);
        return { ok: true as const };
      },
    );
  };
