/**
 * The demo community of API.md, created on an empty database: Maple Court (America/Chicago) with a
 * manager and two residents — Alex behind a hub lock, Blair behind a Bluetooth lock — plus the
 * community doors. Every demo account's password is `keyway-demo`.
 */
import { randomBytes } from 'node:crypto';
import { DEFAULT_SETTINGS } from '../domain/communitySettings.ts';
import { localDate } from '../domain/residency.ts';
import { hashPassword } from '../security/passwords.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { issueResidentCards } from '../services/issueResidentCards.ts';
import type { Db } from '../store/database.ts';
import { insertCommunity, insertPerson, insertResidency, insertUnit } from '../store/repositories/communities.ts';
import { insertAccessPoint, insertHub, insertLock } from '../store/repositories/devices.ts';
import { recordEvent } from '../store/repositories/events.ts';
import { countPeople, findPersonByEmail } from '../store/repositories/principals.ts';
import { sealBleKey } from '../sync/bluetoothCourier.ts';

export const DEMO_PASSWORD = 'keyway-demo';
export const DEMO_ACCOUNTS = [
  { email: 'manager@maplecourt.example', name: 'Morgan Reyes', role: 'manager', unit: null },
  { email: 'alex@maplecourt.example', name: 'Alex Kim', role: 'resident', unit: '101' },
  { email: 'blair@maplecourt.example', name: 'Blair Okafor', role: 'resident', unit: '102' },
] as const;

const HUB_LOCK = { codeLengths: [4, 6], slotCount: 30, readableCodes: true } as const;

/** The demo's verification cadence, minutes (production communities default to 60). */
export const DEMO_VERIFY_INTERVAL_MINUTES = 2;

export interface DemoSeedResult {
  seeded: boolean;
  communityId?: string;
}

/** Seeds only when nobody exists yet; a database with data is never touched. */
export async function seedDemo(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'random' | 'cipher' | 'sync' | 'passwordCost'>,
): Promise<DemoSeedResult> {
  if ((await countPeople(deps.db)) > 0) return { seeded: false };
  const passwordHash = await hashPassword(DEMO_PASSWORD, deps.passwordCost);
  const uuid = () => deps.random.uuid();
  const at = deps.clock.now();
  const communityId = uuid();
  const timeZone = 'America/Chicago';
  const today = localDate(at, timeZone);
  return deps.db.transaction(async (tx) => {
    await insertCommunity(tx, {
      id: communityId,
      name: 'Maple Court',
      timeZone,
      // Locks are re-read every 2 minutes so a wipe or a tampered slot is found and repaired while one watches.
      settings: {
        ...DEFAULT_SETTINGS,
        verifyIntervalMinutes: DEMO_VERIFY_INTERVAL_MINUTES,
        address: '1200 Maple Court Drive, Springfield, IL 62704',
      },
      createdAt: at,
    });
    const unitIds = new Map<string, string>();
    for (const name of ['101', '102']) {
      const id = uuid();
      unitIds.set(name, id);
      await insertUnit(tx, { id, communityId, name, createdAt: at });
    }
    const buildingHub = uuid();
    const unitHub = uuid();
    await insertHub(tx, { id: buildingHub, communityId, name: 'Building hub', createdAt: at });
    await insertHub(tx, { id: unitHub, communityId, name: 'Unit 101 hub', createdAt: at });

    const doors = [
      { name: 'Unit 101 Front Door', kind: 'unit_door', unit: '101', hubId: unitHub, nativeSchedules: true },
      { name: 'Unit 102 Front Door', kind: 'unit_door', unit: '102', hubId: null, nativeSchedules: true },
      { name: 'Main Gate', kind: 'community_door', unit: null, hubId: buildingHub, nativeSchedules: false },
      { name: 'Lobby', kind: 'community_door', unit: null, hubId: buildingHub, nativeSchedules: true },
      { name: 'Pool', kind: 'amenity', unit: null, hubId: buildingHub, nativeSchedules: false },
    ] as const;
    for (const door of doors) {
      const accessPointId = uuid();
      await insertAccessPoint(tx, {
        id: accessPointId,
        communityId,
        name: door.name,
        kind: door.kind,
        unitId: door.unit ? (unitIds.get(door.unit) ?? null) : null,
        createdAt: at,
      });
      const lockId = uuid();
      await insertLock(tx, {
        id: lockId,
        communityId,
        accessPointId,
        hubId: door.hubId,
        connectivity: door.hubId ? 'hub' : 'bluetooth',
        codeLengths: [...HUB_LOCK.codeLengths],
        slotCount: door.hubId ? HUB_LOCK.slotCount : 20,
        nativeSchedules: door.nativeSchedules,
        // The simulated Bluetooth lock's signed receipt carries its slot list with codes: every visit verifies it.
        readableCodes: true,
        // A Bluetooth lock's own key, provisioned at installation; only Keyway and the lock hold it.
        bleKeyEnc: door.hubId ? null : sealBleKey(deps.cipher, lockId, randomBytes(32)),
        createdAt: at,
      });
    }

    for (const account of DEMO_ACCOUNTS) {
      const personId = uuid();
      await insertPerson(tx, {
        id: personId,
        communityId,
        name: account.name,
        email: account.email,
        passwordHash,
        role: account.role,
        createdAt: at,
      });
      if (account.unit) {
        const unitId = unitIds.get(account.unit);
        if (!unitId) throw new Error(`demo unit ${account.unit} missing`);
        await insertResidency(tx, {
          id: uuid(),
          communityId,
          personId,
          unitId,
          moveIn: '2025-08-01',
          moveOut: null,
          createdAt: at,
        });
        await issueResidentCards(tx, deps, { communityId, personId, today, actor: { type: 'system', id: null } });
      }
    }
    await recordEvent(tx, {
      communityId,
      type: 'community.created',
      actor: { type: 'system', id: null },
      subject: { type: 'community', id: communityId },
      data: { demo: true },
      at,
    });
    return { seeded: true, communityId };
  });
}

/**
 * The demo community, found by its manager's address (the reserved `.example` domain, which no real
 * community uses); undefined when this database holds no demo.
 */
export async function findDemoCommunityId(db: Db): Promise<string | undefined> {
  const manager = await findPersonByEmail(db, DEMO_ACCOUNTS[0].email);
  return manager?.communityId ?? undefined;
}
