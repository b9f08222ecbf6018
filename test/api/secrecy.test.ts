import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/store/rawQuery.ts';
import { ALEX, cardsOf, MANAGER, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

let t: TestKeyway;
beforeAll(async () => {
  t = await startTestKeyway({ logLevel: 'trace' });
});
afterAll(() => t.close());

describe('PINs are secrets', () => {
  it('never appear in the logs, whatever the outcome of a request (log level trace)', async () => {
    const alex = await t.login(ALEX);
    const manager = await t.login(MANAGER);
    await t.request('PATCH', '/api/v1/community/settings', { token: manager, body: { sixDigitCodes: true } });
    const { home, community } = await cardsOf(t, alex);
    const seen = new Set<string>([home.code, community.code]);
    const attempts: [string, unknown][] = [
      ['pick', { code: '8264' }],
      ['pick', { code: '937152' }],
      ['pick', { code: '1111' }],
      ['pick', { code: '12a4' }],
      ['generate', { length: 4 }],
      ['generate', { length: 6 }],
    ];
    for (const [action, body] of attempts) {
      t.clock.advance(3_100);
      const response = await t.request('POST', `/api/v1/me/access/cards/${home.id}/${action}`, { token: alex, body });
      if (response.statusCode === 202) seen.add(response.json().card.pendingCode ?? response.json().card.code);
      if (typeof (body as { code?: string }).code === 'string') seen.add((body as { code: string }).code);
    }
    t.clock.advance(3_100);
    const generated = await t.request('POST', `/api/v1/me/access/cards/${community.id}/generate`, {
      token: alex,
      body: { length: 6 },
    });
    seen.add(generated.json().card.pendingCode ?? generated.json().card.code);
    const logs = t.logs();
    expect(logs.length).toBeGreaterThan(1000); // requests were logged at all
    // A PIN as a token of its own (timestamps and ids are long runs of digits and hex, so they don't count).
    for (const pin of seen) expect(logs).not.toMatch(new RegExp(`(?<![0-9a-fA-F-])${pin}(?![0-9a-fA-F-])`));
    expect(logs).not.toContain('keyway-demo');
    expect(logs).not.toContain(alex);
  });

  it('are encrypted at rest: no column of any table holds a PIN in clear', async () => {
    const alex = await t.login(ALEX);
    const { home } = await cardsOf(t, alex);
    t.clock.advance(3_100);
    await t.request('POST', `/api/v1/me/access/cards/${home.id}/pick`, { token: alex, body: { code: '6047' } });
    const db = t.keyway.deps.db;
    const tables = await queryRows<{ table_name: string }>(
      db,
      sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
    );
    expect(tables.length).toBeGreaterThan(5);
    for (const { table_name } of tables) {
      const rows = await queryRows<{ row: string }>(
        db,
        sql`select t::text as row from ${sql.identifier(table_name)} t`,
      );
      for (const { row } of rows) expect(row, table_name).not.toMatch(/(^|[^0-9A-Za-z_-])6047([^0-9A-Za-z_-]|$)/);
    }
  });
});

describe('no input yields a 5xx', () => {
  const bodies: unknown[] = [
    null,
    0,
    -1,
    1e308,
    '',
    'x',
    true,
    [],
    [1, 2],
    {},
    { code: null },
    { code: {} },
    { code: ['1', '2'] },
    { code: 'x'.repeat(10_000) },
    { length: 1e308 },
    { length: -4 },
    { length: '6' },
    { email: {}, password: [] },
    { email: 'a'.repeat(1000), password: 'b' },
    { customCodes: null },
    { timeZone: '../../etc/passwd' },
    { __proto__: { admin: true } },
    { constructor: { prototype: {} } },
  ];
  const rawBodies = ['{', '{"code":', '\u0000', '{"code":"\\ud800"}', 'null', '[]'];

  it('every route, every odd body, answers 4xx with an error code', async () => {
    const alex = await t.login(ALEX);
    const { home } = await cardsOf(t, alex);
    const routes: [string, string][] = [
      ['POST', '/api/v1/auth/login'],
      ['POST', `/api/v1/me/access/cards/${home.id}/generate`],
      ['POST', `/api/v1/me/access/cards/${home.id}/pick`],
      ['POST', '/api/v1/me/access/cards/%00/pick'],
      ['PATCH', '/api/v1/community/settings'],
      ['POST', '/api/v1/residents'],
      ['POST', '/api/v1/api-keys'],
      ['DELETE', '/api/v1/api-keys/not-a-uuid'],
    ];
    for (const [method, url] of routes) {
      for (const body of bodies) {
        t.clock.advance(61_000);
        const response = await t.request(method, url, { token: alex, body });
        expect(response.statusCode, `${method} ${url} ${JSON.stringify(body)}`).toBeLessThan(500);
        if (response.statusCode >= 400) expect(response.json().error.code).toMatch(/^[a-z_]+$/);
      }
      for (const raw of rawBodies) {
        const response = await t.keyway.app.inject({
          method: method as 'POST',
          url,
          headers: { authorization: `Bearer ${alex}`, 'content-type': 'application/json' },
          payload: raw,
        });
        expect(response.statusCode, `${method} ${url} ${raw}`).toBeLessThan(500);
        expect(response.json().error.code).toMatch(/^[a-z_]+$/);
      }
    }
    const unknownRoute = await t.request('GET', '/api/v1/nope');
    expect([unknownRoute.statusCode, unknownRoute.json().error.code]).toEqual([404, 'not_found']);
  });
});

describe('the API describes itself', () => {
  it('serves the OpenAPI document with the v1 routes and schemas, and renders it at /docs', async () => {
    const response = await t.request('GET', '/api/v1/openapi.json');
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/v1/health',
      '/api/v1/auth/login',
      '/api/v1/me/access',
      '/api/v1/me/access/cards/{cardId}/generate',
      '/api/v1/me/access/cards/{cardId}/pick',
      '/api/v1/community/settings',
      '/api/v1/residents',
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    expect(doc.components.schemas).toHaveProperty('Card');
    expect(doc.components.schemas).toHaveProperty('Error');
    const docs = await t.request('GET', '/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
    expect((await t.request('GET', '/api/v1/health')).json()).toEqual({ ok: true });
  });
});
