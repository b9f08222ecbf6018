/**
 * Rotating the master key online: a Keyway whose secrets are sealed with key A is restarted with key B (and A as
 * the previous key), `rotate-key`'s work runs while residents keep changing and reading codes, and afterwards
 * every secret is under B. Key B alone is then refused (A keys the fingerprints and links for good); B with A as the
 * previous key shows every code and programs the locks.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, expect, it } from 'vitest';
import { createKeyway, type Keyway, StartupRefused } from '../../src/app.ts';
import { remainingUnderOldKeys, resealAll } from '../../src/cli/sealedValues.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { type EmbeddedBroker, startEmbeddedBroker } from '../../src/mqtt/embeddedBroker.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { PinCipher } from '../../src/security/pinCipher.ts';
import { SEALED_COLUMNS } from '../../src/store/repositories/keyRotation.ts';
import * as schema from '../../src/store/schema.ts';
import { CAPTURE_LEVEL, captureLine, levelOf } from '../support/logCapture.ts';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.ts';
import { type CardJson, eventually } from '../support/testKeyway.ts';

const keyA = randomBytes(32);
const keyB = randomBytes(32);
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
});

it('lists every sealed column of the schema', () => {
  const inSchema = (Object.values(schema) as unknown[])
    .filter((value): value is PgTable => value instanceof PgTable)
    .flatMap((table) => {
      const config = getTableConfig(table);
      return config.columns.filter((c) => c.name.endsWith('_enc')).map((c) => `${config.name}.${c.name}`);
    })
    .sort();
  const listed = Object.entries(SEALED_COLUMNS)
    .flatMap(([table, columns]) => columns.map((column) => `${table}.${column}`))
    .sort();
  expect(listed).toEqual(inSchema);
});

it('re-encrypts every secret while the server keeps serving; B alone is refused, B with A reads them all', {
  timeout: 120_000,
}, async () => {
  const errors: string[] = [];
  // Keyway's own logger, at debug for the suite's log scan; error lines fail the test.
  const logger = createLogger(CAPTURE_LEVEL, {
    write: (line: string) => {
      captureLine(line);
      if ((levelOf(line) ?? 0) >= 50) errors.push(line);
    },
  });
  const database: TestDatabase = await createTestDatabase();
  cleanup.push(() => database.close());
  const external = process.env.MQTT_URL;
  const broker: EmbeddedBroker | undefined = external ? undefined : await startEmbeddedBroker({ port: 0, logger });
  cleanup.push(async () => broker?.close());
  const clock = new ManualClock(new Date('2026-06-15T15:00:00Z'));
  const config = loadConfig({
    KEYWAY_DEMO: 'true',
    MQTT_URL: external ?? broker!.url,
    MQTT_SHARED_SUBSCRIPTIONS: external ? 'auto' : 'off',
    KEYWAY_SIM_LATENCY_MS: '0-10',
  });
  const random = { int: (max: number) => Math.floor(Math.random() * max), uuid: () => randomUUID() };
  let keyway: Keyway | undefined;
  let sim: Keyway['sim'];
  const boot = async (current: Buffer, previous: Buffer[] = []) => {
    await keyway?.close({ keepSim: true });
    keyway = await createKeyway({
      config,
      logger,
      clock,
      random,
      database,
      secretKey: current,
      previousSecretKeys: previous,
      sweepIntervalMs: 100,
      ...(sim ? { sim } : {}),
    });
    sim = keyway.sim;
    return keyway;
  };
  cleanup.push(async () => {
    await keyway?.close({ keepSim: true });
    await sim?.stop();
  });
  const request = (method: string, url: string, token?: string, body?: unknown) =>
    keyway!.app.inject({
      method: method as 'GET',
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(body === undefined ? {} : { payload: body as object }),
    });
  const cards = async (token: string) => (await request('GET', '/api/v1/me/access', token)).json().cards as CardJson[];
  /** A new code for the resident's home card, and the wait until every hub lock of that card holds it. */
  const changeHomeCode = async (token: string) => {
    clock.advance(3_100);
    const home = (await cards(token)).find((c) => c.scope === 'home')!;
    const response = await request('POST', `/api/v1/me/access/cards/${home.id}/generate`, token, { length: 4 });
    expect(response.statusCode, response.body).toBe(202);
    const code = (response.json().card as CardJson).pendingCode as string;
    await onItsHubLocks(home, code);
    return code;
  };
  const onItsHubLocks = (card: CardJson, code: string) =>
    eventually(
      async () => {
        await keyway!.sync.sweepNow();
        const locks = sim!
          .locks()
          .filter((l) => l.hubId && card.doors.some((d) => d.accessPointId === l.accessPointId));
        expect(locks.length).toBeGreaterThan(0);
        return locks.every((l) => (sim!.slots(l.lockId) ?? []).some((s) => s.code === code));
      },
      30_000,
      `code on the locks of ${card.scope}`,
    );
  /** What the resident sees on the home card: the code, and the new one while it reaches doors without a hub. */
  const homeCode = async (token: string) => {
    const home = (await cards(token)).find((c) => c.scope === 'home')!;
    return `${home.code}/${home.pendingCode}`;
  };
  /**
   * The resident sees the same code as before a restart, or the change that was still reaching a door has since
   * finished there (`old/new` → `new/null`): what must never happen is a code that cannot be read.
   */
  const expectSameOrSettled = (after: string, before: string) => {
    const [, pending] = before.split('/');
    expect([before, `${pending}/null`]).toContain(after);
  };
  const login = async (email: string) => {
    clock.advance(6_100);
    const response = await request('POST', '/api/v1/auth/login', undefined, { email, password: 'keyway-demo' });
    return response.json().token as string;
  };

  // Key A: the demo's secrets (PINs, hub and Bluetooth keys, inventories) and a code change under way.
  await boot(keyA);
  const alex = await login('alex@maplecourt.example');
  const blair = await login('blair@maplecourt.example');
  await changeHomeCode(alex);
  let alexCode = await homeCode(alex);
  const blairCode = await homeCode(blair);
  const underA = new PinCipher(keyB, [keyA]);
  const before = [...(await remainingUnderOldKeys(database.db, underA)).values()].reduce((a, b) => a + b, 0);
  expect(before).toBeGreaterThan(10);

  // Key B with A as the previous key: everything still reads while the rotation runs beside residents' changes.
  await boot(keyB, [keyA]);
  expectSameOrSettled(await homeCode(alex), alexCode);
  const [rotated] = await Promise.all([
    resealAll({ db: database.db, cipher: new PinCipher(keyB, [keyA]), batchSize: 3 }),
    (async () => {
      await changeHomeCode(alex);
      expectSameOrSettled(await homeCode(blair), blairCode);
    })(),
  ]);
  alexCode = await homeCode(alex);
  expect(rotated.flatMap((r) => r.unreadable)).toEqual([]);
  expect(rotated.reduce((n, r) => n + r.resealed + r.changedMeanwhile, 0)).toBeGreaterThan(10);
  // Resumable and idempotent: a second run finds nothing to do.
  const again = await resealAll({ db: database.db, cipher: new PinCipher(keyB, [keyA]) });
  expect(again.reduce((n, r) => n + r.resealed, 0)).toBe(0);
  expect([...(await remainingUnderOldKeys(database.db, underA)).values()].every((n) => n === 0)).toBe(true);

  // Nothing sealed needs key A any more, but A still keys the PINs' fingerprints and the links: key B alone is
  // refused (it would silently match no code), and B with A kept as the previous key runs.
  await expect(boot(keyB)).rejects.toBeInstanceOf(StartupRefused);
  keyway = undefined;
  await boot(keyB, [keyA]);
  expectSameOrSettled(await homeCode(alex), alexCode);
  expectSameOrSettled(await homeCode(blair), blairCode);
  await changeHomeCode(alex);
  expect(errors).toEqual([]);
});
