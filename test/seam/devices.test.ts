/**
 * Devices, locks and the workspace through Seam's own SDK: the community's locks are the devices (every
 * connectivity), with Seam's fields and Keyway's truth in them (online, battery, code lengths and rules,
 * errors), Seam's filters and pagination, and nothing of another community.
 */
import { isSeamHttpApiError } from '@seamapi/http';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/domain/communitySettings.ts';
import { presentDevice } from '../../src/http/seam/devices.ts';
import { seamDeviceView } from '../../src/services/seam/seamDeviceView.ts';
import { queryRows } from '../../src/store/rawQuery.ts';
import type { SeamDeviceRow } from '../../src/store/repositories/seamDevices.ts';
import { eventually } from '../support/testKeyway.ts';
import { otherCommunityClient, type SeamKeyway, startSeamKeyway } from './seamHarness.ts';
import { type Json, shapeDiff } from './shapeDiff.ts';

/** A device exactly as Seam's fake (@seamapi/fake-seam-connect 1.86.0) returns it (recipes: seam-shapes.json). */
const FAKE_DEVICE: Json = {
  device_id: 'august_device_1',
  is_managed: true,
  device_type: 'august_lock',
  display_name: 'Smart Device',
  connected_account_id: 'john_connected_account_id',
  capabilities_supported: ['lock', 'access_code'],
  created_at: '2026-11-28T10:15:17.109Z',
  properties: {
    name: 'Fake August Lock 1',
    appearance: { name: 'Front Door' },
    online: true,
    manufacturer: 'august',
    locked: true,
    model: { display_name: 'Device', manufacturer_display_name: 'Generic' },
    battery: { level: 1, status: 'full' },
    currently_triggering_noise_threshold_ids: [],
  },
  workspace_id: 'seed_workspace_1',
  errors: [],
  warnings: [],
  custom_metadata: {},
  can_remotely_lock: true,
  can_remotely_unlock: true,
  can_program_online_access_codes: true,
  space_ids: [],
};

interface SimLock {
  lockId: string;
  hubId: string | null;
  name: string;
  connectivity: string;
}

let s: SeamKeyway;
let simLocks: SimLock[];
let communityId: string;

const simLock = (name: string) => {
  const found = simLocks.find((l) => l.name === name);
  if (!found) throw new Error(`no lock ${name}`);
  return found;
};
const device = (name: string) => s.seam.devices.get({ device_id: simLock(name).lockId });

async function seamError(call: Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await call;
  } catch (error) {
    if (isSeamHttpApiError(error)) return { status: error.statusCode, code: error.code };
    throw error;
  }
  throw new Error('expected the SDK to throw');
}

beforeAll(async () => {
  s = await startSeamKeyway();
  simLocks = (await s.t.request('GET', '/api/v1/sim/locks', { token: s.manager })).json().locks;
  const [row] = await queryRows<{ id: string }>(
    s.t.keyway.database.db,
    sql`select id from communities where name = 'Maple Court'`,
  );
  communityId = row?.id as string;
  // Every hub lock has sent its first inventory (battery, reachability) once its hub is up.
  await eventually(async () => {
    const devices = await s.seam.devices.list();
    return devices.filter((d) => d.properties.battery !== undefined).length === 4;
  });
});
afterAll(() => s.t.close());

