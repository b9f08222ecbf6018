/**
 * The tenant matrix: two communities (the demo's Maple Court and a second one, Birch Row, set up through the
 * operator and manager APIs with a manager, a resident with a lease, doors with locks, a hub, a guest code, a staff
 * code, API keys, an integration code and a webhook) × every route of the OpenAPI document × every role (resident,
 * manager, API key, operator, none). Every id a route takes — in its path, query or body — is the *other*
 * community's id of the right kind. No answer may read or change the other community:
 * - a 2xx on a route with another community's id in its path, or on a write naming one, is a crossing;
 * - a 2xx whose body holds any id of the other community is a crossing (a read);
 * - the other community's stored rows (key tables) must be the same after every request.
 * Operators run the installation: their own routes (/communities) are not community-scoped.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/security/passwords.ts';
import { queryRows } from '../../src/store/rawQuery.ts';
import { insertPerson } from '../../src/store/repositories/communities.ts';
import { TEST_PASSWORD_COST } from '../support/passwordCost.ts';
import { ALEX, MANAGER, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';
import { type Route, routesOf, sampleOf, urlOf } from './openapiRoutes.ts';

type Role = 'resident' | 'manager' | 'apiKey' | 'operator' | 'none';
const ROLES: Role[] = ['resident', 'manager', 'apiKey', 'operator', 'none'];

interface Community {
  name: string;
  id: string;
  tokens: { resident: string; manager: string; apiKey: string; seamKey: string };
  /** One id of each kind, for the other side to use. */
  ids: Record<string, string>;
  /** Every id the community owns: none may appear in an answer to the other community. */
  markers: string[];
}

let t: TestKeyway;
let operator: string;
const maple = {} as Community;
const birch = {} as Community;

async function ok(response: Promise<LightMyRequestResponse>, what: string) {
  const r = await response;
  if (r.statusCode >= 300) throw new Error(`setting up ${what}: ${r.statusCode} ${r.body}`);
  return r.json();
}

/** What both communities get on top of their people and doors: codes of every kind, keys and a webhook. */
async function furnish(c: Community, gateLockId: string) {
  const post = (url: string, token: string, body: unknown) => t.request('POST', url, { token, body });
  c.tokens.apiKey = (await ok(post('/api/v1/api-keys', c.tokens.manager, { name: `${c.name} PMS` }), 'key')).key;
  c.tokens.seamKey = (
    await ok(post('/api/v1/api-keys', c.tokens.manager, { name: `${c.name} Seam`, format: 'seam' }), 'seam key')
  ).key;
  await ok(post('/api/v1/me/guest-codes', c.tokens.resident, { type: 'permanent', name: `${c.name} guest` }), 'guest');
  await ok(
    post('/api/v1/staff-codes', c.tokens.manager, {
      name: `${c.name} plumber`,
      kind: 'vendor',
      startsAt: '2026-06-16T00:00:00Z',
      endsAt: '2026-06-20T00:00:00Z',
    }),
    'staff code',
  );
  await ok(
    post('/seam/access_codes/create', c.tokens.seamKey, { device_id: gateLockId, name: `${c.name} integration` }),
    'integration code',
  );
  await ok(post('/api/v1/webhooks', c.tokens.manager, { url: 'http://127.0.0.1:9/hook' }), 'webhook');
}

async function idsOf(c: Community) {
  const db = t.keyway.deps.db;
  const one = async (kind: string, query: ReturnType<typeof sql>) => {
    const rows = await queryRows<{ id: string }>(db, query);
    for (const row of rows) c.markers.push(String(row.id));
    if (rows[0]) c.ids[kind] = String(rows[0].id);
  };
  c.markers = [c.id];
  c.ids = { community: c.id };
  await one('unit', sql`select id from units where community_id = ${c.id} order by id`);
  await one('door', sql`select id from access_points where community_id = ${c.id} order by id`);
  await one('hub', sql`select id from hubs where community_id = ${c.id} order by id`);
  await one('lock', sql`select id from locks where community_id = ${c.id} order by connectivity desc, id`);
  await one('resident', sql`select id from people where community_id = ${c.id} and role = 'resident' order by id`);
  await one('manager', sql`select id from people where community_id = ${c.id} and role <> 'resident' order by id`);
  await one('apiKey', sql`select id from api_keys where community_id = ${c.id} order by id`);
  await one('card', sql`select id from access_codes where community_id = ${c.id} and kind = 'resident' order by id`);
  await one('guest', sql`select id from access_codes where community_id = ${c.id} and kind = 'guest' order by id`);
  await one('staff', sql`select id from access_codes where community_id = ${c.id} and kind = 'vendor' order by id`);
  await one(
    'integration',
    sql`select id from access_codes where community_id = ${c.id} and kind = 'integration' order by id`,
  );
  await one('webhook', sql`select id from webhook_endpoints where community_id = ${c.id} order by id`);
  await one('message', sql`select id from messages where community_id = ${c.id} order by id`);
  await one('cloudAccount', sql`select id from cloud_accounts where community_id = ${c.id} order by id`);
  await one('residency', sql`select id from residencies where community_id = ${c.id} order by id`);
  // An alert to dismiss (a keypad brute force). Its id is a small number: not a marker, it would match any digits.
  const [alert] = await queryRows<{ id: string }>(
    t.keyway.deps.db,
    sql`insert into events (community_id, type, actor_type, subject_type, data, created_at)
        values (${c.id}, 'lock.keypad_brute_force', 'system', 'lock', '{}'::jsonb, now()) returning id`,
  );
  if (alert) c.ids.alert = String(alert.id);
}

