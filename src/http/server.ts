/**
 * The HTTP server: Fastify with zod schemas for validation, serialisation and the OpenAPI document.
 * Public routes (health, login, docs) sit beside one protected scope whose every route is authenticated
 * before its input is even validated.
 */
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { AdvanceableClock } from '../app.ts';
import type { CloudConnector } from '../cloud/cloudConnector.ts';
import type { SimWorld } from '../demo/simWorld.ts';
import type { ServiceDeps } from '../services/deps.ts';
import type { SyncEngine } from '../sync/syncEngine.ts';
import { csrfGuard } from './csrf.ts';
import { handleError, handleNotFound } from './errorMapper.ts';
import { rejectNulBytes } from './nulBytes.ts';
import { principalHook } from './principalHook.ts';
import { accountAuthRoutes, accountRoutes } from './routes/accountAuth.ts';
import { activityRoutes } from './routes/activity.ts';
import { alertRoutes } from './routes/alerts.ts';
import { apiKeyRoutes } from './routes/apiKeys.ts';
import { authRoutes } from './routes/auth.ts';
import { cloudRoutes, cloudWebhookRoutes } from './routes/cloud.ts';
import { communitiesRoutes } from './routes/communities.ts';
import { communityRoutes } from './routes/community.ts';
import { deviceRoutes } from './routes/devices.ts';
import { guestCodeRoutes } from './routes/guestCodes.ts';
import { guestPageRoutes } from './routes/guestPage.ts';
import { healthRoutes, type Readiness } from './routes/health.ts';
import { hubRoutes } from './routes/hubs.ts';
import { importRoutes } from './routes/imports.ts';
import { integrationCodeRoutes } from './routes/integrationCodes.ts';
import { invitationRoutes } from './routes/invitations.ts';
import { liveEventRoutes } from './routes/liveEvents.ts';
import { lockRoutes } from './routes/locks.ts';
import { messageRoutes } from './routes/messages.ts';
import { type MetricsEndpoint, metricsRoutes } from './routes/metrics.ts';
import { myAccessRoutes } from './routes/myAccess.ts';
import { provisioningRoutes } from './routes/provisioning.ts';
import { setupRoutes } from './routes/setup.ts';
import { simRoutes } from './routes/sim.ts';
import { staffRoutes } from './routes/staffCodes.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { SEAM_PREFIX, seamApi } from './seam/seamPlugin.ts';
import { registerSecurityHeaders } from './securityHeaders.ts';
import type { TrustProxy } from './trustProxy.ts';
import { isAppNavigation, registerWebApp, sendApp } from './webApp.ts';

export const API_PREFIX = '/api/v1';

