/**
 * The per-process live feed: however many streams are open, one change costs one query for what changed plus one
 * card read per person it concerns (not two queries per open stream), and each stream still gets its own
 * activity and fresh cards. The sync engine is stopped so that the test's change is the only one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ActivityView, currentEventId } from '../../src/services/activity.ts';
import type { CardView } from '../../src/services/cardView.ts';
import { getMyAccess } from '../../src/services/getMyAccess.ts';
import { LiveFeed, type LiveFeedReads, type LiveListener } from '../../src/services/liveFeed.ts';
import { personPrincipal } from '../../src/services/principal.ts';
import { liveChangesSince } from '../../src/store/repositories/liveFeed.ts';
import { findPersonByEmail } from '../../src/store/repositories/principals.ts';
import { ALEX, BLAIR, cardsOf, eventually, MANAGER, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

let t: TestKeyway;
let feed: LiveFeed;
const counts = { changes: 0, cards: new Map<string, number>() };

beforeAll(async () => {
  t = await startTestKeyway({ logLevel: 'info' });
  await t.keyway.sync.stop(); // no passes, reports or sweeps: nothing changes but what the test does
  const deps = t.keyway.deps;
  const reads: LiveFeedReads = {
    changes: (q) => {
      counts.changes++;
      return liveChangesSince(deps.db, q);
    },
    cards: (principal) => {
      counts.cards.set(principal.personId, (counts.cards.get(principal.personId) ?? 0) + 1);
      return getMyAccess(deps, principal);
    },
  };
  feed = new LiveFeed(deps, { pollMs: 60_000, reads });
});

afterAll(async () => {
  feed?.close();
  await t?.close();
});

async function principalOf(email: string): Promise<LiveListener['principal']> {
  const person = await findPersonByEmail(t.keyway.deps.db, email);
  if (!person) throw new Error(`no person ${email}`);
  return personPrincipal(person);
}

interface Stream extends LiveListener {
  got: { activity: ActivityView[]; cards: CardView[][] };
}

/** Opens a stream the way the route does: subscribed to the feed, waking it on every change. */
function open(principal: LiveListener['principal'], lastId: number): Stream {
  const got: Stream['got'] = { activity: [], cards: [] };
  const stream: Stream = {
    principal,
    lastId,
    got,
    activity: (entry) => got.activity.push(entry),
    cards: (cards) => got.cards.push(cards),
  };
  feed.subscribe(stream);
  t.keyway.deps.caches.onChange(() => feed.wake());
  return stream;
}

describe('live feed fan-out', () => {
  it('answers a change with one query and one card read for the one person it concerns, across 150 streams', async () => {
    const alex = await principalOf(ALEX);
    const blair = await principalOf(BLAIR);
    const manager = await principalOf(MANAGER);
    // Signing in writes an event about Alex: done before any stream opens.
    const token = await t.login(ALEX);
    const home = (await cardsOf(t, token)).home;
    const lastId = await currentEventId(t.keyway.deps, alex);
    const streams = { alex: [] as Stream[], blair: [] as Stream[], manager: [] as Stream[] };
    for (let i = 0; i < 50; i++) {
      streams.alex.push(open(alex, lastId));
      streams.blair.push(open(blair, lastId));
      streams.manager.push(open(manager, lastId));
    }
    const all = [...streams.alex, ...streams.blair, ...streams.manager];
    // Every stream gets its cards at once, read once per person.
    await eventually(async () => all.every((s) => s.got.cards.length === 1), 10_000, 'first cards');
    expect(Object.fromEntries(counts.cards)).toEqual({
      [alex.personId]: 1,
      [blair.personId]: 1,
      [manager.personId]: 1,
    });

    // Alex generates a new code for the Home card (through HTTP: the write wakes every stream's listener).
    counts.changes = 0;
    counts.cards.clear();
    const response = await t.request('POST', `/api/v1/me/access/cards/${home.id}/generate`, {
      token,
      body: { length: 4 },
    });
    expect(response.statusCode).toBe(202);
    // The new code: pending while the old one is still on the door, else the code itself.
    const card = response.json<{ card: { code: string; pendingCode: string | null } }>().card;
    const newCode = card.pendingCode ?? card.code;
    expect(newCode).toMatch(/^\d{4}$/);
    await eventually(
      async () =>
        streams.alex.every((s) => {
          const seen = s.got.cards.at(-1)?.find((c) => c.id === home.id);
          return (seen?.pendingCode ?? seen?.code) === newCode;
        }),
      10_000,
      'Alex’s streams to get the new card',
    );
    await new Promise((resolve) => setTimeout(resolve, 300)); // any follow-up check has run

    // O(1) queries for 150 streams (a follow-up check may run after a wake during the first), one card read.
    expect(counts.changes).toBeGreaterThanOrEqual(1);
    expect(counts.changes).toBeLessThanOrEqual(3);
    expect(Object.fromEntries(counts.cards)).toEqual({ [alex.personId]: 1 });
    // Each of Alex's streams got the activity once; nobody else's stream got anything new.
    for (const s of streams.alex) expect(s.got.activity.map((a) => a.type)).toEqual(['access_code.generated']);
    for (const s of [...streams.blair, ...streams.manager]) {
      expect(s.got.activity).toEqual([]);
      expect(s.got.cards).toHaveLength(1);
    }
  });
});
