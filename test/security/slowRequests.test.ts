/**
 * Slow clients: a request whose body never finishes is cut after the request timeout (instead of holding a
 * connection for minutes), and one person cannot open live-update streams without limit.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREAMS_PER_PERSON } from '../../src/http/routes/liveEvents.ts';
import { ALEX, BLAIR, eventually, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

let t: TestKeyway;
let base: string;
beforeAll(async () => {
  t = await startTestKeyway({ env: { KEYWAY_REQUEST_TIMEOUT_SECONDS: '1' } });
  base = await t.listen();
}, 180_000);
afterAll(() => t.close());

describe('a half-sent body', () => {
  it('is cut after the request timeout', async () => {
    const { port } = new URL(base);
    const started = Date.now();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          'POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
            'Content-Length: 200\r\n\r\n{"email":"alex@',
        );
      });
      let received = '';
      socket.on('data', (chunk) => {
        received += String(chunk);
      });
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
      setTimeout(() => {
        socket.destroy();
        reject(new Error('the connection was still open after 20 s'));
      }, 20_000);
    });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(10_000);
    expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
  }, 30_000);
});

describe('live-update streams', () => {
  it(`are capped at ${STREAMS_PER_PERSON} per person; the next is 429 too_many_streams`, async () => {
    const alex = await t.login(ALEX);
    const blair = await t.login(BLAIR);
    const open = (token: string) => {
      const controller = new AbortController();
      const response = fetch(`${base}/api/v1/me/events`, {
        headers: { authorization: `Bearer ${token}` },
        signal: controller.signal,
      });
      return { response, abort: () => controller.abort() };
    };
    const streams = [];
    for (let i = 0; i < STREAMS_PER_PERSON; i++) {
      const stream = open(alex);
      expect((await stream.response).status).toBe(200);
      streams.push(stream);
    }
    const refused = await open(alex).response;
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.code).toBe('too_many_streams');
    // Someone else is not affected.
    const other = open(blair);
    expect((await other.response).status).toBe(200);
    other.abort();
    // A stream that ends frees its place.
    streams.pop()?.abort();
    const again = await eventually(async () => {
      const stream = open(alex);
      const response = await stream.response;
      if (response.status === 200) return stream;
      await response.body?.cancel();
      return undefined;
    }, 5_000);
    again.abort();
    for (const stream of streams) stream.abort();
  }, 60_000);
});