describe('devices are the community’s locks', () => {
  it('lists every lock, whatever its connectivity, with the door’s name, in the key’s workspace', async () => {
    const devices = await s.seam.devices.list();
    expect(devices.map((d) => d.device_id).sort()).toEqual(simLocks.map((l) => l.lockId).sort());
    for (const d of devices) {
      const lock = simLocks.find((l) => l.lockId === d.device_id) as SimLock;
      expect(d.display_name).toBe(lock.name);
      expect(d.properties.name).toBe(lock.name);
      expect(d.properties.appearance.name).toBe(lock.name);
      expect(d.workspace_id).toBe(communityId);
      expect(d.is_managed).toBe(true);
      expect(d.capabilities_supported).toEqual(['access_code']);
      expect(d.can_remotely_lock).toBe(false);
      expect(d.can_remotely_unlock).toBe(false);
      expect((d as unknown as { keyway: { connectivity: string } }).keyway.connectivity).toBe(lock.connectivity);
    }
    // /locks/list serves the same devices (a read of a lock may land in between: compare what it cannot move).
    const summary = (list: typeof devices) => list.map((d) => [d.device_id, d.display_name, d.properties.online]);
    expect(summary(await s.seam.locks.list())).toEqual(summary(devices));
    // …also under the older `locks` / `lock` keys, for clients written before the SDK read `devices`.
    const raw = await fetch(`${s.baseUrl}/seam/locks/list`, { headers: { authorization: `Bearer ${s.key}` } });
    const body = (await raw.json()) as { devices: { device_id: string }[]; locks: { device_id: string }[] };
    expect(body.locks.map((l) => l.device_id)).toEqual(body.devices.map((d) => d.device_id));
    const first = body.devices[0]?.device_id;
    const one = await fetch(`${s.baseUrl}/seam/locks/get?device_id=${first}`, {
      headers: { authorization: `Bearer ${s.key}` },
    });
    expect(((await one.json()) as { lock: { device_id: string } }).lock.device_id).toBe(first);
  });

  it('keeps every field of Seam’s device with Seam’s JSON types (locked is left out on purpose)', async () => {
    for (const name of ['Unit 101 Front Door', 'Main Gate']) {
      const d = await device(name);
      expect(shapeDiff(FAKE_DEVICE, d as unknown as Json, 'device')).toEqual([]);
      expect(
        shapeDiff(FAKE_DEVICE, (await s.seam.locks.get({ device_id: d.device_id })) as unknown as Json, 'lock'),
      ).toEqual([]);
    }
  });

  it('the presenter keeps the shape whatever the device’s state (offline, failing account, Bluetooth, full, retiring)', () => {
    const base: SeamDeviceRow = {
      lockId: '7c0e8f2a-1b7d-4a51-9f55-0b1e2c3d4e5f',
      communityId: '11111111-2222-4333-8444-555555555555',
      createdAt: new Date('2026-06-01T00:00:00Z'),
      connectivity: 'hub',
      hubId: '21111111-2222-4333-8444-555555555555',
      codeLengths: [4, 6],
      slotCount: 2,
      nativeSchedules: false,
      readableCodes: true,
      battery: 7,
      reachable: false,
      verifiedAt: null,
      inventoryAt: null,
      retiringSince: new Date('2026-06-02T00:00:00Z'),
      breakerOpenedAt: new Date('2026-06-03T00:00:00Z'),
      doorName: 'Side Door',
      doorKind: 'community_door',
      hubName: 'Building hub',
      hubOnline: false,
      hubLastSeenAt: new Date('2026-06-04T00:00:00Z'),
      cloudAccountId: null,
      cloudStatus: null,
      occupiedSlots: 2,
    };
    const now = new Date('2026-06-05T00:00:00Z');
    const variants: SeamDeviceRow[] = [
      base,
      { ...base, hubOnline: true },
      {
        ...base,
        connectivity: 'seam',
        hubId: null,
        hubOnline: null,
        cloudAccountId: base.hubId,
        cloudStatus: 'failing',
      },
      { ...base, connectivity: 'bluetooth', hubId: null, hubOnline: null, battery: null },
    ];
    for (const row of variants) {
      const json = presentDevice(seamDeviceView(row, DEFAULT_SETTINGS, now)) as unknown as Json;
      const diff = shapeDiff(FAKE_DEVICE, json, 'device').filter((d) => !d.startsWith('device.properties.battery'));
      expect(diff).toEqual([]);
    }
    const offline = presentDevice(seamDeviceView(base, DEFAULT_SETTINGS, now));
    expect(offline.properties.online).toBe(false);
    expect(offline.errors).toEqual([
      expect.objectContaining({
        error_code: 'device_offline',
        is_device_error: true,
        created_at: '2026-06-04T00:00:00.000Z',
      }),
    ]);
    expect(offline.warnings.map((w) => w.warning_code)).toEqual([
      'device_being_removed',
      'device_communication_degraded',
      'max_access_codes_reached',
    ]);
    expect(offline.warnings[2]).toMatchObject({ active_access_code_count: 2, max_active_access_code_count: 2 });
    expect(offline.properties.battery).toEqual({ level: 0.07, status: 'critical' });
    const failing = presentDevice(seamDeviceView(variants[2] as SeamDeviceRow, DEFAULT_SETTINGS, now));
    expect(failing.errors).toEqual([
      expect.objectContaining({
        error_code: 'account_disconnected',
        is_device_error: false,
        is_connected_account_error: true,
      }),
    ]);
    expect(failing.connected_account_id).toBe(base.hubId);
  });
});

