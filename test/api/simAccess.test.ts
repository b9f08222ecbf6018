/**
 * The simulation (demo mode) is the demo community's: nobody else may touch it. Moving the one server-wide clock,
 * unplugging hubs and reading a lock's slots (its PINs) are for the demo community's managers; reading slots is
 * recorded; the simulated keypad locks out after a burst of wrong codes, like a real lock.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/domain/communitySettings.ts';
import { hashPassword } from '../../src/security/passwords.ts';
import { insertCommunity, insertPerson } from '../../src/store/repositories/communities.ts';
import { events } from '../../src/store/schema.ts';
import { ALEX, MANAGER, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

let t: TestKeyway;
let manager: string;
let resident: string;
let demoKey: string;
let otherManager: string;
let otherKey: string;
let lock: { lockId: string; hubId: string | null; connectivity: string };

async function apiKey(token: string, name: string): Promise<string> {
  const created = await t.request('POST', '/api/v1/api-keys', { token, body: { name } });
  expect(created.statusCode).toBe(201);
  return created.json().key;
}

beforeAll(async () => {
  t = await startTestKeyway();
  manager = await t.login(MANAGER);
  resident = await t.login(ALEX);
  demoKey = await apiKey(manager, 'demo integration');
  const communityId = randomUUID();
  const db = t.keyway.deps.db;
  await insertCommunity(db, {
    id: communityId,
    name: 'Birch Row',
    timeZone: 'Europe/Berlin',
    settings: DEFAULT_SETTINGS,
    createdAt: new Date(),
  });
  await insertPerson(db, {
    id: randomUUID(),
    communityId,
    name: 'Birch Manager',
    email: 'manager@birchrow.example',
    passwordHash: await hashPassword('birch-password'),
    role: 'manager',
    createdAt: new Date(),
  });
  otherManager = await t.login('manager@birchrow.example', 'birch-password');
  otherKey = await apiKey(otherManager, 'birch integration');
  const locks = (await t.request('GET', '/api/v1/sim/locks', { token: manager })).json().locks as (typeof lock)[];
  const hubLock = locks.find((l) => l.connectivity === 'hub' && l.hubId !== null);
  if (!hubLock) throw new Error('the demo has a hub lock');
  lock = hubLock;
}, 400_000);
afterAll(() => t.close());

const clockNow = async () => (await t.request('GET', '/api/v1/sim/clock', { token: manager })).json().now as string;

describe('who may use the simulation', () => {
  it('nobody signed out', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/sim/locks'],
      ['GET', '/api/v1/sim/clock'],
      ['POST', '/api/v1/sim/clock'],
    ] as const) {
      const response = await t.request(method, url, method === 'POST' ? { body: { advanceMinutes: 1 } } : {});
      expect(response.statusCode).toBe(401);
    }
  });

  it('no one of another community, person or API key: not even the lock list or the clock', async () => {
    const before = await clockNow();
    for (const token of [otherManager, otherKey]) {
      for (const [method, url, body] of [
        ['GET', '/api/v1/sim/locks', undefined],
        ['GET', '/api/v1/sim/clock', undefined],
        ['POST', '/api/v1/sim/clock', { advanceMinutes: 10_800 }],
        ['GET', `/api/v1/sim/locks/${lock.lockId}`, undefined],
        ['POST', `/api/v1/sim/locks/${lock.lockId}/keypad`, { code: '1234' }],
        ['POST', `/api/v1/sim/hubs/${lock.hubId}/online`, { online: false }],
      ] as const) {
        const response = await t.request(method, url, { token, ...(body ? { body } : {}) });
        expect(response.statusCode, `${method} ${url}`).toBe(403);
        expect(response.json().error.code).toBe('forbidden');
      }
    }
    expect(await clockNow()).toBe(before);
  });

  it('residents and API keys of the demo community: look and type, but no clock, hub or slots', async () => {
    const before = await clockNow();
    for (const token of [resident, demoKey]) {
      expect((await t.request('GET', '/api/v1/sim/locks', { token })).statusCode).toBe(200);
      expect((await t.request('GET', '/api/v1/sim/clock', { token })).statusCode).toBe(200);
      for (const [method, url, body] of [
        ['POST', '/api/v1/sim/clock', { advanceMinutes: 10_800 }],
        ['GET', `/api/v1/sim/locks/${lock.lockId}`, undefined],
        ['POST', `/api/v1/sim/hubs/${lock.hubId}/online`, { online: false }],
        ['POST', `/api/v1/sim/locks/${lock.lockId}/wipe`, undefined],
      ] as const) {
        const response = await t.request(method, url, { token, ...(body ? { body } : {}) });
        expect(response.statusCode, `${method} ${url}`).toBe(403);
        expect(response.json().error.code).toBe('forbidden');
      }
    }
    expect(await clockNow()).toBe(before);
    const locks = (await t.request('GET', '/api/v1/sim/locks', { token: manager })).json().locks as {
      online: boolean;
    }[];
    expect(locks.every((l) => l.online)).toBe(true);
  });

  it('the demo manager moves the clock, unplugs a hub and reads slots — and the read is recorded', async () => {
    const before = await clockNow();
    const moved = await t.request('POST', '/api/v1/sim/clock', { token: manager, body: { advanceMinutes: 1 } });
    expect(moved.statusCode).toBe(200);
    expect(new Date(moved.json().now).getTime()).toBe(new Date(before).getTime() + 60_000);
    const unplug = await t.request('POST', `/api/v1/sim/hubs/${lock.hubId}/online`, {
      token: manager,
      body: { online: false },
    });
    expect(unplug.statusCode).toBe(200);
    await t.request('POST', `/api/v1/sim/hubs/${lock.hubId}/online`, { token: manager, body: { online: true } });
    const slots = await t.request('GET', `/api/v1/sim/locks/${lock.lockId}`, { token: manager });
    expect(slots.statusCode).toBe(200);
    const recorded = await t.keyway.deps.db
      .select()
      .from(events)
      .where(and(eq(events.type, 'sim.lock_slots_read'), eq(events.subjectId, lock.lockId)));
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ actorType: 'person', subjectType: 'lock' });
    expect(JSON.stringify(recorded[0]?.data)).not.toMatch(/"code"/);
  });
});

describe('the simulated keypad', () => {
  it('after 5 wrong codes in a minute the lock refuses every code for 60 s (429 rate_limited)', async () => {
    const slots = (await t.request('GET', `/api/v1/sim/locks/${lock.lockId}`, { token: manager })).json().slots as {
      code: string;
    }[];
    const right = slots[0]?.code;
    if (!right) throw new Error('the demo lock holds a code');
    const codes = new Set(slots.map((s) => s.code));
    const wrong = ['0000', '0001', '0002', '0003', '0004', '0005'].filter((c) => !codes.has(c));
    const type = (code: string) =>
      t.request('POST', `/api/v1/sim/locks/${lock.lockId}/keypad`, { token: resident, body: { code } });
    expect((await type(right)).json()).toEqual({ unlocked: true });
    for (const code of wrong.slice(0, 5)) expect((await type(code)).json()).toEqual({ unlocked: false });
    const locked = await type(right);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('rate_limited');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // The lockout belongs to the lock, not the caller (the demo's managers, who can read the slots, are exempt).
    const byKey = await t.request('POST', `/api/v1/sim/locks/${lock.lockId}/keypad`, {
      token: demoKey,
      body: { code: right },
    });
    expect(byKey.statusCode).toBe(429);
    const byManager = await t.request('POST', `/api/v1/sim/locks/${lock.lockId}/keypad`, {
      token: manager,
      body: { code: right },
    });
    expect(byManager.json()).toEqual({ unlocked: true });
    t.clock.advance(61_000);
    expect((await type(right)).json()).toEqual({ unlocked: true });
  });
});
