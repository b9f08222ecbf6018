/**
 * POST /api/v1/imports/residents over HTTP (text/csv body): dry run and apply, all or nothing, re-import,
 * rent-roll spellings, a move-out, who may call it, and what a bad body gets. Today is 2026-06-15 (Chicago).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALEX, BLAIR, MANAGER, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

let t: TestKeyway;
let manager: string;
beforeAll(async () => {
  t = await startTestKeyway();
  manager = await t.login(MANAGER);
});
afterAll(() => t.close());

const HEADER = 'unit,first_name,last_name,email,phone,lease_start,lease_end';
const GOOD = [
  '101,Casey,Moss,casey@example.test,(303) 555-0100,2026-01-01,2027-06-30',
  '102,Drew,Lane,drew@example.test,,06/01/2026,',
  '103,Eli,Stone,eli@example.test,303.555.0102,2026-09-01,2027-08-31',
];
const csv = (...lines: string[]) => `${[HEADER, ...lines].join('\r\n')}\r\n`;

function post(body: string, options: { dryRun?: boolean; token?: string; contentType?: string } = {}) {
  const query = options.dryRun === undefined ? '' : `?dryRun=${options.dryRun}`;
  return t.request('POST', `/api/v1/imports/residents${query}`, {
    token: options.token ?? manager,
    body,
    headers: { 'content-type': options.contentType ?? 'text/csv' },
  });
}

const residentEmails = async () =>
  ((await t.request('GET', '/api/v1/residents', { token: manager })).json().residents as { email: string }[])
    .map((r) => r.email)
    .sort();

describe('all or nothing', () => {
  it('3 good rows and 1 bad: the dry run lists the bad line; applying writes nothing', async () => {
    const before = await residentEmails();
    const text = csv(...GOOD, '104,Fay,Ng,fay@example.test,,02/30/2026,');
    const dry = await post(text, { dryRun: true });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({
      summary: { create: 3, update: 0, moveOut: 0, unchanged: 0, unitsCreated: 1 },
      errors: [{ line: 5, code: 'invalid_date' }],
      applied: false,
    });
    const apply = await post(text, { dryRun: false });
    expect(apply.statusCode).toBe(200);
    expect(apply.json()).toMatchObject({ errors: [{ line: 5, code: 'invalid_date' }], applied: false });
    expect(await residentEmails()).toEqual(before);
  });

  it('dry run is the default', async () => {
    const response = await post(csv(...GOOD));
    expect(response.json()).toMatchObject({ applied: false, summary: { create: 3 } });
  });

  it('the fixed file applies; the same file again is all unchanged', async () => {
    const apply = await post(csv(...GOOD), { dryRun: false });
    expect(apply.json()).toMatchObject({
      applied: true,
      errors: [],
      summary: { create: 3, update: 0, moveOut: 0, unchanged: 0, unitsCreated: 1 },
    });
    expect(await residentEmails()).toEqual(
      expect.arrayContaining(['casey@example.test', 'drew@example.test', 'eli@example.test']),
    );
    const units = (await t.request('GET', '/api/v1/units', { token: manager })).json().units as { name: string }[];
    expect(units.map((u) => u.name)).toEqual(expect.arrayContaining(['101', '102', '103']));
    const again = await post(csv(...GOOD), { dryRun: false });
    expect(again.json()).toMatchObject({
      applied: true,
      summary: { create: 0, update: 0, moveOut: 0, unchanged: 3, unitsCreated: 0 },
    });
    const activity = await t.request('GET', '/api/v1/activity?type=residents.imported', { token: manager });
    expect(activity.statusCode).toBe(200);
  });
});

describe('rent-roll exports', () => {
  it('reads the sample rent roll: its past lease for an unknown person is an error on line 5', async () => {
    const sample = readFileSync(new URL('../fixtures/rent-roll-sample.csv', import.meta.url), 'utf8');
    const dry = (await post(sample, { dryRun: true })).json();
    expect(dry.errors).toEqual([{ line: 5, code: 'lease_ended', message: expect.any(String) }]);
    expect(dry.rows.map((r: { line: number; action: string; email: string }) => [r.line, r.action, r.email])).toEqual([
      [2, 'create', 'sam.stone@example.test'],
      [3, 'create', 'ana.ortiz@example.test'],
      [4, 'create', 'lee.park@example.test'],
      [6, 'create', 'pat.obrien@example.test'],
    ]);
    // Without the past lease, it applies (with a BOM and spelled-out headers).
    const lines = sample.trimEnd().split(/\r?\n/);
    const fixed = `\uFEFF${[...lines.slice(0, 4), ...lines.slice(5)].join('\r\n')}`;
    const apply = (await post(fixed, { dryRun: false })).json();
    expect(apply).toMatchObject({ applied: true, errors: [], summary: { create: 4, unitsCreated: 4 } });
  });
});

describe('a lease that has ended', () => {
  it('moves the resident out; Alex can no longer sign in', async () => {
    const text = csv('101,Alex,Kim,alex@maplecourt.example,,2025-08-01,2026-06-01');
    const dry = (await post(text, { dryRun: true })).json();
    expect(dry.rows).toMatchObject([{ line: 2, action: 'move_out', changes: ['lease_end'] }]);
    const apply = (await post(text, { dryRun: false })).json();
    expect(apply).toMatchObject({ applied: true, summary: { moveOut: 1 } });
    const login = await t.request('POST', '/api/v1/auth/login', {
      body: { email: ALEX, password: 'keyway-demo' },
    });
    expect(login.statusCode).toBe(401);
  });
});

describe('who may import', () => {
  it('residents get 403, anonymous callers 401, API keys may', async () => {
    const blair = await t.login(BLAIR);
    expect((await post(csv(...GOOD), { token: blair })).json().error.code).toBe('forbidden');
    const anonymous = await t.request('POST', '/api/v1/imports/residents', {
      body: csv(...GOOD),
      headers: { 'content-type': 'text/csv' },
    });
    expect(anonymous.statusCode).toBe(401);
    const key = (await t.request('POST', '/api/v1/api-keys', { token: manager, body: { name: 'PMS' } })).json().key;
    const byKey = await post(csv(...GOOD), { token: key, dryRun: true });
    expect(byKey.statusCode).toBe(200);
  });
});

describe('bodies that are not an import', () => {
  it.each([
    ['empty', ''],
    ['no known column', 'foo,bar\n1,2\n'],
  ])('%s → 400 invalid_request', async (_name, body) => {
    const response = await post(body, { dryRun: true });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_request');
  });

  it('JSON instead of CSV → 400 invalid_request', async () => {
    const response = await post('{"residents":[]}', { contentType: 'application/json' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_request');
  });

  it('a missing column is a line-1 error, not a refusal of the request', async () => {
    const response = await post('Unit,First Name,Email\n101,A,a@example.test\n');
    expect(response.statusCode).toBe(200);
    expect(response.json().errors).toMatchObject([{ line: 1, code: 'missing_column' }]);
  });

  it('over 10 MB → 413 payload_too_large', async () => {
    const big = `${HEADER}\n${'x'.repeat(10 * 1024 * 1024 + 1)}`;
    const response = await post(big);
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('payload_too_large');
  });
});