beforeAll(async () => {
  t = await startTestKeyway({
    logLevel: 'warn',
    // Nothing leaves this machine: Seam calls and webhook deliveries go to a closed local port.
    env: { SEAM_ENDPOINT: 'http://127.0.0.1:9', WEBHOOK_ALLOW_PRIVATE_URLS: 'true' },
  });
  const db = t.keyway.deps.db;
  await insertPerson(db, {
    id: randomUUID(),
    communityId: null,
    name: 'Olga Operator',
    email: 'operator@keyway.example',
    passwordHash: await hashPassword('operator password 1', TEST_PASSWORD_COST),
    role: 'operator',
    createdAt: new Date(),
  });
  operator = await t.login('operator@keyway.example', 'operator password 1');

  // Maple Court: the demo community.
  maple.name = 'Maple';
  maple.tokens = { resident: await t.login(ALEX), manager: await t.login(MANAGER), apiKey: '', seamKey: '' };
  const mapleLocks = await queryRows<{ id: string; community_id: string }>(
    db,
    sql`select l.id, l.community_id from locks l join people p on p.community_id = l.community_id
        where p.email = ${MANAGER} and l.connectivity = 'hub' order by l.id limit 1`,
  );
  maple.id = mapleLocks[0]?.community_id as string;
  await furnish(maple, mapleLocks[0]?.id as string);

  // Birch Row: made by the operator, then set up by its own manager through the API.
  birch.name = 'Birch';
  birch.id = (
    await ok(
      t.request('POST', '/api/v1/communities', {
        token: operator,
        body: { name: 'Birch Row', timeZone: 'Europe/Berlin' },
      }),
      'community',
    )
  ).community.id;
  await insertPerson(db, {
    id: randomUUID(),
    communityId: birch.id,
    name: 'Bea Birch',
    email: 'manager@birchrow.example',
    passwordHash: await hashPassword('birch manager 1', TEST_PASSWORD_COST),
    role: 'manager',
    createdAt: new Date(),
  });
  const manager = await t.login('manager@birchrow.example', 'birch manager 1');
  const post = (url: string, body: unknown, what: string) =>
    ok(t.request('POST', `/api/v1${url}`, { token: manager, body }), what);
  const unit = (await post('/units', { name: 'B1' }, 'unit')).unit;
  const unitDoor = (await post('/access-points', { name: 'B1 door', kind: 'unit_door', unitId: unit.id }, 'door'))
    .accessPoint;
  const gate = (await post('/access-points', { name: 'Birch Gate', kind: 'community_door' }, 'gate')).accessPoint;
  const hub = (await post('/hubs', { name: 'Birch hub' }, 'hub')).hub;
  const gateLock = (
    await post('/locks', { accessPointId: gate.id, connectivity: 'hub', hubId: hub.id, address: 'birch-gate' }, 'lock')
  ).lock;
  await post('/locks', { accessPointId: unitDoor.id, connectivity: 'bluetooth' }, 'bluetooth lock');
  await post(
    '/residents',
    {
      name: 'Rowan Birch',
      email: 'rowan@birchrow.example',
      unit: 'B1',
      moveIn: '2026-01-01',
      password: 'birch resident 1',
    },
    'resident',
  );
  birch.tokens = {
    resident: await t.login('rowan@birchrow.example', 'birch resident 1'),
    manager,
    apiKey: '',
    seamKey: '',
  };
  await furnish(birch, gateLock.id);
  await idsOf(maple);
  await idsOf(birch);
}, 180_000);
afterAll(() => t.close());

/** End only the caller's own sessions: no community's data, no ids; they would sign the matrix out. */
const SKIPPED = new Set(['POST /api/v1/auth/logout', 'POST /api/v1/me/sessions/revoke-all']);

