/**
 * Setting up a property through the API: units, doors, hubs (one-time credentials), locks (hub, Bluetooth,
 * Seam refused without a workspace), removal rules — with bad input, wrong roles and another community's ids.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/domain/communitySettings.ts';
import { hashPassword, verifyPassword } from '../../src/security/passwords.ts';
import { insertCommunity, insertPerson } from '../../src/store/repositories/communities.ts';
import { insertAccessPoint, insertHub, insertLock } from '../../src/store/repositories/devices.ts';
import { insertUnit } from '../../src/store/repositories/provisioning.ts';
import { hubs, locks, people } from '../../src/store/schema.ts';
import { ALEX, eventually, MANAGER, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

let t: TestKeyway;
let manager: string;
let resident: string;
let staff: string;
const other = {
  communityId: randomUUID(),
  unitId: randomUUID(),
  doorId: randomUUID(),
  hubId: randomUUID(),
  lockId: randomUUID(),
};

beforeAll(async () => {
  t = await startTestKeyway();
  manager = await t.login(MANAGER);
  resident = await t.login(ALEX);
  const db = t.keyway.deps.db;
  const at = new Date();
  const [demo] = await db.select({ communityId: people.communityId }).from(people).where(eq(people.email, MANAGER));
  await insertPerson(db, {
    id: randomUUID(),
    communityId: demo?.communityId as string,
    name: 'Sam Staff',
    email: 'staff@maplecourt.example',
    passwordHash: await hashPassword('staff-password'),
    role: 'staff',
    createdAt: at,
  });
  staff = await t.login('staff@maplecourt.example', 'staff-password');
  await insertCommunity(db, {
    id: other.communityId,
    name: 'Birch Row',
    timeZone: 'Europe/Berlin',
    settings: DEFAULT_SETTINGS,
    createdAt: at,
  });
  await insertUnit(db, { id: other.unitId, communityId: other.communityId, name: 'B1', createdAt: at });
  await insertAccessPoint(db, {
    id: other.doorId,
    communityId: other.communityId,
    name: 'B1 door',
    kind: 'unit_door',
    unitId: other.unitId,
    createdAt: at,
  });
  await insertHub(db, { id: other.hubId, communityId: other.communityId, name: 'Birch hub', createdAt: at });
  await insertLock(db, {
    id: other.lockId,
    communityId: other.communityId,
    accessPointId: other.doorId,
    hubId: other.hubId,
    connectivity: 'hub',
    address: 'birch-front',
    codeLengths: [4],
    slotCount: 10,
    nativeSchedules: false,
    readableCodes: true,
    createdAt: at,
  });
});
afterAll(() => t.close());

const post = (url: string, body: unknown, token = manager) => t.request('POST', `/api/v1${url}`, { token, body });
const patch = (url: string, body: unknown, token = manager) => t.request('PATCH', `/api/v1${url}`, { token, body });
const del = (url: string, token = manager) => t.request('DELETE', `/api/v1${url}`, { token });
const get = (url: string, token = manager) => t.request('GET', `/api/v1${url}`, { token });

function expectError(
  response: { statusCode: number; json(): { error: { code: string } } },
  status: number,
  code: string,
) {
  expect({ status: response.statusCode, code: response.json().error?.code }).toEqual({ status, code });
}

describe('units', () => {
  it('adds, renames and removes a unit; the overview lists it', async () => {
    const created = await post('/units', { name: '  201 ' });
    expect(created.statusCode).toBe(201);
    const { unit } = created.json();
    expect(unit).toEqual({ id: expect.any(String), name: '201' });
    expect((await get('/units')).json().units.map((u: { name: string }) => u.name)).toContain('201');
    const renamed = await patch(`/units/${unit.id}`, { name: '201A' });
    expect(renamed.json()).toEqual({ unit: { id: unit.id, name: '201A' } });
    expect((await del(`/units/${unit.id}`)).statusCode).toBe(200);
    expect((await get('/units')).json().units.map((u: { name: string }) => u.name)).not.toContain('201A');
  });

  it('refuses a duplicate name (409), bad input (400), a unit with doors or residents (409)', async () => {
    expectError(await post('/units', { name: '101' }), 409, 'conflict_state');
    expectError(await post('/units', { name: '' }), 400, 'invalid_request');
    expectError(await post('/units', {}), 400, 'invalid_request');
    const unit = (await post('/units', { name: '301' })).json().unit;
    expectError(await patch(`/units/${unit.id}`, { name: '102' }), 409, 'conflict_state');
    const door = (await post('/access-points', { name: '301 door', kind: 'unit_door', unitId: unit.id })).json();
    expectError(await del(`/units/${unit.id}`), 409, 'conflict_state');
    expect((await del(`/access-points/${door.accessPoint.id}`)).statusCode).toBe(200);
    expect((await del(`/units/${unit.id}`)).statusCode).toBe(200);
    const demoUnit = (await get('/units')).json().units.find((u: { name: string }) => u.name === '102');
    expectError(await del(`/units/${demoUnit.id}`), 409, 'conflict_state');
  });
});

describe('access points', () => {
  it('adds each kind, lists them with their lock, renames, removes', async () => {
    const unit = (await post('/units', { name: '401' })).json().unit;
    const door = await post('/access-points', { name: '401 Front', kind: 'unit_door', unitId: unit.id });
    expect(door.statusCode).toBe(201);
    expect(door.json().accessPoint).toMatchObject({ name: '401 Front', kind: 'unit_door', unitId: unit.id });
    const gym = (await post('/access-points', { name: 'Gym', kind: 'amenity' })).json().accessPoint;
    expect(gym).toMatchObject({ kind: 'amenity', unitId: null, lock: null });
    const list = (await get('/access-points')).json().accessPoints;
    expect(list.find((d: { name: string }) => d.name === 'Main Gate').lock).toMatchObject({ connectivity: 'hub' });
    expect(list.find((d: { name: string }) => d.name === 'Gym').lock).toBeNull();
    expect((await patch(`/access-points/${gym.id}`, { name: 'Fitness room' })).json().accessPoint.name).toBe(
      'Fitness room',
    );
    expect((await del(`/access-points/${gym.id}`)).statusCode).toBe(200);
  });

  it('refuses a unit door without unit, another kind with one, an unknown kind', async () => {
    const unit = (await post('/units', { name: '402' })).json().unit;
    expectError(await post('/access-points', { name: 'x', kind: 'unit_door' }), 400, 'invalid_request');
    expectError(await post('/access-points', { name: 'x', kind: 'amenity', unitId: unit.id }), 400, 'invalid_request');
    expectError(await post('/access-points', { name: 'x', kind: 'window' }), 400, 'invalid_request');
    expectError(await post('/access-points', { name: 'x', kind: 'unit_door', unitId: 'nope' }), 400, 'invalid_request');
    expectError(await post('/access-points', { name: 'x', kind: 'unit_door', unitId: randomUUID() }), 404, 'not_found');
  });

  it('refuses to remove a door with a lock (409)', async () => {
    const gate = (await get('/access-points')).json().accessPoints.find((d: { name: string }) => d.name === 'Lobby');
    expectError(await del(`/access-points/${gate.id}`), 409, 'conflict_state');
  });
});

describe('hubs', () => {
  it('registers a hub with credentials shown once and the exact command line; stores only a hash', async () => {
    const response = await post('/hubs', { name: 'Garage hub' });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.hub).toMatchObject({ name: 'Garage hub', online: false, username: `hub-${body.hub.id.slice(0, 8)}` });
    const { mqttUrl, username, password } = body.credentials;
    expect(username).toBe(body.hub.username);
    expect(password.length).toBeGreaterThanOrEqual(24);
    const url = new URL(mqttUrl);
    expect(decodeURIComponent(url.username)).toBe(username);
    expect(decodeURIComponent(url.password)).toBe(password);
    expect(body.command).toBe(
      `MQTT_URL='${mqttUrl}' HUB_ID=${body.hub.id} HUB_DRIVER=simulated HUB_LOCKS=<lock-address> npm run hub`,
    );
    const [stored] = await t.keyway.deps.db.select().from(hubs).where(eq(hubs.id, body.hub.id));
    expect(stored?.mqttPasswordHash).not.toContain(password);
    expect(await verifyPassword(password, stored?.mqttPasswordHash as string)).toBe(true);
    expect(t.logs()).not.toContain(password);
    const listed = (await get('/hubs')).json().hubs.find((h: { id: string }) => h.id === body.hub.id);
    expect(listed).toMatchObject({ online: false, lastSeenAt: null, lockCount: 0, locks: [], discovered: [] });
    expect(JSON.stringify((await get('/hubs')).json())).not.toContain(password);
  });

  it('rotates credentials (a new password, the old hash replaced), renames, removes', async () => {
    const first = (await post('/hubs', { name: 'Annex hub' })).json();
    const rotated = await post(`/hubs/${first.hub.id}/credentials`, {});
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json().credentials.password).not.toBe(first.credentials.password);
    expect((await patch(`/hubs/${first.hub.id}`, { name: 'Annex' })).json().hub.name).toBe('Annex');
    expect((await del(`/hubs/${first.hub.id}`)).statusCode).toBe(200);
    expect((await get('/hubs')).json().hubs.map((h: { id: string }) => h.id)).not.toContain(first.hub.id);
  });

  it('lists the demo hubs with their locks, and refuses to remove a hub with locks (409)', async () => {
    const building = (await get('/hubs')).json().hubs.find((h: { name: string }) => h.name === 'Building hub');
    expect(building.lockCount).toBe(3);
    expect(building.locks.map((l: { doorName: string }) => l.doorName).sort()).toEqual(['Lobby', 'Main Gate', 'Pool']);
    // The demo's hub locks are addressed by their own ids.
    for (const lock of building.locks) expect(lock.address).toBe(lock.lockId);
    expectError(await del(`/hubs/${building.id}`), 409, 'conflict_state');
    expectError(await post('/hubs', { name: '' }), 400, 'invalid_request');
  });
});

describe('locks', () => {
  async function newDoor(name: string) {
    return (await post('/access-points', { name, kind: 'community_door' })).json().accessPoint.id as string;
  }

  it('puts a hub lock on a door by address, with defaults and given capabilities', async () => {
    const hub = (await post('/hubs', { name: 'North hub' })).json().hub;
    const door = await newDoor('North gate');
    const created = await post('/locks', {
      accessPointId: door,
      connectivity: 'hub',
      hubId: hub.id,
      address: 'north-gate',
      capabilities: { slotCount: 50 },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().lock).toMatchObject({
      accessPointId: door,
      connectivity: 'hub',
      hubId: hub.id,
      address: 'north-gate',
      capabilities: { codeLengths: [4, 6], slotCount: 50, nativeSchedules: false, readableCodes: true },
      retiring: false,
    });
    // one lock per door; one address per hub
    expectError(await post('/locks', { accessPointId: door, connectivity: 'bluetooth' }), 409, 'conflict_state');
    const door2 = await newDoor('North side');
    expectError(
      await post('/locks', { accessPointId: door2, connectivity: 'hub', hubId: hub.id, address: 'north-gate' }),
      409,
      'conflict_state',
    );
    const listed = (await get('/hubs')).json().hubs.find((h: { id: string }) => h.id === hub.id);
    expect(listed.locks).toEqual([{ lockId: created.json().lock.id, address: 'north-gate', doorName: 'North gate' }]);
    const rotated = (await post(`/hubs/${hub.id}/credentials`, {})).json();
    expect(rotated.command).toContain('HUB_LOCKS=north-gate npm run hub');
  });

  it('puts a Bluetooth lock on a door with its own key', async () => {
    const door = await newDoor('Bike room');
    const created = await post('/locks', { accessPointId: door, connectivity: 'bluetooth' });
    expect(created.statusCode).toBe(201);
    expect(created.json().lock).toMatchObject({ connectivity: 'bluetooth', hubId: null, address: null });
    const [row] = await t.keyway.deps.db.select().from(locks).where(eq(locks.id, created.json().lock.id));
    expect(row?.bleKeyEnc).toEqual(expect.any(String));
  });

  it('refuses Seam without a device or a connected workspace, missing or extra hub fields, bad capabilities', async () => {
    const door = await newDoor('Trash room');
    const hub = (await post('/hubs', { name: 'South hub' })).json().hub;
    // Seam locks in full: test/cloud/seam.test.ts.
    expectError(await post('/locks', { accessPointId: door, connectivity: 'seam' }), 400, 'invalid_request');
    expectError(
      await post('/locks', { accessPointId: door, connectivity: 'seam', address: 'device_1' }),
      409,
      'cloud_not_connected',
    );
    expectError(
      await post('/locks', { accessPointId: door, connectivity: 'hub', hubId: hub.id }),
      400,
      'invalid_request',
    );
    expectError(
      await post('/locks', { accessPointId: door, connectivity: 'hub', address: 'x' }),
      400,
      'invalid_request',
    );
    expectError(
      await post('/locks', { accessPointId: door, connectivity: 'bluetooth', hubId: hub.id }),
      400,
      'invalid_request',
    );
    for (const capabilities of [{ slotCount: 0 }, { slotCount: 5000 }, { codeLengths: [3] }, { codeLengths: [] }]) {
      expectError(
        await post('/locks', { accessPointId: door, connectivity: 'bluetooth', capabilities }),
        400,
        'invalid_request',
      );
    }
    expectError(
      await post('/locks', { accessPointId: door, connectivity: 'hub', hubId: hub.id, address: 'a b/c' }),
      400,
      'invalid_request',
    );
    expectError(await post('/locks', { accessPointId: randomUUID(), connectivity: 'bluetooth' }), 404, 'not_found');
  });

  it('changes capabilities and address; removes a lock without codes at once', async () => {
    const hub = (await post('/hubs', { name: 'East hub' })).json().hub;
    const unit = (await post('/units', { name: 'E9' })).json().unit;
    const door = (await post('/access-points', { name: 'E9 door', kind: 'unit_door', unitId: unit.id })).json()
      .accessPoint.id;
    const lock = (
      await post('/locks', { accessPointId: door, connectivity: 'hub', hubId: hub.id, address: 'e1' })
    ).json().lock;
    const changed = await patch(`/locks/${lock.id}`, { address: 'e2', capabilities: { codeLengths: [6, 4, 4] } });
    expect(changed.json().lock).toMatchObject({ address: 'e2', capabilities: { codeLengths: [4, 6] } });
    expectError(await patch(`/locks/${lock.id}`, { capabilities: { slotCount: -1 } }), 400, 'invalid_request');
    const removed = await del(`/locks/${lock.id}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toEqual({ lockId: lock.id, removed: true, progress: { total: 0, removed: 0 } });
    expectError(await get(`/locks/${lock.id}`), 404, 'not_found');
    expect((await del(`/hubs/${hub.id}`)).statusCode).toBe(200);
  });

  it('a new lock takes the codes of the cards that open its door; removing it waits for them (202), or is forced', async () => {
    const hub = (await post('/hubs', { name: 'West hub' })).json().hub; // never connects
    const door = await newDoor('West gate');
    const lock = (
      await post('/locks', { accessPointId: door, connectivity: 'hub', hubId: hub.id, address: 'w1' })
    ).json().lock;
    // Alex's and Blair's community cards open every community door.
    const alexCards = (await get('/me/access', resident)).json().cards;
    const community = alexCards.find((c: { scope: string }) => c.scope === 'community');
    expect(community.doors.find((d: { name: string }) => d.name === 'West gate')).toMatchObject({
      status: 'pending',
    });
    const removal = await del(`/locks/${lock.id}`);
    expect(removal.statusCode).toBe(202);
    expect(removal.json()).toEqual({ lockId: lock.id, removed: false, progress: { total: 2, removed: 0 } });
    // Those codes never reached the lock (its hub never connected): nothing to take off, so the lock goes.
    await eventually(async () => (await get(`/locks/${lock.id}`)).statusCode === 404, 10_000, 'the lock to go');
    const after = (await get('/me/access', resident)).json().cards;
    expect(JSON.stringify(after)).not.toContain('West gate');
    expectError(await del(`/locks/${lock.id}?force=true`), 404, 'not_found');
    expect((await del(`/access-points/${door}`)).statusCode).toBe(200);
  });
});

describe('who may', () => {
  it('refuses residents and staff with 403 forbidden', async () => {
    for (const token of [resident, staff]) {
      expectError(await post('/units', { name: 'x' }, token), 403, 'forbidden');
      expectError(await get('/access-points', token), 403, 'forbidden');
      expectError(await post('/access-points', { name: 'x', kind: 'amenity' }, token), 403, 'forbidden');
      expectError(await get('/hubs', token), 403, 'forbidden');
      expectError(await post('/hubs', { name: 'x' }, token), 403, 'forbidden');
      expectError(
        await post('/locks', { accessPointId: other.doorId, connectivity: 'bluetooth' }, token),
        403,
        'forbidden',
      );
      expectError(await del(`/locks/${other.lockId}`, token), 403, 'forbidden');
    }
    expectError(await t.request('GET', '/api/v1/hubs'), 401, 'unauthenticated');
  });

  it("answers another community's ids with 404 not_found and changes nothing there", async () => {
    expectError(await patch(`/units/${other.unitId}`, { name: 'mine' }), 404, 'not_found');
    expectError(await del(`/units/${other.unitId}`), 404, 'not_found');
    expectError(await post('/access-points', { name: 'x', kind: 'unit_door', unitId: other.unitId }), 404, 'not_found');
    expectError(await patch(`/access-points/${other.doorId}`, { name: 'mine' }), 404, 'not_found');
    expectError(await del(`/access-points/${other.doorId}`), 404, 'not_found');
    expectError(await post(`/hubs/${other.hubId}/credentials`, {}), 404, 'not_found');
    expectError(await patch(`/hubs/${other.hubId}`, { name: 'mine' }), 404, 'not_found');
    expectError(await del(`/hubs/${other.hubId}`), 404, 'not_found');
    expectError(await post('/locks', { accessPointId: other.doorId, connectivity: 'bluetooth' }), 404, 'not_found');
    const door = (await post('/access-points', { name: 'Borrowed hub door', kind: 'amenity' })).json().accessPoint.id;
    expectError(
      await post('/locks', { accessPointId: door, connectivity: 'hub', hubId: other.hubId, address: 'x' }),
      404,
      'not_found',
    );
    expectError(await get(`/locks/${other.lockId}`), 404, 'not_found');
    expectError(await patch(`/locks/${other.lockId}`, { address: 'y' }), 404, 'not_found');
    expectError(await del(`/locks/${other.lockId}?force=true`), 404, 'not_found');
    const names = JSON.stringify([(await get('/hubs')).json(), (await get('/access-points')).json()]);
    expect(names).not.toContain('Birch');
    expect(names).not.toContain('B1 door');
  });
});
