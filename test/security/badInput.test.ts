/**
 * A bad-input corpus generated from the OpenAPI document: every route with a JSON body, query or path parameters
 * gets hostile values in each field (wrong types, NUL, control characters, non-ASCII digits, 100 kB strings,
 * 500-deep objects, prototype keys, out-of-range dates, injection strings, path tricks, ids that are not ids),
 * plus malformed tokens. The server must never answer 5xx, every 4xx carries `error.code`, and a refused request
 * leaves nothing stored changed (row counts of every table, contents of the key tables, before and after).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/security/passwords.ts';
import { queryRows } from '../../src/store/rawQuery.ts';
import { insertPerson } from '../../src/store/repositories/communities.ts';
import { TEST_PASSWORD_COST } from '../support/passwordCost.ts';
import { ALEX, MANAGER, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';
import { type JsonSchema, type Route, roleFor, routesOf, sampleOf, typeOf, urlOf } from './openapiRoutes.ts';

let t: TestKeyway;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  // Nothing leaves this machine: a Seam key that passes validation is tried against a closed local port.
  t = await startTestKeyway({ logLevel: 'warn', env: { SEAM_ENDPOINT: 'http://127.0.0.1:9' } });
  tokens.resident = await t.login(ALEX);
  tokens.manager = await t.login(MANAGER);
  await insertPerson(t.keyway.deps.db, {
    id: randomUUID(),
    communityId: null,
    name: 'Olga Operator',
    email: 'operator@keyway.example',
    passwordHash: await hashPassword('operator password 1', TEST_PASSWORD_COST),
    role: 'operator',
    createdAt: new Date(),
  });
  tokens.operator = await t.login('operator@keyway.example', 'operator password 1');
  const seam = await t.request('POST', '/api/v1/api-keys', {
    token: tokens.manager,
    body: { name: 'Bad input', format: 'seam' },
  });
  tokens.seamKey = seam.json().key;
}, 180_000);
afterAll(() => t.close());

/** An id of the right shape that names nothing: a request that gets past validation ends in 404, not a write. */
const ABSENT = '00000000-0000-4000-8000-00000000abcd';
const isIdField = (field: string) => /(^id|Id|_id)s?$/.test(field);
const idFor = (field: string) => (isIdField(field) ? ABSENT : undefined);

const HUGE = 'A'.repeat(100_000);
function deep(depth: number, leaf: unknown = 'x'): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}
const deepArray = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

type Hostile = [label: string, value: unknown];
const STRINGS: Hostile[] = [
  ['NUL', 'Dog\u0000walker'],
  ['control characters', 'a\u0007\u001b[2J\r\nb'],
  ['non-ASCII digits', '١٢٣٤'],
  ['100 kB string', HUGE],
  ['SQL injection', "' or 1=1--"],
  ['markup', '<script>alert(1)</script>'],
  ['path traversal', '../../etc/passwd'],
  ['encoded traversal', '%2e%2e%2f%00'],
  ['a number', 12345],
  ['an array', ['x']],
  ['a 500-deep object', deep(500)],
  ['bidi override', 'abc\u202edcba'],
];
const DATES: Hostile[] = [
  ['year 275760', '+275760-09-13T00:00:00Z'],
  ['year 10000', '10000-01-01T00:00:00Z'],
  ['year 0', '0000-01-01T00:00:00Z'],
  ['February 30', '2026-02-30'],
];
const IDS: Hostile[] = [
  ['not a uuid', 'not-a-uuid'],
  ['uuid with NUL', `${ABSENT}\u0000`],
];
const NUMBERS: Hostile[] = [
  ['a word', 'abc'],
  ['non-ASCII digits', '١٢٣٤'],
  ['negative', -1],
  ['fraction', 1.5],
  ['1e308', 1e308],
  ['beyond 2^53', 2 ** 60],
  ['null', null],
  ['a 500-deep object', deep(500)],
];
const BOOLEANS: Hostile[] = [
  ['a string', 'true'],
  ['a number', 1],
  ['null', null],
  ['a 500-deep object', deep(500)],
];
const STRUCTURES: Hostile[] = [
  ['a string', 'x'],
  ['a 500-deep object', deep(500)],
  ['an array of NUL strings', ['a\u0000']],
  ['null', null],
];

function hostilesFor(field: string, schema: JsonSchema): Hostile[] {
  const type = typeOf(schema);
  if (type === 'integer' || type === 'number') return NUMBERS;
  if (type === 'boolean') return BOOLEANS;
  if (type === 'object' || type === 'array') return STRUCTURES;
  if (isIdField(field)) return [...IDS, ...STRINGS];
  if (/(At|_at|moveIn|moveOut|since|before)$/.test(field)) return [...DATES, ...STRINGS];
  return STRINGS;
}

