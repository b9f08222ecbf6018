import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALEX, eventually, MANAGER, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

let t: TestKeyway;
let alex: string;
let manager: string;
let locks: { lockId: string; name: string }[];

// 2026-06-15 15:00Z is a Monday, 10:00 in Chicago.
beforeAll(async () => {
  t = await startTestKeyway({ now: new Date('2026-06-15T15:00:00Z') });
  alex = await t.login(ALEX);
  manager = await t.login(MANAGER);
  locks = (await t.request('GET', '/api/v1/sim/locks', { token: alex })).json().locks;
});
afterAll(() => t.close());

const lockId = (name: string) => locks.find((l) => l.name === name)!.lockId;
const keypad = async (name: string, code: string) =>
  (await t.request('POST', `/api/v1/sim/locks/${lockId(name)}/keypad`, { token: manager, body: { code } })).json()
    .unlocked as boolean;
const create = (body: Record<string, unknown>) => {
  t.clock.advance(3_100);
  return t.request('POST', '/api/v1/me/guest-codes', { token: alex, body });
};
const guest = async (id: string) =>
  (await t.request('GET', '/api/v1/me/guest-codes', { token: alex }))
    .json()
    .guestCodes.find((g: { id: string }) => g.id === id);
/** Moves time on and lets the sweep act on the boundaries it passed. */
const advance = async (minutes: number) => {
  t.clock.advance(minutes * 60_000);
  await t.keyway.sync.sweepNow();
};
const iso = (offsetMinutes: number) => new Date(t.clock.now().getTime() + offsetMinutes * 60_000).toISOString();

describe('creating guest codes', () => {
  it.each([
    [{ type: 'permanent', name: 'Kid', code: '1234' }, 422, 'guest_code_not_customizable'],
    [{ type: 'delivery', name: 'Courier', code: null }, 422, 'guest_code_not_customizable'],
    [{ type: 'party', name: 'x' }, 400, 'invalid_request'],
    [{ type: 'temporary', name: 'Aunt' }, 400, 'invalid_request'],
    [
      { type: 'recurring', name: 'Walker', schedule: { days: ['funday'], start: '09:00', end: '10:00' } },
      400,
      'invalid_request',
    ],
    [{ type: 'permanent', name: '' }, 400, 'invalid_request'],
  ])('refuses %j with %s %s', async (body, status, code) => {
    const response = await create(body);
    expect(response.statusCode).toBe(status);
    expect(response.json().error.code).toBe(code);
  });

  it('refuses a type the community does not offer (guest_type_disabled)', async () => {
    await t.request('PATCH', '/api/v1/community/settings', {
      token: manager,
      body: { guestTypes: ['permanent', 'temporary', 'recurring'] },
    });
    const response = await create({ type: 'delivery', name: 'Courier' });
    expect([response.statusCode, response.json().error.code]).toEqual([422, 'guest_type_disabled']);
    await t.request('PATCH', '/api/v1/community/settings', {
      token: manager,
      body: { guestTypes: ['permanent', 'temporary', 'recurring', 'delivery'] },
    });
  });

  it('generates a permanent code for the unit door and community doors (not amenities) that works at once', async () => {
    const response = await create({ type: 'permanent', name: 'Sam (nephew)' });
    expect(response.statusCode).toBe(201);
    const code = response.json().guestCode;
    expect(code).toMatchObject({ type: 'permanent', status: 'active', name: 'Sam (nephew)' });
    expect(code.code).toMatch(/^\d{4}$/);
    expect(code.doors.map((d: { name: string }) => d.name).sort()).toEqual([
      'Lobby',
      'Main Gate',
      'Unit 101 Front Door',
    ]);
    await eventually(async () =>
      (await guest(code.id)).doors.every((d: { status: string }) => d.status === 'active') ? true : undefined,
    );
    expect(await keypad('Main Gate', code.code)).toBe(true);
    expect(await keypad('Pool', code.code)).toBe(false);
  });
});

