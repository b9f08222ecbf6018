/**
 * Benchmark 3: a resident's code change, end to end, on a simulated hub lock whose radio takes exactly R ms.
 *
 * Alex generates a new Home code (POST /api/v1/me/access/cards/{home}/generate through the Fastify app) and
 * the clock runs until GET /api/v1/me/access shows the Unit 101 Front Door `active` with `pendingCode` null,
 * i.e. the door holds the new code and Keyway says so. In between, the running system does everything: the
 * change's transaction enqueues a reconcile job (pg-boss), a worker plans the lock and publishes a set_code
 * over MQTT, the simulated hub sets the code (R ms) and publishes the result, and the sync engine applies it.
 *
 * The breakdown comes from three sources, all outside src/:
 *  - the request's own round trip (POST sent → 202 received);
 *  - an extra MQTT client subscribed to the hub topics, which sees the set_code and its result cross the
 *    broker (the hub is one more subscriber of the same broker);
 *  - the command's row afterwards: `sent_at` is the clock reading when the reconcile pass started planning,
 *    `completed_at` the reading when the sync engine's transaction for the result started (ms resolution).
 * Phases: request | queue (202 → the pass starts) | pass (→ set_code on the broker) | lock (→ result on the
 * broker: hub + R ms of radio) | pickup (→ the engine's transaction starts) | apply (→ the API shows it).
 *
 * GET /me/access is polled every `pollIntervalMs` from the moment the result is on the broker: the door
 * cannot turn active before that, and polling earlier would only load the database the pipeline is using.
 * The resident app learns of the change through the live feed (GET /me/events, SSE) instead; one SSE
 * stream stays open during the run and the moment it delivers the active card is reported too.
 */

import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import type { MqttClient } from 'mqtt';
import { DEMO_PASSWORD } from '../src/demo/seedDemo.ts';
import { createLogger } from '../src/logger.ts';
import { connectMqtt } from '../src/mqtt/connectMqtt.ts';
import { serverMqttIdentity } from '../src/security/hubCredentials.ts';
import { queryRows } from '../src/store/rawQuery.ts';
import { HubKeyring } from '../src/sync/hubKeyring.ts';
import { hubCommandSchema, openHubCommand, parseHubTopic } from '../src/sync/hubProtocol.ts';
import { ms, type Summary, summarize, summaryLine } from './percentiles.ts';
import { ALEX_EMAIL, type SyncBenchKeyway } from './setup.ts';

export interface CodeChangeOptions {
  /** Radio latencies to measure, ms; the Keyway was booted with the first, the home lock is set to each in turn. */
  radioMs: number[];
  samples: number;
  warmups: number;
  pollIntervalMs: number;
  /** A sample that takes longer than this is counted as failed. */
  timeoutMs: number;
  /** Each sample starts after a random pause of up to this long (0.4 s: the live feed's poll period). */
  jitterMs: number;
  /** Note that the phase boundaries are approximate (PGlite: one thread runs everything). */
  singleThread: boolean;
  log: (line: string) => void;
}

export const DEFAULT_CODE_CHANGE_OPTIONS: Omit<CodeChangeOptions, 'log' | 'radioMs' | 'singleThread'> = {
  samples: 30,
  warmups: 3,
  pollIntervalMs: 2,
  timeoutMs: 15_000,
  jitterMs: 400,
};

export const PHASES = ['request', 'queue', 'pass', 'lock', 'pickup', 'apply'] as const;
export type Phase = (typeof PHASES)[number];

export interface CodeChangeRun {
  radioMs: number;
  /** ≤ 1.05 R + 20 ms. */
  targetMs: number;
  /** Request start → GET /me/access shows the door active, pendingCode null. */
  total: Summary;
  phases: Record<Phase, Summary>;
  /** Request start → the live feed (SSE) delivers the card with the door active. */
  liveFeed: Summary;
  /** GET /me/access polls per sample (mean), once the result was on the broker. */
  pollsPerSample: number;
  failures: string[];
}

export const codeChangeTarget = (radioMs: number) => 1.05 * radioMs + 20;

interface CardJson {
  id: string;
  scope: 'home' | 'community';
  code: string;
  pendingCode: string | null;
  doors: { name: string; connectivity: string; status: string; reason: string | null }[];
}

