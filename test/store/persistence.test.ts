import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createKeyway } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { DEFAULT_SETTINGS } from '../../src/domain/communitySettings.ts';
import { type Database, openDatabase } from '../../src/store/database.ts';
import { queryRows } from '../../src/store/rawQuery.ts';
import { findCommunity, insertCommunity } from '../../src/store/repositories/communities.ts';
import { captureLogger } from '../support/logCapture.ts';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'keyway-persist-'));
let serverDb: TestDatabase | undefined;
afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await serverDb?.close();
});

/** The key every process on a server database is given (KEYWAY_SECRET_KEY; the same on each start). */
const serverKey = randomBytes(32).toString('base64');

/**
 * Starts Keyway the way `npm start` does: embedded, the key file and PGlite in the data folder; with DATABASE_URL,
 * the shared key from KEYWAY_SECRET_KEY (required there). Only the embedded broker's port differs (any free one),
 * so a Keyway running elsewhere on 1884 is no clash.
 */
async function start(databaseUrl: string | undefined) {
  const config = loadConfig({
    KEYWAY_DATA_DIR: dataDir,
    KEYWAY_MQTT_PORT: '0',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl, KEYWAY_SECRET_KEY: serverKey } : {}),
  });
  return createKeyway({ config, logger: captureLogger() });
}

async function alexHomeCode(keyway: Awaited<ReturnType<typeof start>>) {
  const login = await keyway.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: 'alex@maplecourt.example', password: 'keyway-demo' },
  });
  const token = login.json().token as string;
  const access = await keyway.app.inject({
    method: 'GET',
    url: '/api/v1/me/access',
    headers: { authorization: `Bearer ${token}` },
  });
  return { token, home: access.json().cards[0] as { id: string; code: string } };
}

describe('data survives a restart', () => {
  // Two starts of a whole Keyway (an on-disk PGlite when embedded): slow on a busy machine.
  it('keeps communities, sessions and codes (with the same key) and does not seed twice', {
    timeout: 120_000,
  }, async () => {
    if (process.env.DATABASE_URL) serverDb = await createTestDatabase();
    const url = serverDb?.url;
    const first = await start(url);
    expect(first.demoSeeded).toBe(true);
    const { token, home } = await alexHomeCode(first);
    const picked = await first.app.inject({
      method: 'POST',
      url: `/api/v1/me/access/cards/${home.id}/pick`,
      headers: { authorization: `Bearer ${token}` },
      payload: { code: '0592' },
    });
    expect(picked.statusCode).toBe(202);
    await first.close();

    // Embedded: a key file only its owner can read; on a server: the shared key, and no key file of its own.
    if (url) expect(existsSync(join(dataDir, 'secret.key'))).toBe(false);
    else expect(statSync(join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);

    const second = await start(url);
    expect(second.demoSeeded).toBe(false);
    const access = await second.app.inject({
      method: 'GET',
      url: '/api/v1/me/access',
      headers: { authorization: `Bearer ${token}` },
    });
    // Read back with the same key: the card's code, or its pending code when the old one had already reached a
    // door before the pick (make-before-break keeps it until the locks confirm; timing decides which).
    const card = access.json().cards[0] as { code: string; pendingCode: string | null };
    expect([card.code, card.pendingCode]).toContain('0592');
    await second.close();
  });

  // Opens a fresh on-disk PGlite twice (migrations from scratch, then the check): slow on a busy machine.
  it('applies migrations idempotently when opened again: each recorded once, the data kept', {
    timeout: 120_000,
  }, async () => {
    const journal = JSON.parse(
      readFileSync(new URL('../../src/store/migrations/meta/_journal.json', import.meta.url), 'utf8'),
    ) as { entries: { when: number }[] };
    const everyMigration = journal.entries.map((e) => e.when);
    const applied = async (database: Database) =>
      (
        await queryRows<{ created_at: unknown }>(
          database.db,
          sql`select created_at from __drizzle_migrations order by id`,
        )
      ).map((r) => Number(r.created_at));
    const folder = mkdtempSync(join(tmpdir(), 'keyway-migrate-'));
    const communityId = randomUUID();
    try {
      const a = await openDatabase({ dataDir: folder });
      expect(await applied(a)).toEqual(everyMigration);
      await insertCommunity(a.db, {
        id: communityId,
        name: 'Kept',
        timeZone: 'UTC',
        settings: DEFAULT_SETTINGS,
        createdAt: new Date(),
      });
      await a.close();

      const b = await openDatabase({ dataDir: folder });
      expect(await applied(b)).toEqual(everyMigration); // nothing applied a second time
      expect(await findCommunity(b.db, communityId)).toMatchObject({ name: 'Kept', timeZone: 'UTC' });
      await b.close();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
