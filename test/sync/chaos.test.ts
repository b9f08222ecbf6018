/**
 * Chaos: random code changes while hubs drop, the broker restarts, results are lost, duplicated and
 * reordered, and the server restarts — against simulated locks. After things calm down, in every run,
 * what the API shows must equal what each simulated lock holds, and no code change may be lost.
 *
 * Every run is reproducible: `npm test` runs the fixed seeds below; `CHAOS_SEED=<n>[,<n>…]` runs those,
 * `CHAOS_SEED=random` explores with a fresh seed (printed, so a failure can be replayed). With MQTT_URL set
 * (CI's Mosquitto) the broker cannot be restarted from here, so broker restarts are left out of that run.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterEach, expect, it } from 'vitest';
import { createKeyway, type Keyway } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { mulberry32, seededRandomInt } from '../../src/domain/pin/testRandom.ts';
import { type EmbeddedBroker, startEmbeddedBroker } from '../../src/mqtt/embeddedBroker.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.ts';
import type { CardJson } from '../support/testKeyway.ts';

/**
 * The seeds CI runs every time. 1–7 and 11–13 converged when the test was written; when a seed finds a bug,
 * add it here (with the bug's commit in a comment) so the bug stays found.
 */
const CI_SEEDS = [1, 7, 12];

function chosenSeeds(value = process.env.CHAOS_SEED): number[] {
  if (!value) return CI_SEEDS;
  if (value === 'random') return [randomBytes(4).readUInt32LE(0)];
  const seeds = value.split(',').map((s) => Number(s.trim()));
  if (seeds.some((s) => !Number.isInteger(s) || s < 0))
    throw new Error(`CHAOS_SEED must be "random" or integers: ${value}`);
  return seeds;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
  cleanup.length = 0;
});

for (const seed of chosenSeeds()) {
  it(`converges to the truth on the locks (seed ${seed})`, { timeout: 240_000 }, () => runChaos(seed));
}

