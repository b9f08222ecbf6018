import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type ApiKeyView, createApiKey, listApiKeys, revokeApiKey } from '../../services/apiKeys.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { principalOf } from '../principalHook.ts';
import { errorResponses } from '../schemas.ts';

const apiKeySchema = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    prefix: z.string().describe('First characters of the key, to tell keys apart'),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });

const present = (k: ApiKeyView): z.infer<typeof apiKeySchema> => ({
  id: k.id,
  name: k.name,
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
          response: { 200: z.object({ apiKeys: z.array(apiKeySchema) }), ...errorResponses },
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
          body: z.object({ name: z.string().trim().min(1).max(100) }),
          response: { 201: z.object({ key: z.string(), apiKey: apiKeySchema }), ...errorResponses },
        },
      },
      async (request, reply) => {
        const created = await createApiKey(deps, principalOf(request), { name: request.body.name });
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
          response: { 200: z.object({ ok: z.literal(true) }), ...errorResponses },
        },
      },
      async (request) => {
        await revokeApiKey(deps, principalOf(request), request.params.id);
        return { ok: true as const };
      },
    );
  };
