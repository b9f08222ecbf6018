/**
 * Accounts: accepting an invitation, resetting a forgotten password (public: the link's token is the
 * credential), and for signed-in people changing their password and signing out everywhere.
 */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { KeywayError } from '../../domain/errors.ts';
import { acceptInvitation } from '../../services/acceptInvitation.ts';
import { changePassword } from '../../services/changePassword.ts';
import { confirmPasswordReset } from '../../services/confirmPasswordReset.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { requestPasswordReset } from '../../services/requestPasswordReset.ts';
import { signOutEverywhere } from '../../services/signOutEverywhere.ts';
import type { SignedIn } from '../../services/support/accounts.ts';
import { bearerToken, callerOf, SESSION_COOKIE } from '../principalHook.ts';
import { errorResponses, okResponse } from '../schemas.ts';
import { loginResponse, sessionResponse } from '../wire/auth.ts';
import {
  acceptInvitationBody,
  changePasswordBody,
  passwordResetBody,
  passwordResetConfirmBody,
  sessionsEndedResponse,
} from '../wire/setup.ts';

/** The session as a cookie for the web app and as a bearer token in the body. */
export function sendSignedIn(deps: Pick<ServiceDeps, 'clock'>, reply: FastifyReply, signedIn: SignedIn) {
  const maxAge = Math.floor((signedIn.expiresAt.getTime() - deps.clock.now().getTime()) / 1000);
  reply.header('set-cookie', `${SESSION_COOKIE}=${signedIn.token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}`);
  return reply.send({ token: signedIn.token, user: signedIn.user });
}

const clearCookie = (reply: FastifyReply) =>
  reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);

export const accountAuthRoutes =
  (deps: ServiceDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/auth/accept-invitation',
      {
        schema: {
          tags: ['sessions'],
          summary: "Accept an invitation: choose a password with the link's token, and be signed in",
          description:
            'The token works once, for 72 hours; an expired, used or replaced one → 401 invalid_token. 422 weak_password.',
          body: acceptInvitationBody,
          response: { 200: loginResponse, ...errorResponses },
        },
      },
      async (request, reply) => sendSignedIn(deps, reply, await acceptInvitation(deps, request.body)),
    );

    app.post(
      '/auth/password-reset',
      {
        schema: {
          tags: ['sessions'],
          summary: 'Forgot password: mail a reset link (1 h, single use)',
          description:
            'Always 202 with the same body, whether or not the address has an account. 10 requests per minute per address and per email.',
          body: passwordResetBody,
          response: { 202: okResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        await requestPasswordReset(deps, { email: request.body.email, clientAddress: request.ip });
        return reply.status(202).send({ ok: true as const });
      },
    );

    app.post(
      '/auth/password-reset/confirm',
      {
        schema: {
          tags: ['sessions'],
          summary: "Set a new password with a reset link's token; every session of the account ends",
          body: passwordResetConfirmBody,
          response: { 200: okResponse, ...errorResponses },
        },
      },
      async (request) => {
        await confirmPasswordReset(deps, request.body);
        return { ok: true as const };
      },
    );
  };

export const accountRoutes =
  (deps: ServiceDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/me',
      {
        schema: {
          tags: ['sessions'],
          summary: 'Who is signed in: the person behind this session',
          response: { 200: sessionResponse, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        if (caller.kind === 'api_key')
          throw new KeywayError('forbidden', 'This needs a signed-in person, not an API key.');
        const role = caller.kind === 'operator' ? ('operator' as const) : caller.role;
        return { user: { id: caller.personId, name: caller.name, role } };
      },
    );

    app.post(
      '/me/password',
      {
        schema: {
          tags: ['sessions'],
          summary: 'Change your password; your other sessions end, this one stays',
          body: changePasswordBody,
          response: { 200: sessionsEndedResponse, ...errorResponses },
        },
      },
      async (request) => {
        const result = await changePassword(deps, callerOf(request), {
          ...request.body,
          currentToken: bearerToken(request) ?? '',
        });
        return { ok: true as const, sessionsEnded: result.sessionsEnded };
      },
    );

    app.post(
      '/me/sessions/revoke-all',
      {
        schema: {
          tags: ['sessions'],
          summary: 'Sign out everywhere: every session of yours ends, this one included',
          response: { 200: sessionsEndedResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const result = await signOutEverywhere(deps, callerOf(request));
        clearCookie(reply);
        return { ok: true as const, sessionsEnded: result.sessionsEnded };
      },
    );
  };