const isSettled = (card: CardJson | undefined, code: string) =>
  card !== undefined &&
  card.code === code &&
  card.pendingCode === null &&
  card.doors.every((d) => d.status === 'active');

/** What the observer saw on the broker, stamped with performance.now() on arrival. */
class BrokerWatch {
  readonly #commandsByCode = new Map<string, { id: string; at: number }>();
  readonly #results = new Map<string, { ok: boolean; at: number }>();
  #wake: (() => void)[] = [];

  /** `keys`: the hubs' sealing keys — set_codes carry their PIN sealed, and the watch matches commands by PIN. */
  constructor(client: MqttClient, lockId: string, keys: ReadonlyMap<string, Buffer>) {
    client.on('message', (topic, payload) => {
      const at = performance.now();
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(payload.toString()) as Record<string, unknown>;
      } catch {
        return;
      }
      // Only the home lock's set_codes are kept, keyed by their PIN, in memory; nothing is logged.
      if (topic.endsWith('/commands') && message.type === 'set_code' && message.lockId === lockId) {
        const hubId = parseHubTopic(topic)?.hubId ?? '';
        const wire = hubCommandSchema.safeParse(message);
        const command = wire.success ? openHubCommand(keys.get(hubId), hubId, wire.data) : undefined;
        if (command?.type !== 'set_code') return;
        this.#commandsByCode.set(command.code, { id: command.id, at });
      } else if (topic.endsWith('/results') && message.lockId === lockId) {
        const id = String(message.commandId);
        if (!this.#results.has(id)) this.#results.set(id, { ok: message.ok === true, at });
      } else return;
      for (const wake of this.#wake.splice(0)) wake();
    });
  }

  command(code: string) {
    return this.#commandsByCode.get(code);
  }

  result(commandId: string) {
    return this.#results.get(commandId);
  }

  /** Resolves at the next message the watch keeps, or after `ms`. */
  next(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, ms));
      this.#wake.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  clear(): void {
    this.#commandsByCode.clear();
    this.#results.clear();
  }
}

/** One GET /me/events stream; remembers when each `cards` event arrived and what the home card said. */
class LiveFeed {
  readonly #arrivals: { at: number; home: CardJson | undefined }[] = [];
  readonly #controller = new AbortController();
  readonly #done: Promise<void>;

  private constructor(body: ReadableStream<Uint8Array>) {
    this.#done = this.#read(body).catch(() => undefined);
  }