describe('what is true of each lock', () => {
  it('a hub lock: online while its hub is, with its battery, slots, lengths and rules', async () => {
    const d = await device('Unit 101 Front Door');
    expect(d.properties.online).toBe(true);
    expect(d.errors).toEqual([]);
    expect(d.properties.battery_level).toBe(1);
    expect(d.properties.battery).toEqual({ level: 1, status: 'full' });
    expect(d.properties.max_active_codes_supported).toBe(30);
    expect(d.properties.supported_code_lengths).toEqual([4]);
    expect(d.can_program_online_access_codes).toBe(true);
    expect(d.connected_account_id).toBe(simLock('Unit 101 Front Door').hubId);
    const constraints = (d.properties.code_constraints ?? []).map((c) => c.constraint_type);
    expect(constraints).toEqual(['no_all_same_digits', 'no_ascending_or_descending_sequence']);
    const gate = await device('Main Gate');
    expect((gate.properties.code_constraints ?? []).map((c) => c.constraint_type)).toContain('cannot_specify_pin_code');
    expect((await device('Pool')).properties.code_constraints?.map((c) => c.constraint_type)).toContain(
      'cannot_specify_pin_code',
    );
  });

  it('a Bluetooth lock has no network link: reported offline without an error, codes travel by phone', async () => {
    const d = await device('Unit 102 Front Door');
    expect(d.properties.online).toBe(false);
    expect(d.errors).toEqual([]);
    expect(d.can_program_online_access_codes).toBe(false);
    expect(d.properties.max_active_codes_supported).toBe(20);
    expect(d.connected_account_id).toBe(communityId);
  });

  it('a hub going offline makes its locks offline with device_offline; back online, the error is gone', async () => {
    const hubId = simLock('Main Gate').hubId as string;
    const setOnline = (online: boolean) =>
      s.t.request('POST', `/api/v1/sim/hubs/${hubId}/online`, { token: s.manager, body: { online } });
    try {
      await setOnline(false);
      const offline = await eventually(async () => {
        const d = await device('Main Gate');
        return d.properties.online === false ? d : undefined;
      });
      expect(offline.errors).toEqual([
        expect.objectContaining({ error_code: 'device_offline', is_device_error: true }),
      ]);
      expect(offline.errors[0]?.message).toContain('Building hub');
      // The other hub's lock is not affected.
      expect((await device('Unit 101 Front Door')).properties.online).toBe(true);
    } finally {
      await setOnline(true);
    }
    const back = await eventually(async () => {
      const d = await device('Main Gate');
      return d.properties.online ? d : undefined;
    });
    expect(back.errors).toEqual([]);
  });

  it('six-digit codes turned on: the lengths and the prefix rule follow the community setting', async () => {
    const patch = (sixDigitCodes: boolean) =>
      s.t.request('PATCH', '/api/v1/community/settings', { token: s.manager, body: { sixDigitCodes } });
    expect((await patch(true)).statusCode).toBe(200);
    try {
      const d = await device('Unit 101 Front Door');
      expect(d.properties.supported_code_lengths).toEqual([4, 6]);
      expect((d as unknown as { keyway: { code_rules: string[] } }).keyway.code_rules).toEqual([
        'no_prefix_of_another_code',
      ]);
    } finally {
      await patch(false);
    }
    expect((await device('Unit 101 Front Door')).properties.supported_code_lengths).toEqual([4]);
  });
});

