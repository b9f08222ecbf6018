/**
 * Chaos across processes: two Keyway server processes (`tsx src/main.ts`, production mode) on one PostgreSQL
 * database and one broker (Mosquitto: shared subscriptions), driving the demo's simulated hubs and Bluetooth lock,
 * which run in this test's process (seeded here, then the seeding server closes and leaves them running, so the
 * test can read every lock's slots). Random code changes, guest codes and staff codes go through both processes
 * while hubs are unplugged and phones visit; one process SIGKILLs itself at the worst moment — right after a
 * reconcile transaction committed its commands, before publishing any (the test-only hook in
 * src/sync/testKillAfterCommit.ts) — and is started again. The survivor and the restarted process must deliver
 * everything: every lock holds exactly what the API says, no change lost, no 5xx, no error line in their logs,
 * and the commands the killed process committed but never published timed out and were taken over.
 *
 * Needs DATABASE_URL and a reachable MQTT_URL (CI runs the suite on PostgreSQL + Mosquitto); skipped otherwise.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { createKeyway } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { SimWorld } from '../../src/demo/simWorld.ts';
import { mulberry32 } from '../../src/domain/pin/testRandom.ts';
import { queryRows } from '../../src/store/rawQuery.ts';
import { brokerReachable, callApi, errorLines, type Proc, Processes, running } from '../support/processes.ts';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.ts';
import type { CardJson } from '../support/testKeyway.ts';

const MQTT_URL = process.env.MQTT_URL;
const enabled = Boolean(process.env.DATABASE_URL) && (await brokerReachable(MQTT_URL));
if (!enabled)
  console.warn('SKIPPED chaosProcesses.test.ts: needs DATABASE_URL and a reachable MQTT_URL broker (PostgreSQL mode)');

/** Random steps through both processes (CHAOS_SEED replays a run's script; the timing is the real world's). */
const SEED = Number(process.env.CHAOS_SEED) || 20_260_615;
const CHAOS_MS = 40_000;
const WORKERS = 3;
/** The killed process dies after its n-th reconcile transaction that committed hub commands. */
const KILL_AFTER_COMMIT = 20;
const PASSWORD = 'keyway-demo';
const MAX_STAFF_CODES = 3;

interface Person {
  email: string;
  token: string;
}

interface DoorJson {
  accessPointId: string;
  name: string;
  status: string;
  reason: string | null;
}

interface CodeJson {
  id: string;
  code: string;
  status: string;
  doors: DoorJson[];
}

interface Tracked {
  kind: 'guest' | 'staff';
  code: string;
  owner: Person | null;
  revoked: boolean;
}

const fleet = new Processes();
let database: TestDatabase | undefined;
let sim: SimWorld | undefined;
let dataDir: string | undefined;