/** Query and path values go into the URL as they are (already encoded where they need to be). */
const URL_VALUES: Hostile[] = [
  ['NUL', '%00'],
  ['control character', '%07%0d%0a'],
  ['non-ASCII digits', encodeURIComponent('١٢٣٤')],
  ['SQL injection', encodeURIComponent("' or 1=1--")],
  ['markup', encodeURIComponent('<script>alert(1)</script>')],
  ['encoded traversal', '%2e%2e%2f%2e%2e%2fetc'],
  ['a word', 'abc'],
  ['negative', '-1'],
  ['1e308', '1e308'],
  ['year 275760', encodeURIComponent('+275760-09-13T00:00:00Z')],
  ['100 kB', 'A'.repeat(100_000)],
  ['repeated', 'a&REPEAT=b'],
];
const PATH_VALUES: Hostile[] = [
  ['not a uuid', 'not-a-uuid'],
  ['dot-dot', '..'],
  ['encoded dot-dot', '%2e%2e'],
  ['encoded traversal', '%2e%2e%2f%2e%2e%2fhealth'],
  ['NUL', '%00'],
  ['uuid with NUL', `${ABSENT}%00`],
  ['non-ASCII digits', encodeURIComponent('١٢٣٤')],
  ['SQL injection', encodeURIComponent("' or 1=1--")],
  ['markup', encodeURIComponent('<script>')],
  ['300 characters', 'A'.repeat(300)],
  ['almost a uuid', '00000000-0000-4000-8000-00000000000g'],
];
const TOKENS = ['Bearer %', `Bearer ${'x'.repeat(5000)}`, 'Bearer kwk_%C3%A9', 'Basic Zm9vOmJhcg==', 'Bearer '];

