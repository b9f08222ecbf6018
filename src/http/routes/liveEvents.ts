/**
 * GET /me/events — Server-Sent Events for the resident app: `cards` (the full card list, whenever a door's
 * status or a code changes) and `activity` entries. The feed follows the events table (the outbox), so it
 * sees changes made by any server process. One LiveFeed per process does the reading for every open stream
 * (services/liveFeed.ts): a change costs one query, plus one card read per person it concerns.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { KeywayError } from '../../domain/errors.ts';
import { currentEventId } from '../../services/activity.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { LiveFeed, type LiveFeedOptions } from '../../services/liveFeed.ts';
import { requirePerson } from '../../services/policies.ts';
import { presentCard } from '../presenters/card.ts';
import { principalOf } from '../principalHook.ts';
import { presentActivity } from './activity.ts';

const HEARTBEAT_MS = 15_000;
/**
 * Open streams one person may hold in this process (a phone, a laptop, a few tabs). The next is refused with 429
 * too_many_streams rather than closing an older one: a page that reconnects in a loop must not knock the person's
 * other devices off, and a tab the person closes frees its place at once.
 */
export const STREAMS_PER_PERSON = 5;

export const liveEventRoutes =
  (deps: ServiceDeps, feedOptions: LiveFeedOptions = {}): FastifyPluginAsyncZod =>
  async (app) => {
    const feed = new LiveFeed(deps, feedOptions);
    // Open streams, so a server that shuts down ends them instead of waiting for every phone to hang up.
    // Registered once here: a hook added inside a handler throws once the server listens.
    const open = new Set<() => void>();
    const streamsOf = new Map<string, number>();
    app.addHook('preClose', async () => {
      for (const end of [...open]) end();
      feed.close();
    });
    const release = (person: string) => {
      const left = (streamsOf.get(person) ?? 1) - 1;
      if (left > 0) streamsOf.set(person, left);
      else streamsOf.delete(person);
    };
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
        const principal = requirePerson(principalOf(request));
        const person = principal.personId;
        if ((streamsOf.get(person) ?? 0) >= STREAMS_PER_PERSON)
          throw new KeywayError(
            'too_many_streams',
            `At most ${STREAMS_PER_PERSON} live-update streams per person; close another tab or device first.`,
            { limit: STREAMS_PER_PERSON },
          );
        streamsOf.set(person, (streamsOf.get(person) ?? 0) + 1);
        let lastId: Awaited<ReturnType<typeof currentEventId>>;
        try {
          lastId = await currentEventId(deps, principal);
        } catch (error) {
          release(person);
          throw error;
        }
        reply.hijack();
        const raw = reply.raw;
        raw.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-cache',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        const send = (event: string, data: unknown) => raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        let closed = false;
        // Door states change without an event of their own (a pass holding a change for a phone, say), so the
        // feed hands over fresh cards whenever they may have changed and only what differs is pushed.
        let lastCards = '';
        const unsubscribeFeed = feed.subscribe({
          principal,
          lastId,
          activity: (entry) => {
            if (!closed) send('activity', presentActivity(entry, person));
          },
          cards: (cardViews) => {
            const cards = { cards: cardViews.map(presentCard) };
            const json = JSON.stringify(cards);
            if (closed || json === lastCards) return;
            lastCards = json;
            send('cards', cards);
          },
        });
        const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
        // Every stream wakes the one feed; wakes in the same tick share a single check.
        const unsubscribe = deps.caches.onChange(() => feed.wake());
        const end = () => {
          if (closed) return;
          closed = true;
          open.delete(end);
          release(person);
          unsubscribe();
          unsubscribeFeed();
          clearInterval(heartbeat);
          raw.end();
        };
        open.add(end);
        raw.once('close', end); // the app hung up
      },
    );
  };
