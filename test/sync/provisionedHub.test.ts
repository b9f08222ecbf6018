/**
 * A property set up through the API, end to end: a unit, its door, a hub (with the credentials Keyway hands
 * out), a lock by address on that hub; a real hub agent (in process, simulated locks, over the test broker)
 * that speaks only addresses. A resident moves in and the code reaches the lock; a lock the hub reports that
 * Keyway does not know shows as discovered; removing the lock clears its codes first, then the lock goes.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeActivity } from '../../src/domain/activityText.ts';
import { HubAgent } from '../../src/hub/hubAgent.ts';
import { SimulatedLock } from '../../src/hub/simulatedLock.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { events } from '../../src/store/schema.ts';
import { captureLogger } from '../support/logCapture.ts';
import { cardsOf, eventually, MANAGER, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

let t: TestKeyway;
let manager: string;
let agent: HubAgent | undefined;
const front = new SimulatedLock({ lockId: 'front', slotCount: 10, latencyMs: { min: 5, max: 10 }, clock: systemClock });
const side = new SimulatedLock({ lockId: 'side', slotCount: 10, latencyMs: { min: 5, max: 10 }, clock: systemClock });

beforeAll(async () => {
  t = await startTestKeyway({ latency: '5-10' });
  manager = await t.login(MANAGER);
});
afterAll(async () => {
  await agent?.stop();
  await t.close();
});

const api = async (method: string, url: string, body?: unknown, token = manager) => {
  const response = await t.request(method, `/api/v1${url}`, { token, ...(body === undefined ? {} : { body }) });
  return { status: response.statusCode, body: response.json() };
};

interface HubJson {
  id: string;
  online: boolean;
  lastSeenAt: string | null;
  lockCount: number;
  discovered: { address: string; capabilities: Record<string, unknown> }[];
}
const hubOf = async (id: string) => (await api('GET', '/hubs')).body.hubs.find((h: HubJson) => h.id === id) as HubJson;

describe('a provisioned hub', () => {
  let hubId: string;
  let lockId: string;
  let residentToken: string;

  it('is set up through the API and its agent connects with the handed-out credentials', async () => {
    const unit = await api('POST', '/units', { name: 'P1' });
    expect(unit.status).toBe(201);
    const door = await api('POST', '/access-points', {
      name: 'P1 Front Door',
      kind: 'unit_door',
      unitId: unit.body.unit.id,
    });
    expect(door.status).toBe(201);
    const hub = await api('POST', '/hubs', { name: 'Pine hub' });
    expect(hub.status).toBe(201);
    hubId = hub.body.hub.id;
    const lock = await api('POST', '/locks', {
      accessPointId: door.body.accessPoint.id,
      connectivity: 'hub',
      hubId,
      address: 'front',
      capabilities: { slotCount: 10 },
    });
    expect(lock.status).toBe(201);
    lockId = lock.body.lock.id;

    // The hub uses the URL Keyway handed out (credentials inside), pointed at this test's broker.
    const handedOut = new URL(hub.body.credentials.mqttUrl);
    const broker = new URL(t.keyway.mqttUrl);
    handedOut.hostname = broker.hostname;
    handedOut.port = broker.port;
    if (!process.env.MQTT_URL) expect(hub.body.credentials.mqttUrl).toContain(`:${broker.port}`);
    agent = new HubAgent({
      hubId,
      mqttUrl: handedOut.toString(),
      drivers: [front, side],
      logger: captureLogger(),
      clock: systemClock,
      batteryIntervalMs: 0,
    });
    await agent.start();
    const online = await eventually(
      async () => {
        const h = await hubOf(hubId);
        return h.online ? h : undefined;
      },
      10_000,
      'the hub to come online',
    );
    expect(online.lastSeenAt).not.toBeNull();
    expect(online.lockCount).toBe(1);
  });

  it('lists an address the hub drives that no door uses as a discovered lock', async () => {
    const hub = await eventually(
      async () => {
        const h = await hubOf(hubId);
        // Named by the hub's status first, then described by its inventory (capabilities).
        return h.discovered[0]?.capabilities.slotCount ? h : undefined;
      },
      10_000,
      'a discovered lock',
    );
    expect(hub.discovered.map((d) => d.address)).toEqual(['side']);
    expect(hub.discovered[0]?.capabilities).toMatchObject({ slotCount: 10, codeLengths: [4, 6] });
    const [found] = await t.keyway.deps.db.select().from(events).where(eq(events.type, 'hub.lock_discovered'));
    expect(found?.data).toEqual({ hubId, hubName: 'Pine hub', address: 'side' });
    expect(describeActivity({ type: 'hub.lock_discovered', at: new Date(), data: found?.data ?? {} }, 'UTC')).toMatch(
      /^Pine hub found a new lock at address side/,
    );
  });

  it("a resident's code reaches the lock by its address and the door turns active", async () => {
    const moved = await api('POST', '/residents', {
      name: 'Pat Pine',
      email: 'pat@pine.example',
      unit: 'P1',
      moveIn: '2026-06-01',
      password: 'pat-password-1',
    });
    expect(moved.status).toBe(201);
    residentToken = await t.login('pat@pine.example', 'pat-password-1');
    const home = await eventually(
      async () => {
        const { home } = await cardsOf(t, residentToken);
        const door = home.doors.find((d) => d.name === 'P1 Front Door');
        return door?.status === 'active' ? home : undefined;
      },
      15_000,
      'the door to turn active',
    );
    expect(front.slots().map((s) => s.code)).toContain(home.code);
    expect(front.typeCode(home.code)).toBe(true);
    expect(side.slots()).toEqual([]);
  });

  it('a lock created for a discovered address takes it off the discovered list', async () => {
    const door = await api('POST', '/access-points', { name: 'Pine side gate', kind: 'community_door' });
    const lock = await api('POST', '/locks', {
      accessPointId: door.body.accessPoint.id,
      connectivity: 'hub',
      hubId,
      address: 'side',
    });
    expect(lock.status).toBe(201);
    // What the hub reported for that address became the lock's capabilities.
    expect(lock.body.lock.capabilities).toMatchObject({ slotCount: 10, codeLengths: [4, 6] });
    expect((await hubOf(hubId)).discovered).toEqual([]);
    expect((await hubOf(hubId)).lockCount).toBe(2);
    // A lock put on a door later still gets the codes of everyone whose card opens that door.
    const community = await eventually(
      async () => {
        const { community } = await cardsOf(t, residentToken);
        return community.doors.find((d) => d.name === 'Pine side gate')?.status === 'active' ? community : undefined;
      },
      15_000,
      'the side gate to take the community code',
    );
    // (The demo's residents hold community cards in this community too: their codes go there as well.)
    expect(side.slots().map((s) => s.code)).toContain(community.code);
  });

  it('removing the lock clears its codes from the lock first, then the lock and the door on cards go', async () => {
    expect(front.slots().length).toBeGreaterThan(0);
    const removal = await api('DELETE', `/locks/${lockId}`);
    expect(removal.status).toBe(202);
    expect(removal.body).toMatchObject({ lockId, removed: false, progress: { total: 1, removed: 0 } });
    // The door leaves the resident's card at once: a retiring lock is no place for codes.
    const { home } = await cardsOf(t, residentToken);
    expect(home.doors.map((d) => d.name)).not.toContain('P1 Front Door');
    await eventually(async () => (await api('GET', `/locks/${lockId}`)).status === 404, 15_000, 'the lock to go');
    expect(front.slots()).toEqual([]);
    const hub = await hubOf(hubId);
    expect(hub.lockCount).toBe(1);
    // The door is free again: it can be removed, and so can its unit once the lease history allows (it does not).
    const doors = (await api('GET', '/access-points')).body.accessPoints;
    expect(doors.find((d: { name: string }) => d.name === 'P1 Front Door').lock).toBeNull();
  });

  it('a forced removal deletes a lock whose hub is gone, its rows and all', async () => {
    const doors = (await api('GET', '/access-points')).body.accessPoints;
    const sideLock = doors.find((d: { name: string }) => d.name === 'Pine side gate').lock;
    await agent?.stop();
    agent = undefined;
    await eventually(async () => !(await hubOf(hubId)).online, 10_000, 'the hub to go offline');
    const removal = await api('DELETE', `/locks/${sideLock.id}?force=true`);
    expect(removal.status).toBe(200);
    expect(removal.body.removed).toBe(true);
    expect((await api('DELETE', `/hubs/${hubId}`)).status).toBe(200);
  });
});