afterAll(async () => {
  await fleet.killAll();
  await sim?.stop();
  await database?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(!enabled)('chaos across two server processes, one killed between commit and publish', () => {
  it('every lock holds what the API says, nothing lost, nothing failed', { timeout: 300_000 }, async () => {
    const started = Date.now();
    const uint32 = mulberry32(SEED);
    const rng = () => uint32() / 2 ** 32;
    const chance = (p: number) => rng() < p;
    const pickOne = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    console.info(`chaos processes: seed ${SEED}`);

    dataDir = mkdtempSync(join(tmpdir(), 'keyway-chaos-'));
    database = await createTestDatabase();
    const db = database;
    const secretKey = randomBytes(32);
    // This process's own log (the seeding server, then the simulated hubs): error lines fail the run too.
    const localErrors: string[] = [];
    const logger = pino(
      { level: 'error' },
      {
        write(line: string) {
          localErrors.push(line.trim());
        },
      },
    );

    // The demo community, its people and its simulated world, made here; the seeding server then closes and
    // leaves the simulated hubs and Bluetooth lock running (a server stopping is not a power cut).
    const seeder = await createKeyway({
      config: loadConfig({
        KEYWAY_DEMO: 'true',
        DATABASE_URL: db.url as string,
        MQTT_URL: MQTT_URL as string,
        KEYWAY_DATA_DIR: dataDir,
        KEYWAY_SECRET_KEY: secretKey.toString('hex'),
        KEYWAY_SIM_LATENCY_MS: '20-150',
      }),
      logger,
      database: db,
      secretKey,
    });
    let client = 0;
    const inject = async (method: string, url: string, token: string | undefined, body?: unknown) => {
      const response = await seeder.app.inject({
        method: method as 'GET',
        url: `/api/v1${url}`,
        remoteAddress: `10.0.0.${++client}`, // the per-address sign-in limit is not this test's story
        headers: token ? { authorization: `Bearer ${token}` } : {},
        ...(body === undefined ? {} : { payload: body as object }),
      });
      return response.json();
    };
    const login = async (email: string, password = PASSWORD) =>
      (await inject('POST', '/auth/login', undefined, { email, password })).token as string;
    const manager = await login('manager@maplecourt.example');
    // Two more residents: more people to change codes (each may change theirs 20 times a minute).
    for (const [name, unit] of [
      ['Casey Lane', '101'],
      ['Drew Park', '102'],
    ] as const) {
      const email = `${name.split(' ')[0]?.toLowerCase()}@maplecourt.example`;
      await inject('POST', '/residents', manager, { name, email, unit, moveIn: '2026-01-01', password: PASSWORD });
    }
    const people: Person[] = [];
    for (const email of ['alex', 'blair', 'casey', 'drew'].map((n) => `${n}@maplecourt.example`))
      people.push({ email, token: await login(email) });
    const blair = people[1]!;
    sim = seeder.sim!;
    const world = sim;
    await seeder.close({ keepSim: true });

    const serverEnv = {
      DATABASE_URL: db.url as string,
      MQTT_URL: MQTT_URL as string,
      KEYWAY_SECRET_KEY: secretKey.toString('hex'),
      KEYWAY_DEMO: 'false',
      KEYWAY_DATA_DIR: dataDir,
      KEYWAY_PUBLIC_URL: 'https://keys.example.org',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
    };
    const [a, b] = await Promise.all([
      fleet.startServer('keyway-a', serverEnv),
      fleet.startServer('keyway-b', { ...serverEnv, KEYWAY_TEST_KILL_AFTER_COMMIT: String(KILL_AFTER_COMMIT) }),
    ]);
    let restarted: Proc | undefined;
    let killedAt: number | undefined;
    let restarting: Promise<Proc> | undefined;
    b.child.once('exit', () => {
      killedAt = Date.now();
      restarting = fleet.startServer('keyway-b2', serverEnv).then((proc) => {
        restarted = proc;
        return proc;
      });
    });
    onTestFailed(async () => {
      await sleep(2_000); // the processes' logs are written asynchronously
      for (const p of fleet.all)
        console.error(`--- ${p.name} (pid ${p.child.pid}) ---\n${p.output.join('\n').slice(-6_000)}`);
      console.error(`--- this process ---\n${localErrors.join('\n').slice(-4_000)}`);
      const facts = await queryRows(
        db.db,
        sql`select lc.lock_id, lc.access_code_id, ac.kind, ac.guest_type, ac.status as code_status, lc.state, lc.reason,
              lc.intent, lc.slot, lc.attempts, lc.reported_version, ac.version
            from lock_codes lc join access_codes ac on ac.id = lc.access_code_id
            where lc.state <> 'active' and lc.state <> 'removed' or lc.attempts > 0 order by lc.lock_id limit 60`,
      ).catch(String);
      console.error(`--- lock_codes not settled ---\n${JSON.stringify(facts, null, 1)}`);
    });
    // Both servers hear every hub: a replug reports status and inventory to them.
    const hubs = [...new Set(world.locks().flatMap((l) => (l.hubId ? [l.hubId] : [])))];
    for (const hub of hubs) {
      await world.setHubOnline(hub, false);
      await world.setHubOnline(hub, true);
    }
    const bleLocks = world.locks().filter((l) => l.connectivity === 'bluetooth');

    // Requests go to either process; to the other one while a process is dead or starting again.
    const serverErrors: string[] = [];
    const pickServer = () => {
      const second = restarted ?? b;
      return chance(0.5) && running(second) ? second : a;
    };
    /** One call; a connection cut by the kill is retried on A (the change may or may not have committed). */
    const call = async (method: string, path: string, token: string, body?: unknown) => {
      const target = pickServer();
      let response = await callApi(target, method, path, token, body).catch(() => undefined);
      const cut = response === undefined;
      response ??= await callApi(a, method, path, token, body);
      if (response.status >= 500)
        serverErrors.push(`${method} ${path} → ${response.status} ${JSON.stringify(response.body)}`);
      return { ...response, cut };
    };
    const cardsOf = async (person: Person, via: Proc = a) =>
      (await callApi(via, 'GET', '/me/access', person.token)).body.cards as CardJson[];

    const latest = new Map<string, string>(); // card id → the code of its last accepted change
    for (const person of people) for (const card of await cardsOf(person)) latest.set(card.id, card.code);
    const tracked = new Map<string, Tracked>();
    /** Creations whose answer was lost to the kill: their codes may exist, made by the killed process. */
    const uncertain = { guest: 0, staff: 0 };
    const counts = {
      changes: 0,
      guestCodes: 0,
      guestRevokes: 0,
      staffCodes: 0,
      staffRevokes: 0,
      unplugs: 0,
      phoneVisits: 0,
      refused: 0,
      cut: 0,
    };

    const visitPhone = async (lockId: string) => {
      const lock = world.bluetoothLock(lockId);
      if (!lock) return;
      const bundle = await callApi(a, 'GET', `/me/locks/${lockId}/bundle`, blair.token);
      if (bundle.status !== 200) return;
      const receipt = await lock.deliver(bundle.body as Parameters<typeof lock.deliver>[0]);
      await callApi(a, 'POST', `/me/locks/${lockId}/receipt`, blair.token, receipt);
    };

    const step = async () => {
      const roll = rng();
      if (roll < 0.55) {
        const person = pickOne(people);
        const card = pickOne(await cardsOf(person));
        const pick = card.scope === 'home' && chance(0.3);
        const body = pick ? { code: String(1_000 + Math.floor(rng() * 8_999)) } : { length: 4 };
        const response = await call(
          'POST',
          `/me/access/cards/${card.id}/${pick ? 'pick' : 'generate'}`,
          person.token,
          body,
        );
        if (response.cut) counts.cut++;
        if (response.status !== 202) return counts.refused++; // a weak pick, a rate limit: refused, fine
        const updated = response.body.card as CardJson;
        latest.set(card.id, updated.pendingCode ?? updated.code);
        counts.changes++;
      } else if (roll < 0.68) {
        const owner = pickOne(people);
        const type = pickOne(['permanent', 'temporary', 'delivery'] as const);
        const window = {
          startsAt: new Date(Date.now() - 60_000).toISOString(),
          endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        };
        const body = { type, name: `Guest ${counts.guestCodes}`, ...(type === 'temporary' ? window : {}) };
        const response = await call('POST', '/me/guest-codes', owner.token, body);
        if (response.cut) {
          counts.cut++;
          uncertain.guest++;
        }
        if (response.status !== 201) return counts.refused++;
        const made = response.body.guestCode as CodeJson;
        tracked.set(made.id, { kind: 'guest', code: made.code, owner, revoked: false });
        counts.guestCodes++;
      } else if (roll < 0.76) {
        const live = [...tracked].filter(([, t]) => !t.revoked);
        if (live.length === 0) return;
        const [id, code] = pickOne(live);
        const path = code.kind === 'guest' ? `/me/guest-codes/${id}` : `/staff-codes/${id}`;
        const response = await call('DELETE', path, code.owner?.token ?? manager);
        if (response.cut) counts.cut++;
        if (response.status !== 200) return counts.refused++;
        code.revoked = true;
        if (code.kind === 'guest') counts.guestRevokes++;
        else counts.staffRevokes++;
      } else if (roll < 0.84) {
        // A few at a time: a community door has 30 slots, and a staff code beyond them fails with no_free_slot.
        if ([...tracked.values()].filter((t) => t.kind === 'staff' && !t.revoked).length >= MAX_STAFF_CODES) return;
        const response = await call('POST', '/staff-codes', manager, {
          name: `Staff ${counts.staffCodes}`,
          kind: 'vendor',
        });
        if (response.cut) {
          counts.cut++;
          uncertain.staff++;
        }
        if (response.status !== 201) return counts.refused++;
        const made = response.body.staffCode as CodeJson;
        tracked.set(made.id, { kind: 'staff', code: made.code, owner: null, revoked: false });
        counts.staffCodes++;
      } else if (roll < 0.92) {
        await world.setHubOnline(pickOne(hubs), chance(0.5));
        counts.unplugs++;
      } else {
        for (const lock of bleLocks) await visitPhone(lock.lockId);
        counts.phoneVisits++;
      }
    };

    const chaosStart = Date.now();
    const chaosEnd = chaosStart + CHAOS_MS;
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (Date.now() < chaosEnd) {
          await step();
          await sleep(Math.floor(rng() * 300));
        }
      }),
    );
    const chaosMs = Date.now() - chaosStart;
    expect(killedAt, 'the killed process died at the hook during the chaos').toBeDefined();
    expect(b.child.signalCode).toBe('SIGKILL');
    const second = await restarting!;

    // Quiescence: hubs back, phones visit; the survivors time out what the killed process left and resend it.
    for (const hub of hubs) await world.setHubOnline(hub, true);
    const deadline = Date.now() + 150_000;
    let problems: string[] = [];
    let rounds = 0;
    for (; Date.now() < deadline; rounds++) {
      for (const lock of bleLocks) await visitPhone(lock.lockId);
      problems = await findProblems();
      if (problems.length === 0) break;
      await sleep(2_000);
    }
    const convergedMs = Date.now() - (killedAt as number);
    const killedMs = (killedAt as number) - chaosStart;
    console.info(
      `chaos processes: ${JSON.stringify(counts)}; chaos ${chaosMs} ms (killed at ${killedMs} ms); converged ${convergedMs} ms after the kill ` +
        `(${rounds} checks); ${Date.now() - started} ms in all`,
    );
    expect(problems).toEqual([]);
    expect(serverErrors, 'no 5xx').toEqual([]);

    // The hook's commands: committed by the killed process (they are in lock_commands, sent by it), never
    // published (so never answered), then timed out — and the locks hold what the API says all the same.
    const hookLine = b.output.find((line) => line.includes('"testFault":"killed_after_commit"'));
    expect(hookLine, 'the kill came from the hook').toBeDefined();
    const { commandIds } = JSON.parse(hookLine as string) as { commandIds: string[] };
    const rows = await queryRows<{ id: string; status: string; sent_by: string | null }>(
      db.db,
      sql`select id, status, sent_by from lock_commands where id in (${sql.join(
        commandIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
    );
    console.info(
      `chaos processes: killed with ${commandIds.length} committed, unpublished commands: ${rows.map((r) => r.status).join(', ')}`,
    );
    expect(rows.length).toBe(commandIds.length);
    for (const row of rows) {
      expect(row.sent_by).toContain(`-${b.child.pid}-`);
      expect(['timed_out', 'superseded']).toContain(row.status);
    }
    // Orderly shutdown of the survivors is part of the run: no error line in their logs, nor in this process's.
    for (const proc of [a, second]) {
      proc.child.kill('SIGTERM');
      await new Promise((resolve) => proc.child.once('exit', resolve));
    }
    await world.stop();
    sim = undefined;
    expect([...errorLines(a), ...errorLines(second)], 'error lines in the survivors’ logs').toEqual([]);
    expect(localErrors, 'error lines in this process’s log').toEqual([]);

    /** Which credential a code is, for a failure message. */
    function whose(code: string): string {
      for (const [id, t] of tracked)
        if (t.code === code) return `${t.kind} ${id.slice(0, 8)}${t.revoked ? ' (revoked)' : ''}`;
      return [...latest.values()].includes(code) ? 'a card' : 'unknown';
    }

    async function findProblems(): Promise<string[]> {
      const found: string[] = [];
      const wanted = new Map<string, Set<string>>();
      const want = (door: DoorJson, code: string) => {
        const lock = world.locks().find((l) => l.accessPointId === door.accessPointId);
        if (!lock) return found.push(`${door.name}: no simulated lock`);
        const set = wanted.get(lock.lockId) ?? new Set<string>();
        set.add(code);
        wanted.set(lock.lockId, set);
      };
      for (const person of people) {
        for (const card of await cardsOf(person, second)) {
          if (card.code !== latest.get(card.id))
            found.push(`${person.email} ${card.scope} shows ${card.code}, last change was ${latest.get(card.id)}`);
          if (card.pendingCode !== null) found.push(`${person.email} ${card.scope} still has a pending code`);
          for (const door of card.doors) {
            if (door.status !== 'active')
              found.push(`${person.email} ${card.scope} ${door.name}: ${door.status}/${door.reason}`);
            want(door, card.code);
          }
        }
      }
      const listed: { code: CodeJson; kind: 'guest' | 'staff'; owner: Person | null }[] = [];
      for (const person of people)
        for (const code of (await callApi(a, 'GET', '/me/guest-codes', person.token)).body.guestCodes as CodeJson[])
          listed.push({ code, kind: 'guest', owner: person });
      for (const code of (await callApi(a, 'GET', '/staff-codes', manager)).body.staffCodes as CodeJson[])
        listed.push({ code, kind: 'staff', owner: null });
      for (const { code, kind, owner } of listed) {
        let mine = tracked.get(code.id);
        if (!mine && uncertain[kind] > 0) {
          // Made by a request whose answer the kill cut off: it counts like any other (a staff code's digits
          // are shown once; the manager reveals it, which is recorded).
          uncertain[kind]--;
          const digits =
            kind === 'guest'
              ? code.code
              : ((await callApi(a, 'POST', `/staff-codes/${code.id}/reveal`, manager)).body.staffCode.code as string);
          mine = { kind, code: digits, owner, revoked: code.status === 'revoked' };
          tracked.set(code.id, mine);
        }
        if (!mine) {
          found.push(`${kind} code ${code.id}: never made by this test`);
          continue;
        }
        if (kind === 'guest' && code.code !== mine.code) found.push(`${kind} code ${code.id} shows another code`);
        const statuses = mine.revoked ? ['revoked'] : ['active'];
        if (!statuses.includes(code.status)) found.push(`${kind} code ${code.id} is ${code.status}`);
        for (const door of code.doors) {
          if (mine.revoked) {
            if (door.status !== 'removed')
              found.push(`revoked ${kind} code, ${door.name}: ${door.status}/${door.reason}`);
          } else if (door.status === 'active') want(door, mine.code);
          else found.push(`${kind} code ${door.name}: ${door.status}/${door.reason}`);
        }
      }
      for (const lock of world.locks()) {
        const held = (world.slots(lock.lockId) ?? []).map((s) => s.code).sort();
        const expected = [...(wanted.get(lock.lockId) ?? [])].sort();
        if (held.join(',') !== expected.join(',')) {
          const extra = held.filter((c) => !expected.includes(c)).map(whose);
          const missing = expected.filter((c) => !held.includes(c)).map(whose);
          found.push(
            `${lock.name} holds ${held.length} codes, API says ${expected.length}: extra ${extra}, missing ${missing}`,
          );
        }
      }
      return found;
    }
  });
});
