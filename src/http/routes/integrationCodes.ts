/** The console's list of codes made by integrations (Seam-compatible API), and a manager's revoke. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { ServiceDeps } from '../../services/deps.ts';
import {
  type IntegrationCodeView,
  listIntegrationCodes,
  revokeIntegrationCode,
} from '../../services/integrationCodes.ts';
import { principalOf } from '../principalHook.ts';
import { errorResponses, uuidParam } from '../schemas.ts';
import {
  integrationCodeListResponse,
  integrationCodeResponse,
  type integrationCodeSchema,
} from '../wire/integrationCodes.ts';

const present = (c: IntegrationCodeView): z.infer<typeof integrationCodeSchema> => ({
  id: c.id,
  name: c.name,
  integration: c.integration,
  apiKeyId: c.apiKeyId,
  lockId: c.lockId,
  doorName: c.doorName,
  type: c.type,
  startsAt: c.startsAt?.toISOString() ?? null,
  endsAt: c.endsAt?.toISOString() ?? null,
  oneTimeUse: c.oneTimeUse,
  status: c.status,
  problems: c.problems,
  createdAt: c.createdAt.toISOString(),
  revokedAt: c.revokedAt?.toISOString() ?? null,
});

export const integrationCodeRoutes =
  (deps: ServiceDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/integration-codes',
      {
        schema: {
          tags: ['integrations'],
          summary: 'Codes integrations made through the Seam-compatible API (managers and API keys; never the PIN)',
          response: { 200: integrationCodeListResponse, ...errorResponses },
        },
      },
      async (request) => ({ codes: (await listIntegrationCodes(deps, principalOf(request))).map(present) }),
    );
    app.delete(
      '/integration-codes/:id',
      {
        schema: {
          tags: ['integrations'],
          summary: "Revoke an integration's code: it leaves its lock, and the integration hears access_code.deleted",
          params: uuidParam('id'),
          response: { 200: integrationCodeResponse, ...errorResponses },
        },
      },
      async (request) => ({
        code: present(await revokeIntegrationCode(deps, principalOf(request), request.params.id as string)),
      }),
    );
  };