describe('schedules in the community time zone', () => {
  it('a Temporary code does not open before its start, opens during its window, not after', async () => {
    const response = await create({ type: 'temporary', name: 'Aunt May', startsAt: iso(60), endsAt: iso(180) });
    expect(response.statusCode).toBe(201);
    const code = response.json().guestCode;
    expect(code.status).toBe('scheduled');
    await advance(1);
    for (const door of ['Main Gate', 'Unit 101 Front Door']) expect(await keypad(door, code.code)).toBe(false);
    await advance(60);
    await eventually(
      async () =>
        ((await keypad('Main Gate', code.code)) && (await keypad('Unit 101 Front Door', code.code))) || undefined,
    );
    expect((await guest(code.id)).status).toBe('active');
    await advance(125);
    await eventually(
      async () =>
        (!(await keypad('Main Gate', code.code)) && !(await keypad('Unit 101 Front Door', code.code))) || undefined,
    );
    expect((await guest(code.id)).status).toBe('expired');
  });

  it('a Recurring code opens only inside its daily window on chosen days', async () => {
    // Now is Monday 13:06 Chicago (after the previous test). Window: Mon+Wed 14:00–15:00.
    const response = await create({
      type: 'recurring',
      name: 'Dog walker',
      schedule: { days: ['mon', 'wed'], start: '14:00', end: '15:00' },
    });
    expect(response.statusCode).toBe(201);
    const code = response.json().guestCode;
    await advance(1);
    expect(await keypad('Main Gate', code.code)).toBe(false);
    const local = () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone: 'America/Chicago',
        hour: '2-digit',
        minute: '2-digit',
        weekday: 'short',
        hour12: false,
      }).format(t.clock.now());
    const minutesToTwo = (() => {
      const [h, m] = local().split(' ')[1]!.split(':').map(Number) as [number, number];
      return 14 * 60 + 5 - (h * 60 + m);
    })();
    await advance(minutesToTwo);
    await eventually(async () => (await keypad('Main Gate', code.code)) || undefined);
    await advance(60);
    await eventually(async () => !(await keypad('Main Gate', code.code)) || undefined);
    await advance(23 * 60); // Tuesday 14:05: inside the hours, but Tuesday is not a chosen day
    expect(await keypad('Main Gate', code.code)).toBe(false);
    expect((await guest(code.id)).status).toBe('scheduled');
    await advance(24 * 60); // Wednesday 14:05
    await eventually(async () => (await keypad('Main Gate', code.code)) || undefined);
  });
});