  static async open(url: string, token: string): Promise<LiveFeed> {
    const feed = new AbortController();
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: feed.signal });
    if (response.status !== 200 || !response.body) throw new Error(`live feed: ${response.status}`);
    const live = new LiveFeed(response.body);
    live.#controller.signal.addEventListener('abort', () => feed.abort());
    return live;
  }

  async #read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      const at = performance.now();
      buffer += decoder.decode(chunk, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (!block.startsWith('event: cards\n')) continue;
        const data = block.slice(block.indexOf('data: ') + 6);
        const cards = (JSON.parse(data) as { cards: CardJson[] }).cards;
        this.#arrivals.push({ at, home: cards.find((c) => c.scope === 'home') });
      }
    }
  }

  /** First arrival after `since` that shows the home card settled on `code`. */
  settledAt(since: number, code: string): number | undefined {
    return this.#arrivals.find((a) => a.at >= since && isSettled(a.home, code))?.at;
  }

  async close(): Promise<void> {
    this.#controller.abort();
    await this.#done;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runCodeChangeLatency(
  bench: SyncBenchKeyway,
  options: CodeChangeOptions,
): Promise<CodeChangeRun[]> {
  const { log } = options;
  const { keyway, clock } = bench;
  const sim = keyway.sim!;
  const db = keyway.deps.db;
  const inject = keyway.app.inject.bind(keyway.app);

  clock.advance(6_100);
  const login = await inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: ALEX_EMAIL, password: DEMO_PASSWORD },
  });
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.statusCode} ${login.body}`);
  const token = login.json<{ token: string }>().token;
  const headers = { authorization: `Bearer ${token}` };
  const cards = async () =>
    (await inject({ method: 'GET', url: '/api/v1/me/access', headers })).json<{ cards: CardJson[] }>().cards;

  const homeLock = sim.locks().find((l) => l.name === 'Unit 101 Front Door');
  const simLock = homeLock ? sim.hubLock(homeLock.lockId) : undefined;
  if (!homeLock || !simLock || homeLock.connectivity !== 'hub')
    throw new Error('demo hub lock Unit 101 Front Door not found');

  // The initial sync of the demo (every code onto every hub lock, R ms per radio operation) must finish first.
  const settleStart = performance.now();
  let homeCardId: string | undefined;
  while (!homeCardId) {
    const all = await cards();
    const hubDoorsActive = all.every((c) =>
      c.doors.filter((d) => d.connectivity === 'hub').every((d) => d.status === 'active'),
    );
    const home = all.find((c) => c.scope === 'home');
    if (hubDoorsActive && all.every((c) => c.pendingCode === null) && home) homeCardId = home.id;
    else if (performance.now() - settleStart > 60_000) throw new Error(`demo did not settle: ${JSON.stringify(all)}`);
    else await sleep(50);
  }
  log(
    `  demo settled (every hub door active) ${((performance.now() - settleStart) / 1000).toFixed(1)} s after boot; ${bench.broker}`,
  );

  const observer = await connectMqtt(keyway.mqttUrl, {
    // The embedded broker admits Keyway's own identity only (an external broker: the URL's credentials).
    ...(process.env.MQTT_URL ? {} : serverMqttIdentity(keyway.deps.cipher)),
    clientId: `keyway-bench-observer-${process.pid}`,
    logger: createLogger('silent'),
  });
  const keyring = new HubKeyring({ db: keyway.deps.db, cipher: keyway.deps.cipher });
  const keys = new Map<string, Buffer>();
  for (const hubId of new Set(keyway.sim?.locks().map((l) => l.hubId) ?? [])) {
    const key = hubId ? await keyring.keyOf(hubId) : undefined;
    if (hubId && key) keys.set(hubId, key);
  }
  const watch = new BrokerWatch(observer, homeLock.lockId, keys);
  await observer.subscribeAsync(['keyway/v1/hubs/+/commands', 'keyway/v1/hubs/+/results'], { qos: 1 });
  // A second run on the same Keyway (figure 7c: alone, then beside verification passes) reuses the listener.
  if (!keyway.app.server.listening) await keyway.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (keyway.app.server.address() as AddressInfo).port;
  const feed = await LiveFeed.open(`http://127.0.0.1:${port}/api/v1/me/events`, token);

  // performance.now() of a clock reading stored by the server (SimClock = real time + the bench's advances).
  let advanced = 6_100;
  const advance = (by: number) => {
    clock.advance(by);
    advanced += by;
  };
  const perfOf = (stored: string | Date) => new Date(stored).getTime() - advanced - performance.timeOrigin;

  const runs: CodeChangeRun[] = [];
  try {
    for (const radioMs of options.radioMs) {
      simLock.setLatency({ min: radioMs, max: radioMs });
      const samples: Record<Phase | 'total' | 'liveFeed', number[]> = {
        total: [],
        liveFeed: [],
        request: [],
        queue: [],
        pass: [],
        lock: [],
        pickup: [],
        apply: [],
      };
      const failures: string[] = [];
      let polls = 0;
      for (let i = 0; i < options.warmups + options.samples; i++) {
        const measured = i >= options.warmups;
        // 20 code changes per person per minute: the clock moves 3.1 s before each one.
        advance(3_100);
        // A random pause: the previous change's follow-up reconcile pass (a no-op) finishes meanwhile, and the
        // samples do not fall into step with the live feed's 400 ms poll or the 1 s sweep.
        await sleep(20 + Math.random() * options.jitterMs);
        watch.clear();
        const t0 = performance.now();
        const response = await inject({
          method: 'POST',
          url: `/api/v1/me/access/cards/${homeCardId}/generate`,
          headers,
          payload: { length: 4 },
        });
        const t1 = performance.now();
        if (response.statusCode !== 202) throw new Error(`generate failed: ${response.statusCode} ${response.body}`);
        const newCode = response.json<{ card: CardJson }>().card.pendingCode;
        if (!newCode) throw new Error(`generate returned no pending code: ${response.body}`);

        const deadline = t0 + options.timeoutMs;
        let command = watch.command(newCode);
        while (!command && performance.now() < deadline) {
          await watch.next(deadline - performance.now());
          command = watch.command(newCode);
        }
        let result = command ? watch.result(command.id) : undefined;
        while (command && !result && performance.now() < deadline) {
          await watch.next(deadline - performance.now());
          result = watch.result(command.id);
        }
        let tActive: number | undefined;
        let samplePolls = 0;
        while (result && performance.now() < deadline) {
          samplePolls++;
          if (
            isSettled(
              (await cards()).find((c) => c.id === homeCardId),
              newCode,
            )
          ) {
            tActive = performance.now();
            break;
          }
          await sleep(options.pollIntervalMs);
        }
        // The live feed polls the events table every 400 ms: wait for it (up to a second) before moving on.
        let tFeed = feed.settledAt(t0, newCode);
        while (tActive !== undefined && tFeed === undefined && performance.now() - tActive < 1_000) {
          await sleep(5);
          tFeed = feed.settledAt(t0, newCode);
        }
        const onDoor = sim.slots(homeLock.lockId)?.some((s) => s.code === newCode) ?? false;
        if (!command || !result?.ok || tActive === undefined || !onDoor) {
          const stage = !command
            ? 'no set_code seen'
            : !result
              ? 'no result seen'
              : !result.ok
                ? 'result not ok'
                : tActive === undefined
                  ? 'never active'
                  : 'code not on the simulated lock';
          if (measured) failures.push(`sample ${i - options.warmups + 1}: ${stage}`);
          else log(`  warm-up ${i + 1}: ${stage}`);
          await sleep(Math.max(1_500, 3 * radioMs)); // let whatever is still going on finish
          continue;
        }
        if (!measured) continue;
        const [row] = await queryRows<{ sent_at: string; completed_at: string | null }>(
          db,
          sql`select sent_at, completed_at from lock_commands where id = ${command.id}`,
        );
        if (!row?.completed_at) throw new Error(`command ${command.id} has no completed_at`);
        const passStart = perfOf(row.sent_at);
        const applyStart = perfOf(row.completed_at);
        polls += samplePolls;
        samples.total.push(tActive - t0);
        if (tFeed !== undefined) samples.liveFeed.push(tFeed - t0);
        samples.request.push(t1 - t0);
        samples.queue.push(passStart - t1);
        samples.pass.push(command.at - passStart);
        samples.lock.push(result.at - command.at);
        samples.pickup.push(applyStart - result.at);
        samples.apply.push(tActive - applyStart);
      }
      const phases = Object.fromEntries(PHASES.map((p) => [p, summarize(samples[p])])) as Record<Phase, Summary>;
      const run: CodeChangeRun = {
        radioMs,
        targetMs: codeChangeTarget(radioMs),
        total: summarize(samples.total),
        phases,
        liveFeed: summarize(samples.liveFeed),
        pollsPerSample: polls / Math.max(1, samples.total.length),
        failures,
      };
      runs.push(run);
      printRun(run, options);
    }
  } finally {
    await feed.close();
    await observer.endAsync(true);
  }
  return runs;
}

