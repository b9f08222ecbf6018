import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type ApiKeyView, createApiKey, listApiKeys, revokeApiKey } from '../../services/apiKeys.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { principalOf } from '../principalHook.ts';
import { errorResponses, okResponse } from '../schemas.ts';
import { apiKeyCreateBody, apiKeyCreatedResponse, apiKeyListResponse, type apiKeySchema } from '../wire/apiKeys.ts';

const present = (k: ApiKeyView): z.infer<typeof apiKeySchema> => ({
  id: k.id,
  name: k.name,
  format: k.format,
  prefix: k.prefix,
  createdAt: k.createdAt.toISOString(),
  revokedAt: k.revokedAt?.toISOString() ?? null,
});

export const apiKeyRoutes =
  (deps: ServiceDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api-keys',
      {
        schema: {
          tags: ['integrations'],
          summary: "The community's integrator API keys (managers)",
          response: { 200: apiKeyListResponse, ...errorResponses },
        },
      },
      async (request) => ({ apiKeys: (await listApiKeys(deps, principalOf(request))).map(present) }),
    );

    app.post(
      '/api-keys',
      {
        schema: {
          tags: ['integrations'],
          summary: 'Create an API key (managers); the key is shown only in this response',
          body: apiKeyCreateBody,
          response: { 201: apiKeyCreatedResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const created = await createApiKey(deps, principalOf(request), {
          name: request.body.name,
          format: request.body.format,
        });
        return reply.status(201).send({ key: created.key, apiKey: present(created.apiKey) });
      },
    );

    app.delete(
      '/api-keys/:id',
      {
        schema: {
          tags: ['integrations'],
          summary: 'Revoke an API key (managers)',
          params: z.object({ id: z.string().uuid() }),
          response: { 200: okResponse, ...errorResponses },
        },
      },
      async (request) => {
        await revokeApiKey(deps, principalOf(request), request.params.id);
        return { ok: true as const };
      },
    );
  };
