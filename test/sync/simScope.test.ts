/**
 * The simulated world belongs to the demo: it holds the demo community's hubs and locks only, so it never
 * drives another community's lock nor connects with a real hub's MQTT identity.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDemoCommunityId } from '../../src/demo/seedDemo.ts';
import { SimWorld } from '../../src/demo/simWorld.ts';
import { DEFAULT_SETTINGS } from '../../src/domain/communitySettings.ts';
import { insertCommunity } from '../../src/store/repositories/communities.ts';
import { insertAccessPoint, insertHub, insertLock } from '../../src/store/repositories/devices.ts';
import { sealBleKey } from '../../src/sync/bluetoothCourier.ts';
import { captureLogger } from '../support/logCapture.ts';
import { startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

let t: TestKeyway;
const other = { communityId: randomUUID(), hubId: randomUUID(), hubLockId: randomUUID(), bleLockId: randomUUID() };

beforeAll(async () => {
  t = await startTestKeyway();
  const { db, cipher } = t.keyway.deps;
  const at = t.clock.now();
  await db.transaction(async (tx) => {
    await insertCommunity(tx, {
      id: other.communityId,
      name: 'Cedar Flats',
      timeZone: 'America/Denver',
      settings: DEFAULT_SETTINGS,
      createdAt: at,
    });
    await insertHub(tx, { id: other.hubId, communityId: other.communityId, name: 'Real hub', createdAt: at });
    for (const [lockId, connectivity] of [
      [other.hubLockId, 'hub'],
      [other.bleLockId, 'bluetooth'],
    ] as const) {
      const accessPointId = randomUUID();
      await insertAccessPoint(tx, {
        id: accessPointId,
        communityId: other.communityId,
        name: `Cedar ${connectivity} door`,
        kind: 'community_door',
        unitId: null,
        createdAt: at,
      });
      await insertLock(tx, {
        id: lockId,
        communityId: other.communityId,
        accessPointId,
        hubId: connectivity === 'hub' ? other.hubId : null,
        connectivity,
        codeLengths: [4, 6],
        slotCount: 30,
        nativeSchedules: false,
        readableCodes: true,
        bleKeyEnc: connectivity === 'bluetooth' ? sealBleKey(cipher, lockId, randomBytes(32)) : null,
        createdAt: at,
      });
    }
  });
});

afterAll(async () => {
  await t?.close();
});

describe('the simulated world', () => {
  it('holds the demo community’s locks and hubs, and nothing of another community', async () => {
    const { db, cipher, clock } = t.keyway.deps;
    const demoCommunityId = await findDemoCommunityId(db);
    expect(demoCommunityId).toBeDefined();
    // A world started now, with the other community in the database, as the demo would be after a restart.
    const world = await SimWorld.start({
      communityId: demoCommunityId as string,
      db,
      cipher,
      clock,
      mqttUrl: t.keyway.mqttUrl,
      logger: captureLogger(),
      latencyMs: { min: 0, max: 5 },
    });
    try {
      const lockIds = world.locks().map((l) => l.lockId);
      expect(lockIds).toHaveLength(5); // the demo's two unit doors, Main Gate, Lobby and Pool
      expect(lockIds).not.toContain(other.hubLockId);
      expect(lockIds).not.toContain(other.bleLockId);
      expect(world.locks().map((l) => l.hubId)).not.toContain(other.hubId);
      expect(world.slots(other.hubLockId)).toBeUndefined();
    } finally {
      await world.stop();
    }
  });
});
