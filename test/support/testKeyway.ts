/**
 * A whole Keyway (real database, real HTTP stack through Fastify's inject) with a manual clock, captured
 * logs and the demo community seeded — what the API tests talk to.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { type AdvanceableClock, createKeyway, type Keyway } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { DEMO_PASSWORD } from '../../src/demo/seedDemo.ts';
import { SimClock } from '../../src/demo/simClock.ts';
import type { HubAgentFaults } from '../../src/hub/hubAgent.ts';
import { createLogger } from '../../src/logger.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { CAPTURE_LEVEL, captureLine, flushCapture, levelOf, lowerLevel } from './logCapture.ts';
import { TEST_PASSWORD_COST } from './passwordCost.ts';
import { createTestDatabase } from './testDatabase.ts';

export interface TestKeyway {
  keyway: Keyway;
  clock: AdvanceableClock;
  /** Every log line the server wrote, as text. */
  logs: () => string;
  request(
    method: string,
    url: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
  login(email: string, password?: string): Promise<string>;
  /** Serves the app on a free local port (for clients that need a real URL, e.g. Seam's SDK); once. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export const ALEX = 'alex@maplecourt.example';
export const BLAIR = 'blair@maplecourt.example';
export const MANAGER = 'manager@maplecourt.example';

export async function startTestKeyway(
  options: {
    now?: Date;
    realClock?: boolean;
    logLevel?: string;
    latency?: string;
    simFaults?: HubAgentFaults;
    sweepIntervalMs?: number;
    /** Extra environment for the configuration, e.g. `{ KEYWAY_DEMO: 'false', SMTP_URL }` for production mode. */
    env?: Record<string, string>;
    /** Keyway's own embedded broker even when MQTT_URL names an external one (tests of the broker's rules). */
    embeddedBroker?: boolean;
    /** Sees every message the embedded broker routes (a sniffer). */
    onBrokerPublish?: (packet: { topic: string; payload: Buffer }) => void;
  } = {},
): Promise<TestKeyway> {
  // Tests move a manual clock; browser tests use the demo's clock (real time, advanceable) so latencies are real.
  const clock: AdvanceableClock = options.realClock
    ? new SimClock()
    : new ManualClock(options.now ?? new Date('2026-06-15T15:00:00Z'));
  const logChunks: string[] = [];
  const logLevel = options.logLevel ?? 'trace';
  const keepFrom = pino.levels.values[logLevel] ?? Number.POSITIVE_INFINITY;
  // The test's own view (logs()) at its level; the run's log scan at the capture level too (logCapture.ts).
  const sink = new Writable({
    write(chunk, _encoding, done) {
      const line = String(chunk);
      captureLine(line);
      if ((levelOf(line) ?? Number.POSITIVE_INFINITY) >= keepFrom) logChunks.push(line);
      done();
    },
  });
  const database = await createTestDatabase();
  const config = loadConfig({
    KEYWAY_DEMO: 'true',
    KEYWAY_MQTT_PORT: '0',
    KEYWAY_SIM_LATENCY_MS: options.latency ?? '0-5',
    ...(process.env.MQTT_URL && !options.embeddedBroker ? { MQTT_URL: process.env.MQTT_URL } : {}),
    ...options.env,
  });
  const keyway = await createKeyway({
    config,
    logger: createLogger(lowerLevel(logLevel, CAPTURE_LEVEL), sink),
    clock,
    database,
    secretKey: randomBytes(32),
    // Passwords hashed at a test cost: the production one (2^17) takes ~0.3 s a hash, seconds on a loaded machine.
    passwordCost: TEST_PASSWORD_COST,
    ...(options.simFaults ? { simFaults: options.simFaults } : {}),
    ...(options.onBrokerPublish ? { onBrokerPublish: options.onBrokerPublish } : {}),
    sweepIntervalMs: options.sweepIntervalMs ?? 200,
  });
  const request: TestKeyway['request'] = (method, url, opts = {}) =>
    keyway.app.inject({
      method: method as 'GET',
      url,
      headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
      ...(opts.body === undefined ? {} : { payload: opts.body as object }),
    });
  let baseUrl: Promise<string> | undefined;
  return {
    keyway,
    clock,
    logs: () => logChunks.join(''),
    request,
    listen() {
      baseUrl ??= keyway.app.listen({ port: 0, host: '127.0.0.1' });
      return baseUrl;
    },
    async login(email, password = DEMO_PASSWORD) {
      // Sign-ins from one address are limited to 10 a minute; tests sign in at the pace that allows.
      clock.advance(6_100);
      const response = await request('POST', '/api/v1/auth/login', { body: { email, password } });
      if (response.statusCode !== 200) throw new Error(`login ${email} failed: ${response.body}`);
      return response.json<{ token: string }>().token;
    },
    async close() {
      await keyway.close();
      await database.close();
      flushCapture();
    },
  };
}

export interface CardJson {
  id: string;
  scope: 'home' | 'community';
  code: string;
  origin: string;
  pendingCode: string | null;
  doors: {
    accessPointId: string;
    name: string;
    kind: string;
    connectivity: string;
    status: string;
    reason: string | null;
  }[];
  allowed: { generateLengths: number[]; pickLengths: number[] };
}

export async function cardsOf(t: TestKeyway, token: string): Promise<{ home: CardJson; community: CardJson }> {
  const response = await t.request('GET', '/api/v1/me/access', { token });
  const cards = response.json<{ cards: CardJson[] }>().cards;
  const home = cards.find((c) => c.scope === 'home');
  const community = cards.find((c) => c.scope === 'community');
  if (!home || !community) throw new Error(`expected two cards, got ${response.body}`);
  return { home, community };
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until every hub door of the person's cards is active and no change is pending there. */
export async function settledCards(t: TestKeyway, token: string, timeoutMs = 10_000) {
  return eventually(
    async () => {
      const cards = await cardsOf(t, token);
      const hubDoors = [...cards.home.doors, ...cards.community.doors].filter((d) => d.connectivity === 'hub');
      const busy = hubDoors.some((d) => d.status !== 'active');
      const pending = [cards.home, cards.community].some(
        (c) => c.pendingCode !== null && c.doors.every((d) => d.connectivity === 'hub'),
      );
      return busy || pending ? undefined : cards;
    },
    timeoutMs,
    'cards to settle',
  );
}