async function runChaos(seed: number) {
  console.log(`chaos seed ${seed}`);
  // Three streams from one seed, so the script of steps does not depend on when faults are drawn: the steps,
  // the faults injected into results, and the codes the server generates.
  const uint32 = mulberry32(seed);
  const rng = () => uint32() / 2 ** 32;
  const faultUint32 = mulberry32(seed ^ 0x9e3779b9);
  const faultRng = () => faultUint32() / 2 ** 32;
  const random = { int: seededRandomInt(seed ^ 0x85ebca6b), uuid: () => randomUUID() };
  const chance = (p: number) => rng() < p;
  const pickOne = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
  // The server log is captured at error level (CHAOS_LOG lowers it and echoes everything): a run that converged
  // but logged an error (a deadlock, a report handled after the database closed) still fails.
  const errorLines: string[] = [];
  const logger = pino(
    { level: process.env.CHAOS_LOG ?? 'error' },
    {
      write(line: string) {
        if ((JSON.parse(line) as { level: number }).level >= 50) errorLines.push(line.trim());
        if (process.env.CHAOS_LOG) process.stdout.write(line);
      },
    },
  );
  const database: TestDatabase = await createTestDatabase();
  cleanup.push(() => database.close());
  const external = process.env.MQTT_URL;
  let broker: EmbeddedBroker | undefined = external ? undefined : await startEmbeddedBroker({ port: 0, logger });
  const brokerPort = broker?.port;
  cleanup.push(async () => broker?.close());
  const mqttUrl = external ?? broker!.url;
  const clock = new ManualClock(new Date('2026-06-15T15:00:00Z'));
  const secretKey = randomBytes(32);
  // Our own broker (aedes, MQTT 3.1.1) has no shared subscriptions; an external one (Mosquitto in CI) does.
  const config = loadConfig({
    KEYWAY_DEMO: 'true',
    MQTT_URL: mqttUrl,
    MQTT_SHARED_SUBSCRIPTIONS: external ? 'auto' : 'off',
    KEYWAY_SIM_LATENCY_MS: '0-25',
  });
  const faults = {
    dropResult: () => faultRng() < 0.1,
    duplicateResult: () => faultRng() < 0.1,
    delayResultMs: () => (faultRng() < 0.15 ? Math.floor(faultRng() * 400) : 0),
  };
  const boot = (sim?: Keyway['sim']) =>
    createKeyway({
      config,
      logger,
      clock,
      random,
      database,
      secretKey,
      simFaults: faults,
      sweepIntervalMs: 100,
      ...(sim ? { sim } : {}),
    });
  let keyway = await boot();
  const sim = keyway.sim!;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await keyway.close({ keepSim: true });
    await sim.stop();
  };
  cleanup.push(stop);

  const request = (method: string, url: string, token?: string, body?: unknown) =>
    keyway.app.inject({
      method: method as 'GET',
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(body === undefined ? {} : { payload: body as object }),
    });
  const login = async (email: string, password = 'keyway-demo') => {
    clock.advance(6_100);
    return (await request('POST', '/api/v1/auth/login', undefined, { email, password })).json().token as string;
  };
  const manager = await login('manager@maplecourt.example');
  await request('PATCH', '/api/v1/community/settings', manager, { sixDigitCodes: true });
  await request('POST', '/api/v1/residents', manager, {
    name: 'Casey Lane',
    email: 'casey@maplecourt.example',
    unit: '101',
    moveIn: '2026-01-01',
    password: 'casey-password',
  });
  const people = [
    await login('alex@maplecourt.example'),
    await login('blair@maplecourt.example'),
    await login('casey@maplecourt.example', 'casey-password'),
  ];
  const cardsOf = async (token: string) =>
    (await request('GET', '/api/v1/me/access', token)).json().cards as CardJson[];
  const expected = new Map<string, string>();
  for (const token of people) for (const card of await cardsOf(token)) expected.set(card.id, card.code);
  const hubs = [
    ...new Set(
      sim
        .locks()
        .map((l) => l.hubId)
        .filter((h): h is string => h !== null),
    ),
  ];
  const bleLocks = sim
    .locks()
    .filter((l) => l.connectivity === 'bluetooth')
    .map((l) => l.lockId);
  const counts = { changes: 0, unplugs: 0, brokerRestarts: 0, serverRestarts: 0, phoneVisits: 0 };

  for (let step = 0; step < 45; step++) {
    const roll = rng();
    if (roll < 0.55) {
      const token = pickOne(people);
      const card = pickOne(await cardsOf(token));
      clock.advance(3_100);
      const pick = card.scope === 'home' && chance(0.4);
      const body = pick
        ? { code: String(100_000 + Math.floor(rng() * 899_999)).slice(0, chance(0.5) ? 4 : 6) }
        : { length: chance(0.5) ? 4 : 6 };
      const response = await request(
        'POST',
        `/api/v1/me/access/cards/${card.id}/${pick ? 'pick' : 'generate'}`,
        token,
        body,
      );
      if (response.statusCode === 202) {
        const updated = response.json().card as CardJson;
        expected.set(card.id, updated.pendingCode ?? updated.code);
        counts.changes++;
      } else {
        expect(response.statusCode, response.body).toBeLessThan(500); // a weak or conflicting pick is refused, fine
        if (process.env.CHAOS_DEBUG) console.log(response.statusCode, response.body.slice(0, 200));
      }
    } else if (roll < 0.7) {
      const hub = pickOne(hubs);
      await sim.setHubOnline(hub, chance(0.5));
      counts.unplugs++;
    } else if (roll < 0.77 && broker && brokerPort !== undefined) {
      await broker.close();
      await sleep(50);
      broker = await startEmbeddedBroker({ port: brokerPort, logger });
      counts.brokerRestarts++;
    } else if (roll < 0.85) {
      await keyway.close({ keepSim: true });
      keyway = await boot(sim);
      counts.serverRestarts++;
    } else if (roll < 0.92 && bleLocks.length > 0) {
      await request('POST', `/api/v1/sim/locks/${pickOne(bleLocks)}/phone-nearby`, people[1]);
      counts.phoneVisits++;
    } else {
      clock.advance(20_000);
    }
    await sleep(Math.floor(rng() * 120));
  }

  // Quiescence: every hub back, time moves on (timeouts, retries), phones visit, inventories are asked for.
  for (const hub of hubs) await sim.setHubOnline(hub, true);
  const deadline = Date.now() + 90_000;
  let problems: string[] = [];
  for (let round = 0; Date.now() < deadline; round++) {
    clock.advance(30_000);
    await keyway.sync.sweepNow();
    for (const lockId of bleLocks) await request('POST', `/api/v1/sim/locks/${lockId}/phone-nearby`, people[1]);
    if (round % 3 === 2)
      for (const lock of sim.locks()) if (lock.hubId) await keyway.sync.requestInventory(lock.lockId);
    await sleep(300);
    problems = await findProblems();
    if (problems.length === 0) break;
  }
  console.log(`chaos seed ${seed}: ${JSON.stringify(counts)}`);
  expect(problems, `seed ${seed}`).toEqual([]);
  // Shutting down is part of the run: nothing may still be handled against a closed queue or database.
  await stop();
  if (errorLines.length > 0)
    console.log(`chaos seed ${seed}: error lines in the server log:\n${errorLines.join('\n')}`);
  expect(errorLines, `seed ${seed}: error lines in the server log`).toEqual([]);

  async function findProblems(): Promise<string[]> {
    const found: string[] = [];
    const wantedOnLock = new Map<string, Set<string>>();
    for (const token of people) {
      for (const card of await cardsOf(token)) {
        if (card.code !== expected.get(card.id))
          found.push(`card ${card.scope} shows ${card.code}, last change was ${expected.get(card.id)}`);
        if (card.pendingCode !== null) found.push(`card ${card.scope} still has a pending code`);
        for (const door of card.doors) {
          if (door.status !== 'active') found.push(`${door.name}: ${door.status}/${door.reason}`);
          const lock = sim.locks().find((l) => l.accessPointId === door.accessPointId)!;
          const set = wantedOnLock.get(lock.lockId) ?? new Set<string>();
          set.add(card.code);
          wantedOnLock.set(lock.lockId, set);
        }
      }
    }
    for (const lock of sim.locks()) {
      const held = (sim.slots(lock.lockId) ?? []).map((s) => s.code).sort();
      const wanted = [...(wantedOnLock.get(lock.lockId) ?? [])].sort();
      if (JSON.stringify(held) !== JSON.stringify(wanted))
        found.push(
          `${lock.name} holds ${held.length} codes, API says ${wanted.length} (${held.join(',')} vs ${wanted.join(',')})`,
        );
    }
    return found;
  }
}
