/**
 * The live feed over real HTTP: streams open and close cleanly, many times over, without an error in the
 * server's log and without a change listener left behind; a server that shuts down ends the open streams.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALEX, BLAIR, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

let t: TestKeyway;
let baseUrl: string;
let subscribed = 0;

beforeAll(async () => {
  t = await startTestKeyway({ logLevel: 'info' });
  // Count the change listeners the feed holds: every stream subscribes once and must unsubscribe once.
  const caches = t.keyway.deps.caches;
  const onChange = caches.onChange.bind(caches);
  caches.onChange = (listener) => {
    subscribed++;
    const unsubscribe = onChange(listener);
    return () => {
      subscribed--;
      unsubscribe();
    };
  };
  await t.keyway.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.keyway.app.server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await t?.close();
});

/** Opens the feed and reads until the first `cards` event; returns what it read and a way to hang up. */
async function openFeed(token: string) {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/api/v1/me/events`, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes('event: cards')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  return {
    text,
    reader,
    hangUp: () => controller.abort(),
  };
}

async function settle(check: () => boolean) {
  const deadline = Date.now() + 5_000;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** Log lines at level warn (40) or above. */
function troubles(): string[] {
  return t
    .logs()
    .split('\n')
    .filter((line) => line && (JSON.parse(line) as { level: number }).level >= 40);
}

describe('live feed connections', () => {
  it('opens and closes many streams without logging an error or leaking a listener', async () => {
    const alex = await t.login(ALEX);
    const blair = await t.login(BLAIR);
    for (let round = 0; round < 3; round++) {
      const feeds = await Promise.all([openFeed(alex), openFeed(blair), openFeed(alex), openFeed(blair)]);
      for (const feed of feeds) expect(feed.text).toContain('event: cards');
      expect(subscribed).toBe(4);
      for (const feed of feeds) feed.hangUp();
      await settle(() => subscribed === 0);
      expect(subscribed).toBe(0);
    }
    expect(troubles()).toEqual([]);
  });

  it('refuses a stream without a session, as JSON with a code', async () => {
    const response = await fetch(`${baseUrl}/api/v1/me/events`);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
  });

  it('ends open streams when the server shuts down', async () => {
    const alex = await t.login(ALEX);
    const feed = await openFeed(alex);
    expect(subscribed).toBe(1);
    const closing = t.keyway.app.close();
    // The stream ends on the server's side: the reader sees the end instead of waiting for a heartbeat.
    for (;;) {
      const { done } = await feed.reader.read();
      if (done) break;
    }
    await closing;
    expect(subscribed).toBe(0);
    expect(troubles()).toEqual([]);
  });
});
