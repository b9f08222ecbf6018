/**
 * Leases drive the simulated locks by themselves: a resident moved in ahead of time has nothing on any
 * lock until the clock reaches the start of the move-in day; then the code reaches the hub doors and opens
 * them. A move-out dated in advance takes it off at the community's move-out time, with no button pressed:
 * the keypad refuses it, sign-in and the old session answer 401.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seedDemo.ts';
import { eventually, MANAGER, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

let t: TestKeyway;
let manager: string;
let locks: { lockId: string; name: string; connectivity: string }[];
let residentId: string;
let token: string;
let code: string;
const EMAIL = 'robin@maplecourt.example';

beforeAll(async () => {
  t = await startTestKeyway(); // 2026-06-15 10:00 in Chicago
  manager = await t.login(MANAGER);
  locks = (await t.request('GET', '/api/v1/sim/locks', { token: manager })).json().locks;
});
afterAll(() => t?.close());

const lockId = (name: string) => {
  const found = locks.find((l) => l.name === name);
  if (!found) throw new Error(`no lock ${name}`);
  return found.lockId;
};
const codesOn = async (name: string) =>
  (
    (await t.request('GET', `/api/v1/sim/locks/${lockId(name)}`, { token: manager })).json().slots as { code: string }[]
  ).map((s) => s.code);
const keypad = async (name: string, pin: string) =>
  (await t.request('POST', `/api/v1/sim/locks/${lockId(name)}/keypad`, { token: manager, body: { code: pin } })).json()
    .unlocked as boolean;
/** Moves the clock to `iso` through the simulation (which runs the sweep at once). */
const clockTo = async (iso: string) => {
  const now = t.clock.now().getTime();
  const minutes = (new Date(iso).getTime() - now) / 60_000;
  const response = await t.request('POST', '/api/v1/sim/clock', { token: manager, body: { advanceMinutes: minutes } });
  expect(response.statusCode).toBe(200);
};