export interface ServerExtras {
  /** Demo mode: the simulated world and the clock it shares with the server. */
  sim?: SimWorld | undefined;
  clock?: AdvanceableClock;
  sync?: SyncEngine;
  /** Cloud locks: Seam's webhook deliveries go to it. */
  cloud?: CloudConnector;
  /** Whose X-Forwarded-For to believe (TRUST_PROXY); default: nobody's. */
  trustProxy?: TrustProxy;
  /** Readiness checks (GET /api/v1/health/ready); without them readiness is liveness. */
  readiness?: Readiness;
  /** GET /metrics (Prometheus), served only with a bearer token (METRICS_TOKEN). */
  metrics?: MetricsEndpoint;
  /** Longest a client may take to send a whole request (KEYWAY_REQUEST_TIMEOUT_SECONDS); default 30 s. */
  requestTimeoutMs?: number;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export async function buildServer(deps: ServiceDeps, extras: ServerExtras = {}): Promise<FastifyInstance> {
  const requestTimeout = extras.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const app = Fastify({
    loggerInstance: deps.logger,
    // Request bodies are never logged (they carry PINs and passwords); headers with secrets neither.
    bodyLimit: 64 * 1024,
    // X-Forwarded-For only from the proxies TRUST_PROXY names (client address for login limits and logs).
    trustProxy: extras.trustProxy ?? false,
    // Errors the router raises before any route (a path parameter over 100 characters, a malformed URL) get
    // the same { error: { code } } body as every other refusal.
    frameworkErrors: (error, request, reply) => handleError(error, request, reply),
    // A client that sends its headers or body slowly (or never finishes) is cut off instead of holding a
    // connection open; Node checks open requests every connectionsCheckingInterval. An idle socket is closed
    // after connectionTimeout (live streams send a heartbeat every 15 s, so they stay).
    requestTimeout,
    connectionTimeout: Math.max(60_000, requestTimeout),
    http: {
      headersTimeout: requestTimeout,
      connectionsCheckingInterval: Math.min(30_000, Math.ceil(requestTimeout / 2)),
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.addHook('preValidation', rejectNulBytes);
  await registerSecurityHeaders(app as unknown as FastifyInstance, deps.publicUrl);
  // Before authentication and body parsing: a forged cross-site write is refused before it costs anything.
  app.addHook('onRequest', csrfGuard(deps.publicUrl));
  // A request that may have written: this process's next reads see it at once (others hear it via NOTIFY).
  app.addHook('onSend', async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') deps.caches.touch();
  });
  const webApp = await registerWebApp(app as unknown as FastifyInstance);
  app.setNotFoundHandler((request, reply) =>
    webApp && isAppNavigation(request) ? sendApp(reply) : handleNotFound(request, reply),
  );

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Keyway API',
        version: '1.0.0',
        description:
          'PIN codes for smart locks in rental communities. Errors are `{ "error": { "code", "message", "details"? } }` with stable snake_case codes. PINs are always strings.',
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description:
              'Session token from /auth/login, or an integrator API key (kwk_…; seam_… keys also work here and under /seam)',
          },
        },
      },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  if (extras.metrics) await app.register(metricsRoutes(extras.metrics));
  await app.register(guestPageRoutes(deps));
  await app.register(seamApi(deps), { prefix: SEAM_PREFIX });
  await app.register(
    async (api) => {
      api.get('/openapi.json', { schema: { hide: true } }, async () => api.swagger());
      await api.register(healthRoutes(deps.db, extras.readiness));
      await api.register(authRoutes(deps));
      await api.register(accountAuthRoutes(deps));
      await api.register(setupRoutes(deps, { demo: extras.sim !== undefined }));
      if (extras.cloud) await api.register(cloudWebhookRoutes(extras.cloud));
      await api.register(async (protectedScope) => {
        protectedScope.addHook('onRequest', principalHook(deps));
        await protectedScope.register(myAccessRoutes(deps));
        await protectedScope.register(accountRoutes(deps));
        await protectedScope.register(communitiesRoutes(deps));
        await protectedScope.register(invitationRoutes(deps));
        await protectedScope.register(messageRoutes(deps));
        await protectedScope.register(communityRoutes(deps));
        await protectedScope.register(apiKeyRoutes(deps));
        await protectedScope.register(deviceRoutes(deps));
        await protectedScope.register(provisioningRoutes(deps));
        await protectedScope.register(hubRoutes(deps));
        await protectedScope.register(lockRoutes(deps));
        await protectedScope.register(cloudRoutes(deps));
        await protectedScope.register(guestCodeRoutes(deps));
        await protectedScope.register(staffRoutes(deps));
        await protectedScope.register(integrationCodeRoutes(deps));
        await protectedScope.register(webhookRoutes(deps));
        await protectedScope.register(activityRoutes(deps));
        await protectedScope.register(alertRoutes(deps));
        await protectedScope.register(importRoutes(deps));
        await protectedScope.register(liveEventRoutes(deps));
        if (extras.sim && extras.clock && extras.sync) {
          await protectedScope.register(simRoutes(deps, { world: extras.sim, clock: extras.clock, sync: extras.sync }));
        }
      });
    },
    { prefix: API_PREFIX },
  );

  return app as unknown as FastifyInstance;
}
