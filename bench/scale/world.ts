/**
 * Builds a production-mode Keyway world of a given size, fast, on an empty migrated database:
 *
 *   building (one community, America/New_York): 13 units with one unit-door lock each, and one shared front door
 *   unit: 2 residents (leases current), each with a Home card (the unit door) and a Community card (the front door)
 *   unit door lock: the 2 residents' Home codes + 24 guest codes of theirs (18 permanent, 3 temporary, 3 recurring)
 *   front door lock: the building's 26 residents' Community codes
 *
 * so every lock carries 26 codes in 30 slots (4 free: guest codes created during the run need room on the front
 * door too). Locks are spread over hubs of `locksPerHub` locks. Hubs are registered through Keyway's own service
 * (`createHub`: MQTT username, password hash, and the sealing key derived from the password — without it Keyway
 * never sends a PIN); everything else is bulk-inserted with `unnest`, PINs encrypted with the run's master key
 * exactly as the services store them. Every lock_codes row starts `pending` with no slot: nothing has been sent,
 * so the first start of the servers is the first full reconcile of the fleet. Sessions are inserted for a sample
 * of residents (as if they had signed in: login itself is rate-limited per client address, 10 a minute).
 */
import { randomInt } from 'node:crypto';
import { DEFAULT_SETTINGS } from '../../src/domain/communitySettings.ts';
import { createLogger } from '../../src/logger.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { cryptoRandom } from '../../src/platform/random.ts';
import type { PinCipher } from '../../src/security/pinCipher.ts';
import { hashToken, newToken } from '../../src/security/tokens.ts';
import { createHub } from '../../src/services/hubs.ts';
import type { Database } from '../../src/store/database.ts';
import { bulkInsert } from './bulkInsert.ts';

export const UNITS_PER_BUILDING = 13;
export const LOCKS_PER_BUILDING = UNITS_PER_BUILDING + 1;
export const RESIDENTS_PER_UNIT = 2;
export const GUESTS_PER_UNIT = 24;
export const SLOTS = 30;
const TIME_ZONE = 'America/New_York';

export interface WorldOptions {
  /** Locks wanted; rounded up to whole buildings. */
  locks: number;
  locksPerHub: number;
  /** Residents given a session (spread evenly over the buildings). */
  sessionResidents: number;
  mqttUrl: string;
  publicUrl: string;
}

export interface HubSpec {
  id: string;
  /** MQTT_URL with the hub's own credentials, as Keyway hands it out. */
  mqttUrl: string;
  addresses: string[];
}

export interface SessionResident {
  personId: string;
  token: string;
  building: number;
  homeCardId: string;
  communityCardId: string;
}

export interface World {
  buildings: number;
  locks: number;
  codes: number;
  lockCodes: number;
  hubs: HubSpec[];
  residents: SessionResident[];
  /** For keypad events: hub id and address of every lock. */
  lockAddresses: { hubId: string; address: string }[];
}

interface Ids {
  uuid(): string;
}

/** Distinct 4-digit PINs for one lock. */
function distinctPins(count: number): string[] {
  const pins = new Set<string>();
  while (pins.size < count) pins.add(String(randomInt(0, 10_000)).padStart(4, '0'));
  return [...pins];
}

