import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createKeyway } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/store/database.ts';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'keyway-persist-'));
let serverDb: TestDatabase | undefined;
afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await serverDb?.close();
});

/** Starts Keyway the way `npm start` does: key file in the data folder, PGlite there too unless DATABASE_URL. */
async function start(databaseUrl: string | undefined) {
  const config = loadConfig({ KEYWAY_DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  return createKeyway({ config, logger: pino({ level: 'silent' }) });
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
  it('keeps communities, sessions and codes (with the same key file) and does not seed twice', async () => {
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

    expect(statSync(join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);

    const second = await start(url);
    expect(second.demoSeeded).toBe(false);
    const access = await second.app.inject({
      method: 'GET',
      url: '/api/v1/me/access',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(access.json().cards[0].code).toBe('0592');
    await second.close();
  });

  it('applies migrations idempotently when opened again', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'keyway-migrate-'));
    try {
      const a = await openDatabase({ dataDir: folder });
      await a.close();
      const b = await openDatabase({ dataDir: folder });
      await b.close();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
