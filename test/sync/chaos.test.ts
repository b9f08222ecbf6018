/**
 * Chaos: random code changes, guest and staff codes made and revoked, residents moving out (and others in), while
 * hubs drop, the broker restarts, results are lost, duplicated and reordered, locks are wiped or reprogrammed at
 * the keypad, and the server restarts — against simulated locks. After things calm down (the product's own
 * verification reads and phone visits repair what the locks lost), in every run, what each simulated lock holds
 * must equal the union of what the API says is on that door, no code change may be lost, a moved-out resident's
 * codes (and their guests') are on no lock, and the server log has no error line.
 *
 * Every run is reproducible: `npm test` runs the fixed seeds below; `CHAOS_SEED=<n>[,<n>…]` runs those,
 * `CHAOS_SEED=random` explores with a fresh seed (printed, so a failure can be replayed). With MQTT_URL set
 * (CI's Mosquitto) the broker cannot be restarted from here, so broker restarts are left out of that run.
 * A server killed between commit and publish, and two server processes, are in chaosProcesses.test.ts.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterEach, expect, it } from 'vitest';
import { createKeyway, type Keyway } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { mulberry32, seededRandomInt } from '../../src/domain/pin/testRandom.ts';
import { createLogger } from '../../src/logger.ts';
import { type EmbeddedBroker, startEmbeddedBroker } from '../../src/mqtt/embeddedBroker.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { CAPTURE_LEVEL, captureLine, levelOf, lowerLevel } from '../support/logCapture.ts';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.ts';
import type { CardJson } from '../support/testKeyway.ts';

/**
 * The seeds CI runs every time. 1–7 and 11–13 converged when the test was written; when a seed finds a bug,
 * add it here (with the bug's commit in a comment) so the bug stays found. Seed 7, once wipes, keypad
 * reprogramming and staff codes were added, left an expired staff code on the Lobby for good: its set_code's
 * result was lost, and once unwanted, the slot was taken for empty on an older inventory and forgotten (the fix:
 * `unanswered` in domain/sync/lockPlan.ts).
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

const STEPS = 60;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
  cleanup.length = 0;
});

for (const seed of chosenSeeds()) {
  it(`converges to the truth on the locks (seed ${seed})`, { timeout: 240_000 }, () => runChaos(seed));
}

interface DoorJson {
  accessPointId: string;
  name: string;
  status: string;
  reason: string | null;
}

interface TimedCodeJson {
  id: string;
  code: string;
  status: string;
  startsAt: string | null;
  endsAt: string | null;
  doors: DoorJson[];
}

interface Person {
  email: string;
  token: string;
  residentId: string | null;
  /** Moved in by this test: may be moved out (Alex and Blair stay, for the phone visits and the unit doors). */
  movable: boolean;
}

/** A guest or staff code as made through the API: what it must look like from now on. */
interface Tracked {
  kind: 'guest' | 'staff';
  type: string;
  code: string;
  owner: Person | null;
  startsAt: string | null;
  endsAt: string | null;
  revoked: boolean;
}