describe('a lease from the clock alone', () => {
  it('a future move-in: the resident signs in, sees when access starts, and nothing is on the locks', async () => {
    const settings = await t.request('PATCH', '/api/v1/community/settings', {
      token: manager,
      body: { moveOutTime: '11:00' },
    });
    expect(settings.statusCode).toBe(200);
    expect(settings.json().settings.moveOutTime).toBe('11:00');
    // Alex's code reaches the door first (the demo's start-up sync), so the door is settled before we look.
    const before = await eventually(async () => {
      const codes = await codesOn('Unit 101 Front Door');
      return codes.length === 1 ? codes : undefined;
    }, 15_000);
    const created = await t.request('POST', '/api/v1/residents', {
      token: manager,
      body: { name: 'Robin Soon', email: EMAIL, unit: '101', moveIn: '2026-06-16', password: DEMO_PASSWORD },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().resident.status).toBe('future');
    residentId = created.json().resident.id;
    token = await t.login(EMAIL);
    const access = await t.request('GET', '/api/v1/me/access', { token });
    expect(access.statusCode).toBe(200);
    expect(access.json()).toMatchObject({
      cards: [],
      accessStartsAt: '2026-06-16T05:00:00.000Z',
      lease: { state: 'upcoming', moveIn: '2026-06-16', moveOut: null },
    });
    expect(await codesOn('Unit 101 Front Door')).toEqual(before);
  });

  it('at the start of the move-in day the code reaches the doors and opens them', async () => {
    await clockTo('2026-06-16T05:00:00Z');
    const cards = await eventually(
      async () => {
        const body = (await t.request('GET', '/api/v1/me/access', { token })).json();
        const home = body.cards.find((c: { scope: string }) => c.scope === 'home');
        return home?.doors.every((d: { status: string }) => d.status === 'active') ? body : undefined;
      },
      15_000,
      'the home code on its door',
    );
    expect(cards.accessStartsAt).toBeUndefined();
    code = cards.cards.find((c: { scope: string }) => c.scope === 'home').code;
    expect(await codesOn('Unit 101 Front Door')).toContain(code);
    expect(await keypad('Unit 101 Front Door', code)).toBe(true);
  });

  it('PATCH /residents/{id} sets a move-out in advance; nothing moves before its time', async () => {
    const bad = await t.request('PATCH', `/api/v1/residents/${residentId}`, {
      token: manager,
      body: { moveOut: '2026-06-01' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_request');
    const asResident = await t.request('PATCH', `/api/v1/residents/${residentId}`, {
      token,
      body: { moveOut: '2026-06-30' },
    });
    expect(asResident.statusCode).toBe(403);
    const response = await t.request('PATCH', `/api/v1/residents/${residentId}`, {
      token: manager,
      body: { moveOut: '2026-06-20' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().resident).toMatchObject({ moveIn: '2026-06-16', moveOut: '2026-06-20', status: 'current' });
    await clockTo('2026-06-20T15:59:00Z');
    expect(await keypad('Unit 101 Front Door', code)).toBe(true);
    expect((await t.request('GET', '/api/v1/me/access', { token })).json().lease.accessEndsAt).toBe(
      '2026-06-20T16:00:00.000Z',
    );
  });

  it('at the move-out time the code leaves every lock, the keypad refuses it and sign-in answers 401', async () => {
    await clockTo('2026-06-20T16:00:00Z');
    await eventually(
      async () => !(await codesOn('Unit 101 Front Door')).includes(code),
      15_000,
      'the code to leave the door',
    );
    expect(await keypad('Unit 101 Front Door', code)).toBe(false);
    expect((await t.request('GET', '/api/v1/me/access', { token })).statusCode).toBe(401);
    const login = await t.request('POST', '/api/v1/auth/login', { body: { email: EMAIL, password: DEMO_PASSWORD } });
    expect(login.statusCode).toBe(401);
    expect(login.json().error.code).toBe('unauthenticated');
    const removals = await eventually(async () => {
      const list = (await t.request('GET', `/api/v1/residents/${residentId}/removals`, { token: manager })).json()
        .removals as { doorName: string; status: string }[];
      return list.some((r) => r.doorName === 'Unit 101 Front Door' && r.status === 'removed') ? list : undefined;
    }, 15_000);
    expect(removals.length).toBeGreaterThan(0);
  });
});

describe('a Bluetooth door stops the code at move-out by itself', () => {
  let blair: string;
  let blairCode: string;
  const phoneNearby = (as: string) =>
    t.request('POST', `/api/v1/sim/locks/${lockId('Unit 102 Front Door')}/phone-nearby`, { token: as });

  it("the resident's code reaches the lock with the lease end as its validity", async () => {
    blair = await t.login('blair@maplecourt.example');
    const blairId = (await t.request('GET', '/api/v1/residents', { token: manager }))
      .json()
      .residents.find((r: { email: string }) => r.email === 'blair@maplecourt.example').id as string;
    const patched = await t.request('PATCH', `/api/v1/residents/${blairId}`, {
      token: manager,
      body: { moveOut: '2026-06-25' },
    });
    expect(patched.statusCode).toBe(200);
    const delivered = await phoneNearby(blair);
    expect(delivered.statusCode).toBe(200);
    const access = (await t.request('GET', '/api/v1/me/access', { token: blair })).json();
    blairCode = access.cards.find((c: { scope: string }) => c.scope === 'home').code;
    expect(await keypad('Unit 102 Front Door', blairCode)).toBe(true);
  });

  it('past the move-out time, with no phone coming by, the keypad refuses the code', async () => {
    await clockTo('2026-06-25T16:00:00Z');
    expect(await keypad('Unit 102 Front Door', blairCode)).toBe(false);
    expect(await codesOn('Unit 102 Front Door')).toContain(blairCode); // still stored: no phone came by
  });

  it("a manager's phone (Sync this door) carries the removal", async () => {
    const synced = await phoneNearby(manager);
    expect(synced.statusCode).toBe(200);
    expect(await codesOn('Unit 102 Front Door')).not.toContain(blairCode);
  });
});
