import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { cookieValue, DEVICE_COOKIE, DEVICE_COOKIE_DAYS } from '../../security/deviceToken.ts';
import { logout } from '../../services/authenticate.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { login } from '../../services/login.ts';
import { bearerToken, SESSION_COOKIE } from '../principalHook.ts';
import { errorResponses, okResponse } from '../schemas.ts';
import { loginBody, loginResponse } from '../wire/auth.ts';

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
            'Returns a bearer token; also sets an HttpOnly session cookie for the web app and a long-lived device cookie. 10 attempts per minute per email (not counted for a device that signed in before) and per client address.',
          body: loginBody,
          response: { 200: loginResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const result = await login(deps, {
          ...request.body,
          clientAddress: request.ip,
          deviceToken: cookieValue(request.headers.cookie, DEVICE_COOKIE),
        });
        const maxAge = Math.floor((result.expiresAt.getTime() - deps.clock.now().getTime()) / 1000);
        reply.header('set-cookie', [
          `${SESSION_COOKIE}=${result.token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}`,
          // Only the sign-in reads it: a known device is not held back by the per-email limit.
          `${DEVICE_COOKIE}=${result.deviceToken}; Path=/api/v1/auth; HttpOnly; SameSite=Lax; Max-Age=${DEVICE_COOKIE_DAYS * 86_400}`,
        ]);
        return { token: result.token, user: { id: result.user.id, name: result.user.name, role: result.user.role } };
      },
    );

    app.post(
      '/auth/logout',
      {
        schema: {
          tags: ['sessions'],
          summary: 'End the current session',
          response: { 200: okResponse },
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
