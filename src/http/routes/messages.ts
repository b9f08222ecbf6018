/** The community's outgoing messages for managers: failures to see, and "Send again". */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { ServiceDeps } from '../../services/deps.ts';
import { listCommunityMessages, retryMessage } from '../../services/messages.ts';
import type { MessageListRow } from '../../store/repositories/messages.ts';
import { principalOf } from '../principalHook.ts';
import { errorResponses, okResponse, uuidParam } from '../schemas.ts';
import { messageListQuery, messageListResponse, type messageSchema } from '../wire/messages.ts';

const present = (m: MessageListRow): z.infer<typeof messageSchema> => ({
  id: m.id,
  kind: m.kind,
  channel: m.channel,
  recipient: m.recipient,
  subject: m.subject,
  status: m.status,
  attempts: m.attempts,
  error: m.error,
  createdAt: m.createdAt.toISOString(),
  sentAt: m.sentAt?.toISOString() ?? null,
});

export const messageRoutes =
  (deps: ServiceDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/messages',
      {
        schema: {
          tags: ['residents'],
          summary: "The community's outgoing emails and texts, newest first (managers and API keys)",
          description: 'Never the body: it may hold a one-time link. `?status=failed` lists what could not be sent.',
          querystring: messageListQuery,
          response: { 200: messageListResponse, ...errorResponses },
        },
      },
      async (request) => ({
        messages: (await listCommunityMessages(deps, principalOf(request), request.query)).map(present),
      }),
    );

    app.post(
      '/messages/:id/retry',
      {
        schema: {
          tags: ['residents'],
          summary: 'Send a failed message again (managers and API keys)',
          params: uuidParam('id'),
          response: { 200: okResponse, ...errorResponses },
        },
      },
      async (request) => {
        await retryMessage(deps, principalOf(request), request.params.id as string);
        return { ok: true as const };
      },
    );
  };