export async function buildWorld(
  database: Database,
  cipher: PinCipher,
  options: WorldOptions,
  log: (line: string) => void,
): Promise<World> {
  const pool = database.pool;
  if (!pool) throw new Error('the scale bench runs on PostgreSQL only');
  const ids: Ids = cryptoRandom;
  const at = systemClock.now();
  const buildings = Math.ceil(options.locks / LOCKS_PER_BUILDING);
  const lockTotal = buildings * LOCKS_PER_BUILDING;
  const hubCount = Math.ceil(lockTotal / options.locksPerHub);
  // Only 10,000 distinct 4-digit PINs exist: their fingerprints are computed once.
  const prints = new Map<string, { fp: string; fp4: string }>();
  const printsOf = (pin: string) => {
    let p = prints.get(pin);
    if (!p) {
      p = cipher.fingerprints(pin);
      prints.set(pin, p);
    }
    return p;
  };

  const communityIds = Array.from({ length: buildings }, () => ids.uuid());
  const managerIds = communityIds.map(() => ids.uuid());
  const settings = JSON.stringify(DEFAULT_SETTINGS);
  await bulkInsert(
    pool,
    'communities',
    [
      { name: 'id', type: 'uuid', value: (i: number) => communityIds[i] },
      { name: 'name', type: 'text', value: (i: number) => `Scale building ${i + 1}` },
    ],
    communityIds.map((_, i) => i),
    { time_zone: `'${TIME_ZONE}'`, settings: `'${settings}'::jsonb`, created_at: 'now()' },
  );
  await bulkInsert(
    pool,
    'people',
    [
      { name: 'id', type: 'uuid', value: (i: number) => managerIds[i] },
      { name: 'community_id', type: 'uuid', value: (i: number) => communityIds[i] },
      { name: 'email', type: 'text', value: (i: number) => `manager-${i + 1}@scale.example` },
    ],
    communityIds.map((_, i) => i),
    { name: `'Scale Manager'`, role: `'manager'`, created_at: 'now()' },
  );

  // Hubs through the service: credentials and sealing key as for any registered hub.
  const deps = {
    db: database.db,
    clock: systemClock,
    random: cryptoRandom,
    cipher,
    publicUrl: options.publicUrl,
    hubMqttUrl: options.mqttUrl,
    logger: createLogger('silent'),
  };
  const hubs: HubSpec[] = [];
  for (let h = 0; h < hubCount; h++) {
    const building = Math.floor((h * options.locksPerHub) / LOCKS_PER_BUILDING);
    const issued = await createHub(
      deps,
      {
        kind: 'person',
        personId: managerIds[building]!,
        communityId: communityIds[building]!,
        role: 'manager',
        name: 'Scale Manager',
      },
      { name: `Scale hub ${h + 1}` },
    );
    hubs.push({ id: issued.hub.id, mqttUrl: issued.credentials.mqttUrl, addresses: [] });
  }

  // Per building: units, doors, locks, residents, residencies, cards, guest codes, lock_codes.
  const units: [string, string, string][] = [];
  const points: [string, string, string, string, string | null][] = [];
  const lockRows: [string, string, string, string, string][] = [];
  const people: [string, string, string, string][] = [];
  const residencies: [string, string, string, string][] = [];
  type CodeRow = {
    id: string;
    communityId: string;
    holderId: string | null;
    kind: 'resident' | 'guest';
    scope: 'home' | 'community' | null;
    pin: string;
    ownerId: string | null;
    guestType: 'permanent' | 'temporary' | 'recurring' | null;
    guestName: string | null;
    startsAt: Date | null;
    endsAt: Date | null;
    schedule: string | null;
  };
  const codes: CodeRow[] = [];
  const lockCodes: [string, string, string, string][] = [];
  const residents: SessionResident[] = [];
  const lockAddresses: { hubId: string; address: string }[] = [];
  const residentTotal = lockTotal - buildings; // one per unit door… times RESIDENTS_PER_UNIT below
  const sessionEvery = Math.max(
    1,
    Math.floor((residentTotal * RESIDENTS_PER_UNIT) / Math.max(1, options.sessionResidents)),
  );
  let residentIndex = 0;
  let lockIndex = 0;
  const day = 86_400_000;
  const addLock = (communityId: string, pointId: string) => {
    const lockId = ids.uuid();
    const hub = hubs[Math.floor(lockIndex / options.locksPerHub)]!;
    const address = `L${lockIndex}`;
    lockIndex++;
    hub.addresses.push(address);
    lockAddresses.push({ hubId: hub.id, address });
    lockRows.push([lockId, communityId, pointId, hub.id, address]);
    return lockId;
  };
  for (let b = 0; b < buildings; b++) {
    const communityId = communityIds[b]!;
    const frontPoint = ids.uuid();
    points.push([frontPoint, communityId, 'Front entrance', 'community_door', null]);
    const frontLock = addLock(communityId, frontPoint);
    const frontPins = distinctPins(UNITS_PER_BUILDING * RESIDENTS_PER_UNIT);
    for (let u = 0; u < UNITS_PER_BUILDING; u++) {
      const unitId = ids.uuid();
      const unitName = String(101 + u);
      units.push([unitId, communityId, unitName]);
      const pointId = ids.uuid();
      points.push([pointId, communityId, `Unit ${unitName} door`, 'unit_door', unitId]);
      const doorLock = addLock(communityId, pointId);
      const doorPins = distinctPins(RESIDENTS_PER_UNIT + GUESTS_PER_UNIT);
      const unitResidents: string[] = [];
      for (let r = 0; r < RESIDENTS_PER_UNIT; r++) {
        const personId = ids.uuid();
        unitResidents.push(personId);
        people.push([
          personId,
          communityId,
          `Resident ${b + 1}-${unitName}-${r + 1}`,
          `r${b + 1}-${unitName}-${r + 1}@scale.example`,
        ]);
        residencies.push([ids.uuid(), communityId, personId, unitId]);
        const homeId = ids.uuid();
        const communityCardId = ids.uuid();
        for (const [cardId, scope, pin, lockId] of [
          [homeId, 'home', doorPins[r]!, doorLock],
          [communityCardId, 'community', frontPins[u * RESIDENTS_PER_UNIT + r]!, frontLock],
        ] as const) {
          codes.push({
            id: cardId,
            communityId,
            holderId: personId,
            kind: 'resident',
            scope,
            pin,
            ownerId: null,
            guestType: null,
            guestName: null,
            startsAt: null,
            endsAt: null,
            schedule: null,
          });
          lockCodes.push([ids.uuid(), communityId, cardId, lockId]);
        }
        if (residentIndex % sessionEvery === 0 && residents.length < options.sessionResidents)
          residents.push({ personId, token: newToken('kws'), building: b, homeCardId: homeId, communityCardId });
        residentIndex++;
      }
      for (let g = 0; g < GUESTS_PER_UNIT; g++) {
        const id = ids.uuid();
        const type = g % 8 === 6 ? 'temporary' : g % 8 === 7 ? 'recurring' : 'permanent';
        const startHour = 8 + ((b + u + g) % 10);
        codes.push({
          id,
          communityId,
          holderId: null,
          kind: 'guest',
          scope: null,
          pin: doorPins[RESIDENTS_PER_UNIT + g]!,
          ownerId: unitResidents[g % RESIDENTS_PER_UNIT]!,
          guestType: type,
          guestName: `Guest ${g + 1}`,
          startsAt: type === 'temporary' ? new Date(at.getTime() - day) : null,
          endsAt: type === 'temporary' ? new Date(at.getTime() + (30 + g) * day) : null,
          schedule:
            type === 'recurring'
              ? JSON.stringify({
                  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
                  start: `${String(startHour).padStart(2, '0')}:00`,
                  end: `${String(startHour + 2).padStart(2, '0')}:30`,
                })
              : null,
        });
        lockCodes.push([ids.uuid(), communityId, id, doorLock]);
      }
    }
  }

  log(
    `  world: ${buildings.toLocaleString('en-US')} buildings, ${lockTotal.toLocaleString('en-US')} locks on ${hubCount} hubs, ` +
      `${people.length.toLocaleString('en-US')} residents, ${codes.length.toLocaleString('en-US')} codes, ${lockCodes.length.toLocaleString('en-US')} lock codes — inserting`,
  );
  const t = <T>(rows: T[]) => rows;
  await bulkInsert(
    pool,
    'units',
    [
      { name: 'id', type: 'uuid', value: (r: [string, string, string]) => r[0] },
      { name: 'community_id', type: 'uuid', value: (r) => r[1] },
      { name: 'name', type: 'text', value: (r) => r[2] },
    ],
    t(units),
    { created_at: 'now()' },
  );
  await bulkInsert(
    pool,
    'access_points',
    [
      { name: 'id', type: 'uuid', value: (r: (typeof points)[number]) => r[0] },
      { name: 'community_id', type: 'uuid', value: (r) => r[1] },
      { name: 'name', type: 'text', value: (r) => r[2] },
      { name: 'kind', type: 'text', value: (r) => r[3] },
      { name: 'unit_id', type: 'uuid', value: (r) => r[4] },
    ],
    points,
    { created_at: 'now()' },
  );
  await bulkInsert(
    pool,
    'locks',
    [
      { name: 'id', type: 'uuid', value: (r: (typeof lockRows)[number]) => r[0] },
      { name: 'community_id', type: 'uuid', value: (r) => r[1] },
      { name: 'access_point_id', type: 'uuid', value: (r) => r[2] },
      { name: 'hub_id', type: 'uuid', value: (r) => r[3] },
      { name: 'address', type: 'text', value: (r) => r[4] },
    ],
    lockRows,
    {
      connectivity: `'hub'`,
      code_lengths: `'{4,6}'::int[]`,
      slot_count: String(SLOTS),
      native_schedules: 'true',
      readable_codes: 'true',
      created_at: 'now()',
    },
  );
  await bulkInsert(
    pool,
    'people',
    [
      { name: 'id', type: 'uuid', value: (r: (typeof people)[number]) => r[0] },
      { name: 'community_id', type: 'uuid', value: (r) => r[1] },
      { name: 'name', type: 'text', value: (r) => r[2] },
      { name: 'email', type: 'text', value: (r) => r[3] },
    ],
    people,
    { role: `'resident'`, created_at: 'now()' },
  );
  await bulkInsert(
    pool,
    'residencies',
    [
      { name: 'id', type: 'uuid', value: (r: (typeof residencies)[number]) => r[0] },
      { name: 'community_id', type: 'uuid', value: (r) => r[1] },
      { name: 'person_id', type: 'uuid', value: (r) => r[2] },
      { name: 'unit_id', type: 'uuid', value: (r) => r[3] },
    ],
    residencies,
    {
      move_in: `'2025-01-01'::date`,
      access_starts_at: `'2025-01-01T05:00:00Z'::timestamptz`,
      access_state: `'current'`,
      created_at: 'now()',
    },
  );
  await bulkInsert(
    pool,
    'access_codes',
    [
      { name: 'id', type: 'uuid', value: (r: CodeRow) => r.id },
      { name: 'community_id', type: 'uuid', value: (r) => r.communityId },
      { name: 'holder_id', type: 'uuid', value: (r) => r.holderId },
      { name: 'kind', type: 'text', value: (r) => r.kind },
      { name: 'scope', type: 'text', value: (r) => r.scope },
      { name: 'pin_enc', type: 'text', value: (r) => cipher.encrypt(r.pin, r.id) },
      { name: 'fp', type: 'text', value: (r) => printsOf(r.pin).fp },
      { name: 'fp4', type: 'text', value: (r) => printsOf(r.pin).fp4 },
      { name: 'owner_id', type: 'uuid', value: (r) => r.ownerId },
      { name: 'guest_type', type: 'text', value: (r) => r.guestType },
      { name: 'guest_name', type: 'text', value: (r) => r.guestName },
      { name: 'starts_at', type: 'timestamptz', value: (r) => r.startsAt },
      { name: 'ends_at', type: 'timestamptz', value: (r) => r.endsAt },
      { name: 'schedule', type: 'jsonb', value: (r) => r.schedule },
    ],
    codes,
    {
      origin: `'generated'`,
      code_length: '4',
      version: '1',
      status: `'active'`,
      created_at: 'now()',
      updated_at: 'now()',
    },
  );
  await bulkInsert(
    pool,
    'lock_codes',
    [
      { name: 'id', type: 'uuid', value: (r: (typeof lockCodes)[number]) => r[0] },
      { name: 'community_id', type: 'uuid', value: (r) => r[1] },
      { name: 'access_code_id', type: 'uuid', value: (r) => r[2] },
      { name: 'lock_id', type: 'uuid', value: (r) => r[3] },
    ],
    lockCodes,
    {
      state: `'pending'`,
      reason: `'awaiting_sync'`,
      desired_version: '1',
      intent: `'present'`,
      attempts: '0',
      updated_at: 'now()',
    },
  );
  await bulkInsert(
    pool,
    'sessions',
    [
      { name: 'token_hash', type: 'text', value: (r: SessionResident) => hashToken(r.token) },
      { name: 'person_id', type: 'uuid', value: (r) => r.personId },
    ],
    residents,
    { id: 'gen_random_uuid()', created_at: 'now()', expires_at: `now() + interval '30 days'` },
  );
  await pool.query('analyze');
  return {
    buildings,
    locks: lockTotal,
    codes: codes.length,
    lockCodes: lockCodes.length,
    hubs,
    residents,
    lockAddresses,
  };
}