const signedMs = (v: number) => (v < 0 ? `−${ms(-v)}` : ms(v));

function printRun(r: CodeChangeRun, options: CodeChangeOptions): void {
  const { log } = options;
  const met = r.total.p50 <= r.targetMs;
  log(`  R = ${r.radioMs} ms: request → door active (GET /me/access)  ${summaryLine(r.total)}`);
  log(
    `      p50/R ${(r.total.p50 / r.radioMs).toFixed(3)}; target p50 ≤ 1.05 R + 20 ms = ${ms(r.targetMs)}: ${met ? 'met' : 'NOT met'}; ` +
      `overhead beyond R at p50 ${ms(r.total.p50 - r.radioMs)}` +
      `${r.failures.length ? `; ${r.failures.length} failed samples (${r.failures.join('; ')})` : ''}`,
  );
  log(
    `      phases p50 (p95): ${PHASES.map((p) => `${p} ${signedMs(r.phases[p].p50)} (${signedMs(r.phases[p].p95)})`).join(' | ')}; ` +
      `${r.pollsPerSample.toFixed(1)} polls/sample after the result`,
  );
  if (options.singleThread) {
    log(
      '      (PGlite: the database, broker, hub, server and bench share one thread, so a side can see a step late; ' +
        'a negative phase means the next step had started before the previous one was seen. The total is exact.)',
    );
  }
  log(`      the live feed (SSE, polls every 400 ms) shows it: ${summaryLine(r.liveFeed)}`);
}