describe('Delivery', () => {
  it('opens the gate once, still within the grace period, then never again; status used', async () => {
    const response = await create({ type: 'delivery', name: 'Parcel' });
    expect(response.statusCode).toBe(201);
    const code = response.json().guestCode;
    expect(code.doors.map((d: { name: string }) => d.name).sort()).toEqual(['Lobby', 'Main Gate']);
    await eventually(async () => (await keypad('Main Gate', code.code)) || undefined);
    await advance(10);
    expect(await keypad('Main Gate', code.code)).toBe(true); // courier comes back within the grace period
    await eventually(async () => ((await guest(code.id)).firstUsedAt ? true : undefined));
    await advance(6);
    await eventually(async () => !(await keypad('Main Gate', code.code)) || undefined);
    expect((await guest(code.id)).status).toBe('used');
    const activity = (await t.request('GET', '/api/v1/me/activity?type=guest_code.used', { token: alex })).json()
      .activity;
    expect(activity[0].text).toMatch(/Parcel's delivery code was used at Main Gate/);
  });
});

describe('revoking and sharing', () => {
  it('a revoked code stops opening within seconds; the share page shows the code, then says it was cancelled', async () => {
    const response = await create({ type: 'permanent', name: 'Cleaner & "Co"', email: 'cleaner@example.com' });
    const code = response.json().guestCode;
    await eventually(async () => (await keypad('Main Gate', code.code)) || undefined);
    const path = new URL(code.shareUrl).pathname;
    const page = await t.request('GET', path);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    // One string, copyable as it is (the spacing between digits is CSS only).
    expect(page.body).toContain(`>${code.code}<`);
    expect(page.body).toContain('Main Gate');
    expect(page.body).toContain('Cleaner &amp; &quot;Co&quot;');
    expect((await t.request('GET', `${path.slice(0, -3)}xyz`)).statusCode).toBe(404);

    const revoked = await t.request('DELETE', `/api/v1/me/guest-codes/${code.id}`, { token: alex });
    expect(revoked.json().guestCode.status).toBe('revoked');
    await eventually(async () => !(await keypad('Main Gate', code.code)) || undefined, 5_000);
    const after = await t.request('GET', path);
    expect(after.body).toContain('cancelled');
    expect(after.body).not.toContain(`>${code.code}<`);
    expect(t.logs()).not.toMatch(new RegExp(`(?<![0-9a-fA-F-])${code.code}(?![0-9a-fA-F-])`));
  });

  it("another resident's guest code is not found", async () => {
    const blair = await t.login('blair@maplecourt.example');
    const mine = (await create({ type: 'permanent', name: 'Pat' })).json().guestCode;
    const response = await t.request('DELETE', `/api/v1/me/guest-codes/${mine.id}`, { token: blair });
    expect([response.statusCode, response.json().error.code]).toEqual([404, 'not_found']);
  });
});

describe('community rules for guest codes', () => {
  it('caps live guest codes per resident (409 conflict_state) and can let deliveries reach unit doors', async () => {
    const current = (await t.request('GET', '/api/v1/me/guest-codes', { token: alex }))
      .json()
      .guestCodes.filter((g: { status: string }) => g.status === 'active' || g.status === 'scheduled').length;
    await t.request('PATCH', '/api/v1/community/settings', {
      token: manager,
      body: { maxGuestCodesPerResident: current, deliveryToUnitDoors: true },
    });
    const capped = await create({ type: 'permanent', name: 'One too many' });
    expect([capped.statusCode, capped.json().error.code]).toEqual([409, 'conflict_state']);
    await t.request('PATCH', '/api/v1/community/settings', { token: manager, body: { maxGuestCodesPerResident: 25 } });
    const delivery = (await create({ type: 'delivery', name: 'Groceries' })).json().guestCode;
    expect(delivery.doors.map((d: { name: string }) => d.name).sort()).toEqual([
      'Lobby',
      'Main Gate',
      'Unit 101 Front Door',
    ]);
  });

  it("move-out revokes the resident's guest codes and removes them from the locks", async () => {
    const code = (await create({ type: 'permanent', name: 'Neighbour' })).json().guestCode;
    await eventually(async () => (await keypad('Main Gate', code.code)) || undefined);
    const alexId = (await t.request('GET', '/api/v1/residents', { token: manager }))
      .json()
      .residents.find((r: { email: string }) => r.email === ALEX).id;
    expect((await t.request('POST', `/api/v1/residents/${alexId}/move-out`, { token: manager })).statusCode).toBe(200);
    await eventually(async () => !(await keypad('Main Gate', code.code)) || undefined);
    // The lease has ended: Alex's session is gone with it (the revocation itself: src/services/leases.test.ts).
    expect((await t.request('GET', '/api/v1/me/guest-codes', { token: alex })).statusCode).toBe(401);
  });
});

describe('Bluetooth doors carry the window to the lock', () => {
  it('a Temporary code delivered by phone before its window opens and closes on time with no phone nearby', async () => {
    const blair = await t.login('blair@maplecourt.example');
    t.clock.advance(3_100);
    const created = await t.request('POST', '/api/v1/me/guest-codes', {
      token: blair,
      body: { type: 'temporary', name: 'Plumber', startsAt: iso(30), endsAt: iso(90) },
    });
    expect(created.statusCode).toBe(201);
    const code = created.json().guestCode;
    const door = lockId('Unit 102 Front Door');
    const visit = await t.request('POST', `/api/v1/sim/locks/${door}/phone-nearby`, { token: blair });
    expect(visit.json().delivered).toBeGreaterThanOrEqual(1);
    expect(await keypad('Unit 102 Front Door', code.code)).toBe(false); // on the lock, but not yet its time
    t.clock.advance(31 * 60_000);
    expect(await keypad('Unit 102 Front Door', code.code)).toBe(true);
    t.clock.advance(60 * 60_000);
    expect(await keypad('Unit 102 Front Door', code.code)).toBe(false);
  });
});

describe('the share page says where the guest is going', () => {
  it("shows the community's name and the street address the manager gives (one line; null or empty removes it)", async () => {
    const settings = (body: Record<string, unknown>) =>
      t.request('PATCH', '/api/v1/community/settings', { token: manager, body });
    // Alex has moved out by now (above): Blair shares this one.
    const blair = await t.login('blair@maplecourt.example');
    const made = await t.request('POST', '/api/v1/me/guest-codes', {
      token: blair,
      body: { type: 'permanent', name: 'Visitor' },
    });
    expect(made.statusCode, made.body).toBe(201);
    const path = new URL(made.json().guestCode.shareUrl).pathname;
    // The demo community has an address.
    expect((await t.request('GET', path)).body).toContain('1200 Maple Court Drive, Springfield, IL 62704');

    const changed = await settings({ address: '  9 Elm Row, Portland, OR 97201  ' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().settings.address).toBe('9 Elm Row, Portland, OR 97201');
    const page = (await t.request('GET', path)).body;
    expect(page).toContain('Maple Court');
    expect(page).toContain('9 Elm Row, Portland, OR 97201');

    // A second line or markup is refused, and nothing changes.
    for (const address of ['9 Elm Row\nFake line', '<b>9 Elm Row</b>', 'x'.repeat(201)]) {
      const refused = await settings({ address });
      expect(refused.statusCode, address).toBe(400);
      expect(refused.json().error.code).toBe('invalid_request');
    }
    expect((await t.request('GET', '/api/v1/community/settings', { token: manager })).json().settings.address).toBe(
      '9 Elm Row, Portland, OR 97201',
    );

    for (const cleared of [null, '']) {
      expect((await settings({ address: '9 Elm Row' })).statusCode).toBe(200);
      const removed = await settings({ address: cleared });
      expect(removed.json().settings.address).toBeNull();
      expect((await t.request('GET', path)).body).not.toContain('9 Elm Row');
    }
    // A resident cannot change it.
    const byResident = await t.request('PATCH', '/api/v1/community/settings', { token: blair, body: { address: 'x' } });
    expect(byResident.statusCode, byResident.body).toBe(403);
    await settings({ address: '1200 Maple Court Drive, Springfield, IL 62704' });
  });
});
