/**
 * GET /me/events — Server-Sent Events for the resident app: `cards` (the full card list, whenever a door's
 * status or a code changes) and `activity` entries. The feed follows the events table (the outbox), so it
 * sees changes made by any server process; a short poll keeps it simple and correct.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { currentEventId, personEventsSince } from '../../services/activity.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { getMyAccess } from '../../services/getMyAccess.ts';
import { requirePerson } from '../../services/policies.ts';
import { presentCard } from '../presenters/card.ts';
import { principalOf } from '../principalHook.ts';
import { presentActivity } from './activity.ts';

/** The safety net; changes announced by the change feed are pushed at once. */
const POLL_MS = 1_000;
const HEARTBEAT_MS = 15_000;

export const liveEventRoutes =
  (deps: ServiceDeps): FastifyPluginAsyncZod =>
  async (app) => {
    // Open streams, so a server that shuts down ends them instead of waiting for every phone to hang up.
    // Registered once here: a hook added inside a handler throws once the server listens.
    const open = new Set<() => void>();
    app.addHook('preClose', async () => {
      for (const end of [...open]) end();
    });
    app.get(
      '/me/events',
      {
        schema: {
          tags: ['my access'],
          summary: 'Live updates (Server-Sent Events): `cards` and `activity` events',
          description:
            'Each `cards` event carries `{ "cards": [Card] }` as in GET /me/access; each `activity` event one Activity entry.',
        },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        requirePerson(principal);
        let lastId = await currentEventId(deps, principal);
        reply.hijack();
        const raw = reply.raw;
        raw.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-cache',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        const send = (event: string, data: unknown) => raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        // Door states change without an event of their own (a pass holding a change for a phone, say), so every
        // check compares the cards themselves and pushes only what differs from what the app already has.
        let lastCards = '';
        const sendCards = async () => {
          const cards = { cards: (await getMyAccess(deps, principal)).map(presentCard) };
          const json = JSON.stringify(cards);
          if (json === lastCards) return;
          lastCards = json;
          send('cards', cards);
        };
        let closed = false;
        let busy = false;
        let again = false;
        const check = () => {
          if (closed) return;
          if (busy) {
            again = true;
            return;
          }
          busy = true;
          personEventsSince(deps, principal, lastId)
            .then(async (update) => {
              lastId = update.lastId;
              for (const entry of update.events) send('activity', presentActivity(entry));
              await sendCards();
            })
            .catch((error: unknown) => request.log.warn({ err: error }, 'live feed poll failed'))
            .finally(() => {
              busy = false;
              if (again) {
                again = false;
                check();
              }
            });
        };
        const poll = setInterval(check, POLL_MS);
        const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
        const unsubscribe = deps.caches.onChange(check);
        const end = () => {
          if (closed) return;
          closed = true;
          open.delete(end);
          unsubscribe();
          clearInterval(poll);
          clearInterval(heartbeat);
          raw.end();
        };
        open.add(end);
        raw.once('close', end); // the app hung up
        check(); // the cards at once
      },
    );
  };