interface Case {
  label: string;
  method: string;
  url: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Fields of one route are many (Seam's event list has 28); rotate hostile kinds over fields, up to a cap. */
function rotate<T>(lists: T[][], cap: number): T[] {
  const out: T[] = [];
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let round = 0; round < longest && out.length < cap; round++) {
    for (let i = 0; i < lists.length && out.length < cap; i++) {
      const list = lists[i] as T[];
      if (list.length === 0) continue;
      if (round >= list.length) continue;
      out.push(list[(i + round) % list.length] as T);
    }
  }
  return out;
}

const FIELD_CAP = 14;

function casesOf(route: Route, toks: Record<string, string>, n: number): Case[] {
  const role = roleFor(route);
  const token = role === 'none' ? undefined : toks[role];
  const validPath = Object.fromEntries(route.pathParams.map((p) => [p, ABSENT]));
  const validBody = route.body ? sampleOf(route.body, 'body', idFor) : undefined;
  const name = `${route.method} ${route.template}`;
  const csv = route.contentType === 'text/csv';
  const base = (url: string, label: string, extra: Partial<Case> = {}): Case => ({
    label: `${name} ${label}`,
    method: route.method,
    url,
    ...(token ? { token } : {}),
    ...(validBody !== undefined ? { body: validBody } : {}),
    ...(csv ? { body: 'unit,first_name,last_name,email\r\n', headers: { 'content-type': 'text/csv' } } : {}),
    ...extra,
  });
  const lists: Case[][] = [];
  for (const param of route.pathParams) {
    lists.push(
      PATH_VALUES.map(([label, value]) =>
        base(urlOf(route, { ...validPath, [param]: String(value) }), `path ${param}: ${label}`),
      ),
    );
  }
  for (const param of route.query) {
    lists.push(
      URL_VALUES.map(([label, value]) =>
        base(
          urlOf(route, validPath, { [param.name]: String(value).replace('REPEAT', encodeURIComponent(param.name)) }),
          `query ${param.name}: ${label}`,
        ),
      ),
    );
  }
  const properties = route.body && typeOf(route.body) === 'object' ? (route.body.properties ?? {}) : {};
  for (const [field, schema] of Object.entries(properties)) {
    lists.push(
      hostilesFor(field, schema).map(([label, value]) =>
        base(urlOf(route, validPath), `body ${field}: ${label}`, {
          body: { ...(validBody as object), [field]: value },
        }),
      ),
    );
  }
  const cases = rotate(lists, FIELD_CAP);
  const url = urlOf(route, validPath);
  if (route.body) {
    const json = JSON.stringify(validBody).slice(1);
    const raw = (label: string, payload: string, type = 'application/json') =>
      base(url, label, { body: payload, headers: { 'content-type': type } });
    cases.push(
      raw('__proto__ key', `{"__proto__":{"polluted":true},${json}`),
      raw('constructor.prototype key', `{"constructor":{"prototype":{"polluted":true}},${json}`),
      raw('500-deep body', JSON.stringify(deep(500))),
      raw('500-deep array body', deepArray(500)),
      raw('broken JSON', '{"name":'),
      raw('JSON null', 'null'),
      raw('JSON as text/plain', JSON.stringify(validBody), 'text/plain'),
    );
  }
  if (csv) {
    const csvCase = (label: string, text: string) =>
      base(url, label, { body: text, headers: { 'content-type': 'text/csv' } });
    cases.push(
      csvCase('CSV with NUL', 'unit,first_name,last_name,email\r\n101,Dog\u0000,Walker,dog@example.test\r\n'),
      csvCase('CSV formula', 'unit,first_name,last_name,email\r\n101,=cmd|calc,x,eve@example.test\r\n'),
      csvCase('CSV 100 kB cell', `unit,first_name,last_name,email\r\n101,${HUGE},x,big@example.test\r\n`),
      csvCase('CSV control characters', 'unit,first_name,last_name,email\r\n101,a\u0007b,x,c@example.test\r\n'),
    );
  }
  if (token) {
    const authorization = TOKENS[n % TOKENS.length] as string;
    cases.push(
      base(url, `malformed token ${authorization.slice(0, 12)}`, { token: undefined, headers: { authorization } }),
    );
  }
  return cases;
}

/** Written by background work (sync, delivery, audit) or by refusals themselves (rate-limit windows, sessions). */
const VOLATILE = new Set([
  'events',
  'lock_codes',
  'lock_commands',
  'messages',
  'rate_limits',
  'sessions',
  'outbox_cursors',
  'webhook_deliveries',
  'webhook_attempts',
  'seam_events',
  'hub_discoveries',
  'keypad_attempts',
  'command_timeouts',
]);
/** Key tables whose contents are compared whole (columns that background work updates left out). */
const CONTENTS: Record<string, string> = {
  communities: 't.*',
  people: 't.*',
  residencies: 't.*',
  units: 't.*',
  access_points: 't.*',
  api_keys: 't.*',
  access_codes: 't.id, t.kind, t.status, t.pin_enc, t.version, t.guest_name, t.guest_phone, t.starts_at, t.ends_at',
  hubs: 't.id, t.name, t.mqtt_username',
  locks: 't.id, t.access_point_id, t.hub_id, t.address, t.slot_count, t.code_lengths',
};

async function snapshotQuery() {
  const tables = await queryRows<{ table_name: string }>(
    t.keyway.deps.db,
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
  );
  const counted = tables.map((r) => r.table_name).filter((name) => !VOLATILE.has(name) && !name.startsWith('__'));
  const parts = [
    ...counted.map((name) => `(select count(*)::text from "${name}") as "${name}"`),
    ...Object.entries(CONTENTS).map(
      ([name, columns]) =>
        `(select md5(coalesce(string_agg(row(${columns})::text, ',' order by t.id), '')) from "${name}" t) as "#${name}"`,
    ),
  ];
  return sql.raw(`select ${parts.join(', ')}`);
}

describe('the bad-input corpus', () => {
  it('never gets a 5xx; every 4xx has a code; a refused request changes nothing stored', async () => {
    const document = (await t.request('GET', '/api/v1/openapi.json')).json();
    const routes = routesOf(document);
    const cases = routes.flatMap((route, n) => casesOf(route, tokens, n));
    const query = await snapshotQuery();
    const snapshot = async () => (await queryRows<Record<string, string>>(t.keyway.deps.db, query))[0] ?? {};

    const byStatus: Record<string, number> = {};
    const serverErrors: string[] = [];
    const withoutCode: string[] = [];
    const changed: string[] = [];
    let before = await snapshot();
    for (const c of cases) {
      const response = await t.request(c.method, c.url, {
        ...(c.token ? { token: c.token } : {}),
        ...(c.body !== undefined ? { body: c.body } : {}),
        ...(c.headers ? { headers: c.headers } : {}),
      });
      const status = response.statusCode;
      byStatus[status] = (byStatus[status] ?? 0) + 1;
      if (status >= 500) serverErrors.push(`${c.label} → ${status} ${response.body.slice(0, 200)}`);
      if (status >= 400 && status < 500) {
        // Seam's API answers in Seam's shape ({ error: { type } }) with Keyway's code beside it.
        let body: { error?: { code?: unknown; keyway_code?: unknown } } = {};
        try {
          body = response.json();
        } catch {}
        if (typeof body.error?.code !== 'string' && typeof body.error?.keyway_code !== 'string')
          withoutCode.push(`${c.label} → ${status} ${response.body.slice(0, 120)}`);
      }
      const after = await snapshot();
      if (status >= 400) {
        const diff = Object.keys(after).filter((k) => after[k] !== before[k]);
        if (diff.length > 0) changed.push(`${c.label} → ${status}: ${diff.join(', ')}`);
      }
      before = after;
    }

    console.log(
      `bad-input corpus: ${cases.length} cases over ${routes.length} operations; 5xx: ${serverErrors.length}; ` +
        `4xx without a code: ${withoutCode.length}; refused but changed: ${changed.length}; by status: ${JSON.stringify(byStatus)}`,
    );
    if (withoutCode.length > 0) console.log(`4xx without a code:\n${withoutCode.join('\n')}`);
    expect(cases.length).toBeGreaterThanOrEqual(300);
    expect(serverErrors).toEqual([]);
    expect(withoutCode).toEqual([]);
    expect(changed).toEqual([]);
  }, 300_000);
});
