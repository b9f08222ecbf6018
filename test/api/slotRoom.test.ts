/**
 * One resident's guest codes must not fill a lock: each door keeps room for the residents whose card opens it
 * (and a few who move in next). A guest code a door has no room for is refused with 409 no_room_on_lock naming
 * the door, and the next resident who moves in still gets their own code onto every door.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALEX, cardsOf, eventually, MANAGER, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

let t: TestKeyway;
let manager: string;

beforeAll(async () => {
  t = await startTestKeyway();
  manager = await t.login(MANAGER);
  // Only the doors limit how many guest codes there may be, not the per-resident cap.
  const settings = await t.request('PATCH', '/api/v1/community/settings', {
    token: manager,
    body: { maxGuestCodesPerResident: 1000 },
  });
  expect(settings.statusCode).toBe(200);
}, 400_000);
afterAll(() => t.close());

describe('room on a lock for residents', () => {
  it('a resident creates guest codes until a door is full for guests; the next resident still fits', async () => {
    const alex = await t.login(ALEX);
    let refused:
      | { statusCode: number; body: string; json: () => { error: { code: string; details: unknown } } }
      | undefined;
    let created = 0;
    for (let i = 0; i < 40 && !refused; i++) {
      t.clock.advance(3_100); // 20 code changes a minute per person
      const response = await t.request('POST', '/api/v1/me/guest-codes', {
        token: alex,
        body: { type: 'permanent', name: `Guest ${i}` },
      });
      if (response.statusCode === 201) created++;
      else refused = response;
    }
    expect(created).toBeGreaterThan(10);
    expect(refused?.statusCode, refused?.body).toBe(409);
    expect(refused?.json().error.code).toBe('no_room_on_lock');
    expect(refused?.json().error.details).toMatchObject({ door: expect.any(String) });

    const movedIn = await t.request('POST', '/api/v1/residents', {
      token: manager,
      body: {
        name: 'Dana Newcomer',
        email: 'dana@maplecourt.example',
        unit: '101',
        moveIn: '2026-01-01',
        password: 'dana-password',
      },
    });
    expect(movedIn.statusCode, movedIn.body).toBe(201);
    const dana = await t.login('dana@maplecourt.example', 'dana-password');
    const cards = await eventually(
      async () => {
        const now = await cardsOf(t, dana);
        const doors = [...now.home.doors, ...now.community.doors].filter((d) => d.connectivity === 'hub');
        return doors.every((d) => d.status === 'active' || d.status === 'failed') ? now : undefined;
      },
      120_000,
      "the newcomer's hub doors to settle",
    );
    const hubDoors = [...cards.home.doors, ...cards.community.doors].filter((d) => d.connectivity === 'hub');
    expect(hubDoors.length).toBeGreaterThan(0);
    expect(hubDoors.filter((d) => d.status !== 'active')).toEqual([]);
  }, 400_000);

  it('a staff code is refused the same way on a door that is full for guests, naming the door', async () => {
    const response = await t.request('POST', '/api/v1/staff-codes', {
      token: manager,
      body: { name: 'Cleaner', kind: 'staff' },
    });
    expect(response.statusCode, response.body).toBe(409);
    expect(response.json().error.code).toBe('no_room_on_lock');
    expect(response.json().error.message).toContain('staff code');
    expect(response.json().error.details).toMatchObject({ door: expect.any(String) });
    // Nothing was stored: the list has no "Cleaner".
    const list = await t.request('GET', '/api/v1/staff-codes', { token: manager });
    expect(JSON.stringify(list.json())).not.toContain('Cleaner');
  });
});
