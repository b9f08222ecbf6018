/**
 * The Seam-compatible API under /seam (API.md "Seam-compatible surface"): Seam's SDKs pointed at `<base>/seam`
 * work unchanged. Only API keys get in, from the Authorization header alone (never the console's cookie, so a
 * browser cannot be made to call it); a key acts in its own community, which is the Seam "workspace".
 * Errors use Seam's envelope (seamErrors.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { KeywayError } from '../../domain/errors.ts';
import { authenticate } from '../../services/authenticate.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { seamAccessCodeRoutes } from './accessCodes.ts';
import { seamDeviceRoutes } from './devices.ts';
import { seamEventRoutes } from './events.ts';
import { handleSeamError, handleSeamNotFound } from './seamErrors.ts';
import { seamUnmanagedRoutes } from './unmanagedCodes.ts';
import { seamWebhookRoutes } from './webhooks.ts';

export const SEAM_PREFIX = '/seam';

function seamAuth(deps: Pick<ServiceDeps, 'db' | 'clock' | 'caches'>) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    const caller = await authenticate(deps, match?.[1]);
    if (caller.kind !== 'api_key')
      throw new KeywayError('unauthenticated', 'Use an API key (seam_…) that a manager created in the console.');
    request.principal = caller;
  };
}

export function seamApi(deps: ServiceDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.setErrorHandler(handleSeamError);
    app.setNotFoundHandler(handleSeamNotFound);
    app.addHook('onRequest', seamAuth(deps));
    seamDeviceRoutes(deps)(app);
    seamAccessCodeRoutes(deps)(app);
    seamUnmanagedRoutes(deps)(app);
    seamEventRoutes(deps)(app);
    seamWebhookRoutes(deps)(app);
  };
}