/** The kind of id a path parameter names, from the route it is on. */
function pathKind(template: string, param: string): string {
  if (param === 'cardId') return 'card';
  if (param === 'lockId') return 'lock';
  if (param === 'hubId') return 'hub';
  if (param === 'accountId') return 'cloudAccount';
  const prefixes: [RegExp, string][] = [
    [/^\/api\/v1\/communities\//, 'community'],
    [/^\/api\/v1\/messages\//, 'message'],
    [/^\/api\/v1\/alerts\//, 'alert'],
    [/^\/api\/v1\/residents\//, 'resident'],
    [/^\/api\/v1\/api-keys\//, 'apiKey'],
    [/^\/api\/v1\/units\//, 'unit'],
    [/^\/api\/v1\/access-points\//, 'door'],
    [/^\/api\/v1\/hubs\//, 'hub'],
    [/^\/api\/v1\/locks\//, 'lock'],
    [/^\/api\/v1\/me\/guest-codes\//, 'guest'],
    [/^\/api\/v1\/staff-codes\//, 'staff'],
    [/^\/api\/v1\/integration-codes\//, 'integration'],
    [/^\/api\/v1\/webhooks\//, 'webhook'],
  ];
  const found = prefixes.find(([re]) => re.test(template));
  if (!found) throw new Error(`no id kind for ${template} {${param}}: add it to the matrix`);
  return found[1];
}

/** The kind of id a body or query field names (absent: not an id field). */
function fieldKind(field: string): string | undefined {
  if (/^accessPointIds?$/.test(field)) return 'door';
  if (field === 'unitId') return 'unit';
  if (field === 'hubId') return 'hub';
  if (/^(lockId|device_ids?)$/.test(field)) return 'lock';
  if (/^access_code_ids?$/.test(field)) return 'integration';
  if (field === 'webhook_id') return 'webhook';
  return undefined;
}

/** Valid bodies the schema cannot tell (enums written as prose, fields that must agree with each other). */
function bodyFor(route: Route, foreign: Record<string, string>): unknown {
  const key = `${route.method} ${route.template}`;
  if (key === 'POST /api/v1/access-points') return { name: 'Matrix door', kind: 'unit_door', unitId: foreign.unit };
  if (key === 'POST /api/v1/locks')
    return { accessPointId: foreign.door, connectivity: 'hub', hubId: foreign.hub, address: 'matrix-lock' };
  if (key === 'POST /api/v1/invitations')
    return {
      email: 'matrix.invite@example.org',
      name: 'Matrix',
      role: 'resident',
      unitId: foreign.unit,
      moveIn: '2026-07-01',
    };
  if (key === 'POST /api/v1/me/locks/{lockId}/receipt')
    return {
      lockId: foreign.lock,
      counter: 1,
      results: [],
      inventorySealed: 'x',
      accessLog: [],
      battery: null,
      mac: 'x',
    };
  if (key === 'POST /api/v1/me/guest-codes')
    return { type: 'permanent', name: 'Matrix guest', accessPointIds: [foreign.door] };
  if (key === 'POST /api/v1/staff-codes')
    return {
      name: 'Matrix vendor',
      kind: 'vendor',
      accessPointIds: [foreign.door],
      startsAt: '2026-06-16T00:00:00Z',
      endsAt: '2026-06-20T00:00:00Z',
    };
  if (key === 'PATCH /api/v1/residents/{id}') return { moveOut: '2027-01-01' };
  if (key === 'POST /api/v1/sim/locks/{lockId}/tamper') return { slot: 1, code: '4827' };
  if (!route.body) return undefined;
  return sampleOf(route.body, 'body', (field) => {
    const kind = fieldKind(field);
    return kind ? (foreign[kind] ?? randomUUID()) : undefined;
  });
}

function tokenOf(role: Role, attacker: Community, route: Route): string | undefined {
  if (role === 'none') return undefined;
  if (role === 'operator') return operator;
  if (role === 'apiKey') return route.template.startsWith('/seam/') ? attacker.tokens.seamKey : attacker.tokens.apiKey;
  return attacker.tokens[role];
}

/** The other community's rows in the key tables (columns background work updates left out). */
function foreignRows(communityId: string) {
  return sql`select
    (select md5(coalesce(string_agg(t::text, ',' order by t.id), '')) from communities t where t.id = ${communityId}) as communities,
    (select md5(coalesce(string_agg(t::text, ',' order by t.id), '')) from people t where t.community_id = ${communityId}) as people,
    (select md5(coalesce(string_agg(t::text, ',' order by t.id), '')) from residencies t where t.community_id = ${communityId}) as residencies,
    (select md5(coalesce(string_agg(t::text, ',' order by t.id), '')) from units t where t.community_id = ${communityId}) as units,
    (select md5(coalesce(string_agg(t::text, ',' order by t.id), '')) from access_points t where t.community_id = ${communityId}) as access_points,
    (select md5(coalesce(string_agg(t::text, ',' order by t.id), '')) from api_keys t where t.community_id = ${communityId}) as api_keys,
    (select md5(coalesce(string_agg(row(t.id, t.url, t.event_types)::text, ',' order by t.id), '')) from webhook_endpoints t where t.community_id = ${communityId}) as webhook_endpoints,
    (select md5(coalesce(string_agg(row(t.id, t.kind, t.status, t.pin_enc, t.version, t.guest_name, t.starts_at, t.ends_at)::text, ',' order by t.id), ''))
       from access_codes t where t.community_id = ${communityId}) as access_codes,
    (select md5(coalesce(string_agg(row(t.id, t.name, t.mqtt_username)::text, ',' order by t.id), '')) from hubs t where t.community_id = ${communityId}) as hubs,
    (select md5(coalesce(string_agg(row(t.id, t.access_point_id, t.hub_id, t.address, t.slot_count)::text, ',' order by t.id), ''))
       from locks t where t.community_id = ${communityId}) as locks`;
}

const isRead = (route: Route) => route.method === 'GET' || /\/(list|get)$/.test(route.template);

describe('the tenant matrix', () => {
  it('no role of one community reads or changes the other through any route', async () => {
    const document = (await t.request('GET', '/api/v1/openapi.json')).json();
    const routes = routesOf(document).filter((r) => !SKIPPED.has(`${r.method} ${r.template}`));
    const crossings: string[] = [];
    const byStatus: Record<string, number> = {};
    let requests = 0;
    let withForeignIds = 0;
    const serverErrors: string[] = [];

    for (const [attacker, target] of [
      [maple, birch],
      [birch, maple],
    ] as const) {
      const snapshot = async () =>
        (await queryRows<Record<string, string>>(t.keyway.deps.db, foreignRows(target.id)))[0] ?? {};
      let before = await snapshot();
      for (const route of routes) {
        const path = Object.fromEntries(
          route.pathParams.map((p) => [p, target.ids[pathKind(route.template, p)] ?? randomUUID()]),
        );
        const query: Record<string, string> = {};
        for (const param of route.query) {
          const kind = fieldKind(param.name);
          if (kind) query[param.name] = target.ids[kind] ?? randomUUID();
        }
        if (route.template === '/api/v1/imports/residents') query.dryRun = 'true';
        const body = bodyFor(route, target.ids);
        const bodyText = body === undefined ? '' : JSON.stringify(body);
        const namesForeign =
          route.pathParams.length > 0 ||
          Object.keys(query).some((k) => k !== 'dryRun') ||
          target.markers.some((id) => bodyText.includes(id));
        const operatorRoute = route.template.startsWith('/api/v1/communities');
        for (const role of ROLES) {
          const token = tokenOf(role, attacker, route);
          const csv = route.contentType === 'text/csv';
          const response = await t.request(route.method, urlOf(route, path, query), {
            ...(token ? { token } : {}),
            ...(csv
              ? { body: 'unit,first_name,last_name,email\r\n', headers: { 'content-type': 'text/csv' } }
              : body !== undefined
                ? { body }
                : {}),
          });
          requests++;
          if (namesForeign) withForeignIds++;
          const status = response.statusCode;
          byStatus[status] = (byStatus[status] ?? 0) + 1;
          if (status >= 500)
            serverErrors.push(
              `${attacker.name} ${role} ${route.method} ${route.template} → ${response.body.slice(0, 160)}`,
            );
          const label = `${attacker.name} ${role} ${route.method} ${urlOf(route, path, query)} → ${status}`;
          const after = await snapshot();
          const exempt = role === 'operator' && operatorRoute;
          if (!exempt) {
            const success = status >= 200 && status < 300;
            if (success && route.pathParams.length > 0) crossings.push(`${label}: acted on the other's id`);
            else if (success && namesForeign && !isRead(route)) crossings.push(`${label}: wrote with the other's id`);
            else if (success && target.markers.some((id) => response.body.includes(id)))
              crossings.push(`${label}: answered with the other's data`);
            else if (success && route.template.startsWith('/api/v1/sim/') && attacker === birch)
              crossings.push(`${label}: used Maple Court's simulation`);
            const diff = Object.keys(after).filter((k) => after[k] !== before[k]);
            if (diff.length > 0) crossings.push(`${label}: changed the other's ${diff.join(', ')}`);
          }
          before = after;
        }
      }
    }

    console.log(
      `tenant matrix: ${requests} requests (${withForeignIds} naming the other community's ids) over ${routes.length} ` +
        `operations × ${ROLES.length} roles × 2 communities; cross-tenant successes: ${crossings.length}; ` +
        `by status: ${JSON.stringify(byStatus)}`,
    );
    if (serverErrors.length > 0) console.log(`5xx in the matrix:\n${serverErrors.join('\n')}`);
    expect(requests).toBeGreaterThan(500);
    expect(crossings).toEqual([]);
  }, 300_000);
});
