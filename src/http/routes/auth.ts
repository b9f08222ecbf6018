import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { logout } from '../../services/authenticate.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { login } from '../../services/login.ts';
import { bearerToken, SESSION_COOKIE } from '../principalHook.ts';
import { errorResponses } from '../schemas.ts';

const loginBody = z.object({
  email: z.string().min(1).max(320),
  password: z.string().min(1).max(1024),
});

const userSchema = z
  .object({ id: z.string().uuid(), name: z.string(), role: z.enum(['manager', 'resident', 'staff']) })
  .meta({ id: 'User' });

export const authRoutes =
  (deps: ServiceDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/auth/login',
      {
        schema: {
          tags: ['sessions'],
          summary: 'Sign in with email and password',
          description:
            'Returns a bearer token; also sets an HttpOnly session cookie for the web app. 10 attempts per minute per email and per client address.',
          body: loginBody,
          response: { 200: z.object({ token: z.string(), user: userSchema }), ...errorResponses },
        },
      },
      async (request, reply) => {
        const result = await login(deps, { ...request.body, clientAddress: request.ip });
        const maxAge = Math.floor((result.expiresAt.getTime() - deps.clock.now().getTime()) / 1000);
        reply.header(
          'set-cookie',
          `${SESSION_COOKIE}=${result.token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}`,
        );
        return { token: result.token, user: { id: result.user.id, name: result.user.name, role: result.user.role } };
      },
    );

    app.post(
      '/auth/logout',
      {
        schema: {
          tags: ['sessions'],
          summary: 'End the current session',
          response: { 200: z.object({ ok: z.literal(true) }) },
        },
      },
      async (request, reply) => {
        const token = bearerToken(request);
        if (token) await logout(deps, token);
        reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
        return { ok: true as const };
      },
    );
  };