describe('get, filters and pages', () => {
  it('gets a device by id or by name, on /devices and /locks alike', async () => {
    const gate = simLock('Main Gate');
    expect((await s.seam.devices.get({ name: 'Main Gate' })).device_id).toBe(gate.lockId);
    expect((await s.seam.locks.get({ name: 'Main Gate' })).device_id).toBe(gate.lockId);
    expect((await s.seam.locks.get({ device_id: gate.lockId })).display_name).toBe('Main Gate');
  });

  it('an unknown device is 404 device_not_found (a malformed id too)', async () => {
    expect(await seamError(s.seam.devices.get({ device_id: '00000000-0000-4000-8000-000000000000' }))).toEqual({
      status: 404,
      code: 'device_not_found',
    });
    expect(await seamError(s.seam.devices.get({ device_id: 'august_device_1' }))).toEqual({
      status: 404,
      code: 'device_not_found',
    });
    expect(await seamError(s.seam.locks.get({ name: 'No Such Door' }))).toEqual({
      status: 404,
      code: 'device_not_found',
    });
  });

  it('honours the filters the SDK sends, and ignores fields it does not know', async () => {
    const ids = (list: { device_id: string }[]) => list.map((d) => d.device_id).sort();
    const [first, second] = simLocks;
    expect(ids(await s.seam.devices.list({ device_ids: [first?.lockId as string, second?.lockId as string] }))).toEqual(
      [first?.lockId, second?.lockId].sort(),
    );
    expect(await s.seam.devices.list({ device_ids: ['not-a-uuid'] })).toEqual([]);
    expect(await s.seam.devices.list({ device_type: 'august_lock' })).toEqual([]);
    expect(await s.seam.devices.list({ manufacturer: 'august' })).toEqual([]);
    expect(await s.seam.devices.list({ custom_metadata_has: { floor: '2' } })).toEqual([]);
    const all = await s.seam.devices.list();
    expect(
      ids(
        await s.seam.devices.list({
          device_types: ['keyway_lock' as 'august_lock'],
          manufacturer: 'keyway' as 'august',
        }),
      ),
    ).toEqual(ids(all));
    expect((await s.seam.devices.list({ search: 'unit 10' })).map((d) => d.display_name).sort()).toEqual([
      'Unit 101 Front Door',
      'Unit 102 Front Door',
    ]);
    const hubId = simLock('Main Gate').hubId as string;
    expect((await s.seam.devices.list({ connected_account_id: hubId })).map((d) => d.display_name).sort()).toEqual([
      'Lobby',
      'Main Gate',
      'Pool',
    ]);
    const oldest = all[0]?.created_at as string;
    expect(await s.seam.devices.list({ created_before: oldest })).toEqual([]);
    expect(await s.seam.devices.list({ created_before: new Date(Date.parse(oldest) + 1) })).toHaveLength(all.length);
    const unknown = await s.seam.client.get('/devices/list', { params: { a_future_filter: 'x', limit: 2 } });
    expect(unknown.data.devices).toHaveLength(2);
  });

  it('pages with the SDK’s paginator: every device once, in the list’s order', async () => {
    const all = await s.seam.devices.list();
    const pages = s.seam.createPaginator(s.seam.devices.list({ limit: 2 }));
    const [firstPage, pagination] = await pages.firstPage();
    expect(firstPage).toHaveLength(2);
    expect(pagination.hasNextPage).toBe(true);
    expect(pagination.nextPageCursor).toEqual(expect.any(String));
    const walked = await s.seam.createPaginator(s.seam.devices.list({ limit: 2 })).flattenToArray();
    expect(walked.map((d) => d.device_id)).toEqual(all.map((d) => d.device_id));
    const last = await s.seam.client.get('/devices/list', { params: { limit: all.length } });
    expect(last.data.pagination).toEqual({ has_next_page: false, next_page_cursor: null, next_page_url: null });
    expect(await seamError(s.seam.devices.list({ page_cursor: 'not-ours' }))).toEqual({
      status: 400,
      code: 'invalid_input',
    });
  });

  it('POST with a JSON body works as well as the SDK’s GET', async () => {
    const gate = simLock('Main Gate');
    const got = await s.seam.client.post('/devices/get', { device_id: gate.lockId });
    expect(got.data).toMatchObject({ ok: true, device: { device_id: gate.lockId, display_name: 'Main Gate' } });
  });
});

describe('the workspace', () => {
  it('is the community', async () => {
    const workspace = await s.seam.workspaces.get();
    expect(workspace).toMatchObject({
      workspace_id: communityId,
      name: 'Maple Court',
      company_name: 'Maple Court',
      is_sandbox: false,
    });
    expect(await s.seam.workspaces.list()).toEqual([workspace]);
  });
});

describe('another community', () => {
  it('sees none of these devices: its list is its own, and a Maple Court device is not found', async () => {
    const other = await otherCommunityClient(s.t);
    expect(await other.seam.devices.list()).toEqual([]);
    expect(await other.seam.locks.list()).toEqual([]);
    const gate = simLock('Main Gate');
    expect(await seamError(other.seam.devices.get({ device_id: gate.lockId }))).toEqual({
      status: 404,
      code: 'device_not_found',
    });
    expect(await seamError(other.seam.locks.get({ name: 'Main Gate' }))).toEqual({
      status: 404,
      code: 'device_not_found',
    });
    expect(await other.seam.devices.list({ device_ids: [gate.lockId] })).toEqual([]);
    expect((await other.seam.workspaces.get()).workspace_id).toBe(other.communityId);
  });
});
