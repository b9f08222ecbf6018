/**
 * Issue 14 item 6 (not times): names are one line of plain text, guest phones are E.164, a staff code cannot end
 * in the past, and only a resident can be moved out — each refused with a code, nothing stored.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seedDemo.ts';
import { accessCodes, events } from '../../src/store/schema.ts';
import { ALEX, MANAGER, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

let t: TestKeyway;
let manager: string;
let alex: string;
let managerId: string;

beforeAll(async () => {
  t = await startTestKeyway();
  manager = await t.login(MANAGER);
  alex = await t.login(ALEX);
  t.clock.advance(6_100);
  const signedIn = await t.request('POST', '/api/v1/auth/login', { body: { email: MANAGER, password: DEMO_PASSWORD } });
  managerId = signedIn.json().user.id;
}, 180_000);
afterAll(async () => {
  await t.close();
});

const post = (url: string, token: string, body: unknown) => t.request('POST', url, { token, body });

function expectRefused(response: Awaited<ReturnType<typeof post>>, field: string) {
  expect([response.statusCode, response.json().error.code]).toEqual([400, 'invalid_request']);
  expect(response.json().error.message).toContain(field);
}

const BAD_NAMES = [
  'Ann\nBcc: everyone',
  'Ann\r',
  'Tab\there',
  'Bell\u0007',
  '<b>Ann</b>',
  'a > b',
  'Ann\u202eevil',
  'x\u2028y',
];

describe('names are one line of plain text', () => {
  it.each(BAD_NAMES)('%j is refused as a guest, staff-code, API-key, move-in and unit name', async (bad) => {
    expectRefused(await post('/api/v1/me/guest-codes', alex, { type: 'permanent', name: bad }), 'name');
    expectRefused(await post('/api/v1/staff-codes', manager, { name: bad, kind: 'vendor' }), 'name');
    expectRefused(await post('/api/v1/api-keys', manager, { name: bad }), 'name');
    expectRefused(await post('/api/v1/units', manager, { name: bad }), 'name');
    const moveIn = { name: 'Dana Fox', email: 'dana@maplecourt.example', unit: '101', moveIn: '2026-06-15' };
    expectRefused(await post('/api/v1/residents', manager, { ...moveIn, name: bad }), 'name');
    expectRefused(await post('/api/v1/residents', manager, { ...moveIn, unit: bad }), 'unit');
  });

  it('ordinary names pass: accents, apostrophes, emoji, other scripts', async () => {
    for (const name of ['Zoë O’Brien-Łukasz', 'Dog walker 🐕', '山田 太郎', 'محمد', 'A & B']) {
      const created = await post('/api/v1/me/guest-codes', alex, { type: 'permanent', name });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json().guestCode.name).toBe(name);
    }
  });
});

describe('guest phone numbers are E.164', () => {
  it.each(['12345', '3125550123', '+1 312 555 0123 ext 4', '+0123456789', '+1234567', '+1234567890123456', 'call me'])(
    '%j is refused',
    async (phone) => {
      expectRefused(await post('/api/v1/me/guest-codes', alex, { type: 'permanent', name: 'Kid', phone }), 'phone');
    },
  );

  it('spaces, dashes, dots and parentheses are dropped: stored as +13125550123', async () => {
    const created = await post('/api/v1/me/guest-codes', alex, {
      type: 'permanent',
      name: 'Sitter',
      phone: '+1 (312) 555-01.23',
    });
    expect(created.statusCode, created.body).toBe(201);
    const [row] = await t.keyway.database.db
      .select({ phone: accessCodes.guestPhone })
      .from(accessCodes)
      .where(eq(accessCodes.id, created.json().guestCode.id));
    expect(row?.phone).toBe('+13125550123');
  });
});

describe('staff codes', () => {
  it('an end already past → 400 end_in_past, nothing created', async () => {
    const before = (await t.request('GET', '/api/v1/staff-codes', { token: manager })).json().staffCodes.length;
    const past = new Date(t.clock.now().getTime() - 3_600_000).toISOString();
    const refused = await post('/api/v1/staff-codes', manager, { name: 'Plumber', kind: 'vendor', endsAt: past });
    expect([refused.statusCode, refused.json().error.code]).toEqual([400, 'end_in_past']);
    const after = (await t.request('GET', '/api/v1/staff-codes', { token: manager })).json().staffCodes.length;
    expect(after).toBe(before);
    const future = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
    const ok = await post('/api/v1/staff-codes', manager, { name: 'Plumber', kind: 'vendor', endsAt: future });
    expect(ok.statusCode, ok.body).toBe(201);
  });
});

describe('move-out', () => {
  it('a manager is not a resident: 409 not_a_resident, nothing recorded; an unknown id is 404', async () => {
    expect(managerId).toBeTruthy();
    const movedOut = () => t.keyway.database.db.select().from(events).where(eq(events.type, 'resident.moved_out'));
    const before = (await movedOut()).length;
    const refused = await post(`/api/v1/residents/${managerId}/move-out`, manager, {});
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, 'not_a_resident']);
    expect((await movedOut()).length).toBe(before);
    expect((await t.request('GET', '/api/v1/community/settings', { token: manager })).statusCode).toBe(200);
    const unknown = await post('/api/v1/residents/00000000-0000-4000-8000-000000000000/move-out', manager, {});
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'not_found']);
  });
});