async function runChaos(seed: number) {
  console.log(`chaos seed ${seed}`);
  const started = Date.now();
  // Three streams from one seed, so the script of steps does not depend on when faults are drawn: the steps,
  // the faults injected into results, and the codes the server generates.
  const uint32 = mulberry32(seed);
  const rng = () => uint32() / 2 ** 32;
  const faultUint32 = mulberry32(seed ^ 0x9e3779b9);
  const faultRng = () => faultUint32() / 2 ** 32;
  const random = { int: seededRandomInt(seed ^ 0x85ebca6b), uuid: () => randomUUID() };
  const chance = (p: number) => rng() < p;
  const pickOne = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
  const between = (low: number, high: number) => low + Math.floor(rng() * (high - low + 1));
  // The server log is captured at error level (CHAOS_LOG lowers it and echoes everything): a run that converged
  // but logged an error (a deadlock, a report handled after the database closed) still fails.
  const errorLines: string[] = [];
  // Keyway's own logger (redaction as in production), at debug too for the suite's log scan (logCapture.ts).
  const echoLevel = pino.levels.values[process.env.CHAOS_LOG ?? ''] ?? Number.POSITIVE_INFINITY;
  const logger = createLogger(lowerLevel(process.env.CHAOS_LOG ?? 'error', CAPTURE_LEVEL), {
    write(line: string) {
      captureLine(line);
      const level = levelOf(line) ?? 0;
      if (level >= 50) errorLines.push(line.trim());
      if (level >= echoLevel) process.stdout.write(line);
    },
  });
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
  /** A refusal (4xx) is a fine answer to a random request; a 5xx never is. */
  const accepted = (response: Awaited<ReturnType<typeof request>>, status: number) => {
    expect(response.statusCode, response.body).toBeLessThan(500);
    if (response.statusCode !== status && process.env.CHAOS_DEBUG)
      console.log(response.statusCode, response.body.slice(0, 200));
    return response.statusCode === status;
  };
  const login = async (email: string, password = 'keyway-demo') => {
    clock.advance(6_100);
    return (await request('POST', '/api/v1/auth/login', undefined, { email, password })).json().token as string;
  };
  const manager = await login('manager@maplecourt.example');
  // Hub locks are read back every 5 simulated minutes (the product's verification cadence): wipes and keypad
  // reprogramming are found by the product, as in a building, not by this test.
  await request('PATCH', '/api/v1/community/settings', manager, { sixDigitCodes: true, verifyIntervalMinutes: 5 });
  const cardsOf = async (token: string) =>
    (await request('GET', '/api/v1/me/access', token)).json().cards as CardJson[];
  const expected = new Map<string, string>(); // card id → the code of its last accepted change
  const tracked = new Map<string, Tracked>(); // guest and staff codes by id
  const goneCodes: { code: string; what: string }[] = []; // moved-out residents' codes and their guests'
  const tamperedCodes = new Set<string>();
  let movedIn = 0;
  const moveIn = async (unit: string): Promise<Person | undefined> => {
    const n = ++movedIn;
    const email = `mover${n}@maplecourt.example`;
    const response = await request('POST', '/api/v1/residents', manager, {
      name: `Mover ${n}`,
      email,
      unit,
      moveIn: '2026-01-01',
      password: 'mover-password',
    });
    if (!accepted(response, 201)) return undefined;
    const residentId = response.json().resident.id as string;
    const person: Person = { email, token: await login(email, 'mover-password'), residentId, movable: true };
    for (const card of await cardsOf(person.token)) expected.set(card.id, card.code);
    return person;
  };
  const people: Person[] = [
    {
      email: 'alex@maplecourt.example',
      token: await login('alex@maplecourt.example'),
      residentId: null,
      movable: false,
    },
    {
      email: 'blair@maplecourt.example',
      token: await login('blair@maplecourt.example'),
      residentId: null,
      movable: false,
    },
  ];
  for (const person of people) for (const card of await cardsOf(person.token)) expected.set(card.id, card.code);
  people.push((await moveIn('101'))!);
  const blair = people[1]!;
  const hubs = [
    ...new Set(
      sim
        .locks()
        .map((l) => l.hubId)
        .filter((h): h is string => h !== null),
    ),
  ];
  const allLocks = sim.locks().map((l) => l.lockId);
  const bleLocks = sim
    .locks()
    .filter((l) => l.connectivity === 'bluetooth')
    .map((l) => l.lockId);
  const counts = {
    changes: 0,
    unplugs: 0,
    brokerRestarts: 0,
    serverRestarts: 0,
    phoneVisits: 0,
    guestCodes: 0,
    guestRevokes: 0,
    staffCodes: 0,
    staffRevokes: 0,
    wipes: 0,
    tampers: 0,
    moveOuts: 0,
    refused: 0,
  };

  /** Local wall-clock minutes in Maple Court (America/Chicago: UTC−5 in June). */
  const localMinutes = () => {
    const now = clock.now();
    return (now.getUTCHours() * 60 + now.getUTCMinutes() - 5 * 60 + 1440) % 1440;
  };
  const hhmm = (minutes: number) => {
    const m = ((minutes % 1440) + 1440) % 1440;
    return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  };
  const inMinutes = (minutes: number) => new Date(clock.now().getTime() + minutes * 60_000).toISOString();

  const changeCode = async () => {
    const person = pickOne(people);
    const card = pickOne(await cardsOf(person.token));
    clock.advance(3_100);
    const pick = card.scope === 'home' && chance(0.4);
    const body = pick
      ? { code: String(100_000 + Math.floor(rng() * 899_999)).slice(0, chance(0.5) ? 4 : 6) }
      : { length: chance(0.5) ? 4 : 6 };
    const response = await request(
      'POST',
      `/api/v1/me/access/cards/${card.id}/${pick ? 'pick' : 'generate'}`,
      person.token,
      body,
    );
    // A weak or conflicting pick is refused, fine.
    if (!accepted(response, 202)) return counts.refused++;
    const updated = response.json().card as CardJson;
    expected.set(card.id, updated.pendingCode ?? updated.code);
    counts.changes++;
  };

  const createGuestCode = async () => {
    const owner = pickOne(people);
    const type = pickOne(['permanent', 'temporary', 'recurring', 'delivery'] as const);
    const name = `Guest ${counts.guestCodes + counts.refused}`;
    let body: Record<string, unknown> = { type, name };
    if (type === 'temporary') {
      // Windows that open and close while the test runs (the clock moves about an hour in all).
      const start = between(-5, 20);
      body = { ...body, startsAt: inMinutes(start), endsAt: inMinutes(start + between(5, 60)) };
    } else if (type === 'recurring') {
      const start = localMinutes() + between(-30, 30);
      const schedule = { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: hhmm(start) };
      body = { ...body, schedule: { ...schedule, end: hhmm(start + between(10, 60)) } };
    }
    const response = await request('POST', '/api/v1/me/guest-codes', owner.token, body);
    if (!accepted(response, 201)) return counts.refused++; // no room on a door, the per-resident cap: fine
    const made = response.json().guestCode as TimedCodeJson;
    tracked.set(made.id, {
      kind: 'guest',
      type,
      code: made.code,
      owner,
      startsAt: (body.startsAt as string | undefined) ?? null,
      endsAt: (body.endsAt as string | undefined) ?? null,
      revoked: false,
    });
    counts.guestCodes++;
  };

  const revoke = async (kind: 'guest' | 'staff') => {
    const live = [...tracked].filter(([, t]) => t.kind === kind && !t.revoked);
    if (live.length === 0) return;
    const [id, code] = pickOne(live);
    const response =
      kind === 'guest'
        ? await request('DELETE', `/api/v1/me/guest-codes/${id}`, code.owner!.token)
        : await request('DELETE', `/api/v1/staff-codes/${id}`, manager);
    if (!accepted(response, 200)) return counts.refused++;
    code.revoked = true;
    if (kind === 'guest') counts.guestRevokes++;
    else counts.staffRevokes++;
  };

  const createStaffCode = async () => {
    const timed = chance(0.5);
    const start = between(-2, 10);
    const body = {
      name: `Staff ${counts.staffCodes}`,
      kind: chance(0.5) ? 'staff' : 'vendor',
      ...(timed ? { startsAt: inMinutes(start), endsAt: inMinutes(start + between(5, 45)) } : {}),
    };
    const response = await request('POST', '/api/v1/staff-codes', manager, body);
    if (!accepted(response, 201)) return counts.refused++;
    const made = response.json().staffCode as TimedCodeJson;
    tracked.set(made.id, {
      kind: 'staff',
      type: body.kind,
      code: made.code,
      owner: null,
      startsAt: body.startsAt ?? null,
      endsAt: body.endsAt ?? null,
      revoked: false,
    });
    counts.staffCodes++;
  };

  const tamper = async () => {
    const lockId = pickOne(allLocks);
    const slots = sim.slots(lockId) ?? [];
    if (slots.length === 0) return;
    // Six digits starting with 9: a code nobody in the run is likely to hold, so repairing it is the only story.
    const code = `9${String(between(0, 99_999)).padStart(5, '0')}`;
    const response = await request('POST', `/api/v1/sim/locks/${lockId}/tamper`, manager, {
      slot: pickOne(slots).slot,
      code,
    });
    if (!accepted(response, 200)) return counts.refused++;
    tamperedCodes.add(code);
    counts.tampers++;
  };

  const moveOut = async () => {
    const movable = people.filter((p) => p.movable);
    if (movable.length === 0) return;
    const person = pickOne(movable);
    // What they and their guests hold, as the API showed it just before.
    const cards = await cardsOf(person.token);
    const response = await request('POST', `/api/v1/residents/${person.residentId}/move-out`, manager);
    if (!accepted(response, 200)) return counts.refused++;
    for (const card of cards) {
      goneCodes.push({ code: expected.get(card.id)!, what: `${person.email}'s ${card.scope} code` });
      if (card.code !== expected.get(card.id)) goneCodes.push({ code: card.code, what: `${person.email}'s old code` });
      expected.delete(card.id);
    }
    for (const code of tracked.values())
      if (code.owner === person && !code.revoked) {
        code.revoked = true;
        goneCodes.push({ code: code.code, what: `a guest code of ${person.email}` });
      }
    people.splice(people.indexOf(person), 1);
    // Their session ended with the lease.
    expect((await request('GET', '/api/v1/me/access', person.token)).statusCode).toBe(401);
    counts.moveOuts++;
    // Someone else moves in (the unit doors are a hub lock and a Bluetooth lock).
    const next = await moveIn(pickOne(['101', '102']));
    if (next) people.push(next);
  };

  for (let step = 0; step < STEPS; step++) {
    const roll = rng();
    if (roll < 0.4) await changeCode();
    else if (roll < 0.49) {
      await sim.setHubOnline(pickOne(hubs), chance(0.5));
      counts.unplugs++;
    } else if (roll < 0.53 && broker && brokerPort !== undefined) {
      await broker.close();
      await sleep(50);
      broker = await startEmbeddedBroker({ port: brokerPort, logger });
      counts.brokerRestarts++;
    } else if (roll < 0.59) {
      await keyway.close({ keepSim: true });
      keyway = await boot(sim);
      counts.serverRestarts++;
    } else if (roll < 0.64 && bleLocks.length > 0) {
      accepted(await request('POST', `/api/v1/sim/locks/${pickOne(bleLocks)}/phone-nearby`, blair.token), 200);
      counts.phoneVisits++;
    } else if (roll < 0.71) await createGuestCode();
    else if (roll < 0.74) await revoke('guest');
    else if (roll < 0.78) await (chance(0.7) ? createStaffCode() : revoke('staff'));
    else if (roll < 0.83) {
      if (accepted(await request('POST', `/api/v1/sim/locks/${pickOne(allLocks)}/wipe`, manager), 200)) counts.wipes++;
    } else if (roll < 0.88) await tamper();
    else if (roll < 0.92) await moveOut();
    else clock.advance(20_000);
    await sleep(Math.floor(rng() * 120));
  }
  const chaosMs = Date.now() - started;

  // Quiescence: every hub back, time moves on (timeouts, retries, verification reads), phones visit, and
  // inventories are asked for.
  for (const hub of hubs) await sim.setHubOnline(hub, true);
  const deadline = Date.now() + 120_000;
  let problems: string[] = [];
  let rounds = 0;
  for (; Date.now() < deadline; rounds++) {
    clock.advance(30_000);
    await keyway.sync.sweepNow();
    for (const lockId of bleLocks) await request('POST', `/api/v1/sim/locks/${lockId}/phone-nearby`, blair.token);
    if (rounds % 3 === 2)
      for (const lock of sim.locks()) if (lock.hubId) await keyway.sync.requestInventory(lock.lockId);
    await sleep(300);
    problems = await findProblems();
    if (problems.length === 0) break;
  }
  console.log(
    `chaos seed ${seed}: ${JSON.stringify(counts)}; chaos ${chaosMs} ms, quiet after ${rounds} rounds, ` +
      `${Date.now() - started} ms in all`,
  );
  expect(problems, `seed ${seed}`).toEqual([]);
  // Shutting down is part of the run: nothing may still be handled against a closed queue or database.
  await stop();
  if (errorLines.length > 0)
    console.log(`chaos seed ${seed}: error lines in the server log:\n${errorLines.join('\n')}`);
  expect(errorLines, `seed ${seed}: error lines in the server log`).toEqual([]);

  async function findProblems(): Promise<string[]> {
    const found: string[] = [];
    const now = clock.now().getTime();
    const wantedOnLock = new Map<string, Set<string>>();
    const lockOf = (accessPointId: string) => sim.locks().find((l) => l.accessPointId === accessPointId)!;
    const want = (door: DoorJson, code: string) => {
      const lock = lockOf(door.accessPointId);
      const set = wantedOnLock.get(lock.lockId) ?? new Set<string>();
      set.add(code);
      wantedOnLock.set(lock.lockId, set);
    };
    for (const person of people) {
      for (const card of await cardsOf(person.token)) {
        if (card.code !== expected.get(card.id))
          found.push(`card ${card.scope} shows ${card.code}, last change was ${expected.get(card.id)}`);
        if (card.pendingCode !== null) found.push(`card ${card.scope} still has a pending code`);
        for (const door of card.doors) {
          if (door.status !== 'active') found.push(`${door.name}: ${door.status}/${door.reason}`);
          want(door, card.code);
        }
      }
    }
    const guestCodes = (
      await Promise.all(
        people.map(
          async (p) => (await request('GET', '/api/v1/me/guest-codes', p.token)).json().guestCodes as TimedCodeJson[],
        ),
      )
    ).flat();
    const staffCodes = (await request('GET', '/api/v1/staff-codes', manager)).json().staffCodes as TimedCodeJson[];
    const listed = new Set<string>();
    for (const code of [...guestCodes, ...staffCodes]) {
      listed.add(code.id);
      const mine = tracked.get(code.id);
      if (!mine) {
        found.push(`${code.id}: a code this test never made`);
        continue;
      }
      const label = `${mine.kind} ${mine.type} ${code.id.slice(0, 8)}`;
      if (mine.kind === 'guest' && code.code !== mine.code) found.push(`${label} shows another code`);
      if (mine.startsAt !== null && Date.parse(code.startsAt ?? '') !== Date.parse(mine.startsAt))
        found.push(`${label} starts at ${code.startsAt}, asked ${mine.startsAt}`);
      if (mine.endsAt !== null && Date.parse(code.endsAt ?? '') !== Date.parse(mine.endsAt))
        found.push(`${label} ends at ${code.endsAt}, asked ${mine.endsAt}`);
      const endsAt = code.endsAt === null ? null : Date.parse(code.endsAt);
      const startsAt = code.startsAt === null ? null : Date.parse(code.startsAt);
      const statuses = mine.revoked
        ? ['revoked']
        : endsAt !== null && now >= endsAt
          ? ['expired']
          : startsAt !== null && now < startsAt
            ? ['scheduled']
            : mine.type === 'recurring'
              ? ['active', 'scheduled']
              : ['active'];
      if (!statuses.includes(code.status)) found.push(`${label} is ${code.status}, expected ${statuses.join('|')}`);
      const ended = ['revoked', 'expired', 'used'].includes(code.status);
      // Open now: a temporary or staff window around now, or a code without one.
      const openNow = mine.type !== 'recurring' && (startsAt === null || startsAt <= now);
      for (const door of code.doors) {
        if (ended) {
          // Off every lock. (An expired code's door reads pending/outside_window rather than removed: its row
          // still wants it, the validity says never again.)
          const off = door.status === 'removed' || (door.status === 'pending' && door.reason === 'outside_window');
          if (!off) found.push(`${label} ended, ${door.name}: ${door.status}/${door.reason}`);
        } else if (door.status === 'active') want(door, mine.code);
        // Between windows, rightly not on the lock now (a lock with native schedules holds it anyway: active).
        else if (!(door.status === 'pending' && door.reason === 'outside_window' && !openNow))
          found.push(`${label} ${door.name}: ${door.status}/${door.reason}`);
      }
    }
    for (const [id, mine] of tracked)
      if (!listed.has(id) && (mine.owner === null || people.includes(mine.owner)))
        found.push(`${mine.kind} code ${id} is missing from the API`);
    // Slots the API lists as unmanaged: codes Keyway did not set (a reprogrammed slot it had already let go of).
    const fleet = (await request('GET', '/api/v1/locks', manager)).json().locks as {
      lockId: string;
      unmanagedSlots: number[];
    }[];
    for (const lock of sim.locks()) {
      const slots = sim.slots(lock.lockId) ?? [];
      const unmanaged = new Set(fleet.find((f) => f.lockId === lock.lockId)?.unmanagedSlots ?? []);
      const held = slots
        .filter((s) => !(unmanaged.has(s.slot) && tamperedCodes.has(s.code)))
        .map((s) => s.code)
        .sort();
      const wanted = [...(wantedOnLock.get(lock.lockId) ?? [])].sort();
      if (JSON.stringify(held) !== JSON.stringify(wanted))
        found.push(
          `${lock.name} holds ${held.length} codes, API says ${wanted.length} (${held.join(',')} vs ${wanted.join(',')})`,
        );
      for (const gone of goneCodes)
        if (held.includes(gone.code) && !wanted.includes(gone.code))
          found.push(`${lock.name} still holds ${gone.what}`);
    }
    return found;
  }
}
