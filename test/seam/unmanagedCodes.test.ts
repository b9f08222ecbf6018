/**
 * Unmanaged access codes through Seam's SDK: codes someone programmed at a simulated lock, found by Keyway's
 * verification read, listed with stable ids, converted to managed codes (same PIN and slot, nothing sent to the
 * lock) or deleted (the lock's slot is cleared through the normal sync path), and invisible to another community.
 */
import { isSeamHttpApiError } from '@seamapi/http';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_VERIFY_INTERVAL_MINUTES } from '../../src/demo/seedDemo.ts';
import { queryRows } from '../../src/store/rawQuery.ts';
import { type SeamFake, startSeamFake } from '../cloud/seamFake.ts';
import { eventually } from '../support/testKeyway.ts';
import { otherCommunityClient, type SeamKeyway, startSeamKeyway } from './seamHarness.ts';
import { type Json, shapeDiff } from './shapeDiff.ts';

/** An unmanaged code exactly as Seam's fake (@seamapi/fake-seam-connect 1.86.0) returns it (seam-shapes.json). */
const FAKE_UNMANAGED: Json = {
  access_code_id: 'access_code6',
  created_at: '2026-11-28T10:15:18.831Z',
  is_managed: false,
  status: 'setting',
  errors: [],
  warnings: [],
  is_backup_access_code_available: false,
  is_external_modification_allowed: false,
  is_one_time_use: false,
  is_offline_access_code: false,
  code: '7777',
  device_id: 'august_device_1',
  name: 'Manual PIN',
  workspace_id: 'seed_workspace_1',
  type: 'ongoing',
  common_code_key: null,
};

const DOOR = 'Unit 101 Front Door';

let s: SeamKeyway;
let simLocks: { lockId: string; hubId: string | null; name: string }[];
/** Codes programmed at the door, by what each is for. */
const planted = { keep: '', remove: '', short: '', long: '' };
const slots = { keep: 30, remove: 29, short: 28, long: 27 };

const lockId = (name: string) => {
  const found = simLocks.find((l) => l.name === name);
  if (!found) throw new Error(`no lock ${name}`);
  return found.lockId;
};
const slotsOf = async (name: string) =>
  (await s.t.request('GET', `/api/v1/sim/locks/${lockId(name)}`, { token: s.manager })).json().slots as {
    slot: number;
    code: string;
  }[];
const keypad = async (name: string, code: string) =>
  (await s.t.request('POST', `/api/v1/sim/locks/${lockId(name)}/keypad`, { token: s.manager, body: { code } })).json()
    .unlocked as boolean;
const tamper = async (name: string, slot: number, code: string) => {
  const response = await s.t.request('POST', `/api/v1/sim/locks/${lockId(name)}/tamper`, {
    token: s.manager,
    body: { slot, code },
  });
  if (response.statusCode !== 200) throw new Error(`tamper: ${response.body}`);
};
/** One verification period passes; the sweep reads every lock that came due (and so finds what was planted). */
const onePeriod = async () => {
  s.t.clock.advance(DEMO_VERIFY_INTERVAL_MINUTES * 60_000 + 1_000);
  await s.t.keyway.sync.sweepNow();
};
const unmanaged = (name: string) => s.seam.accessCodes.unmanaged.list({ device_id: lockId(name) });
const db = () => s.t.keyway.database.db;

async function seamError(call: Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await call;
  } catch (error) {
    if (isSeamHttpApiError(error)) return { status: error.statusCode, code: error.code };
    throw error;
  }
  throw new Error('expected the SDK to throw');
}

/** A code of `length` digits that neither equals nor prefixes (nor is prefixed by) any of `taken`. */
function freeCode(taken: string[], candidates: string[]): string {
  const code = candidates.find((c) => taken.every((t) => !t.startsWith(c) && !c.startsWith(t)));
  if (!code) throw new Error('no free code among the candidates');
  return code;
}

let fake: SeamFake | undefined;

beforeAll(async () => {
  // Cloud locks are polled only when a test asks (the last describe connects Seam's fake).
  s = await startSeamKeyway({
    env: { SEAM_ALLOW_CUSTOM_ENDPOINT: 'true', SEAM_POLL_SECONDS: '3600', KEYWAY_PUBLIC_URL: 'https://keyway.example' },
  });
  simLocks = (await s.t.request('GET', '/api/v1/sim/locks', { token: s.manager })).json().locks;
  // The door's own codes are in place (the residents' cards), and the slots used here are empty.
  const before = await eventually(async () => {
    const held = await slotsOf(DOOR);
    return held.length > 0 ? held : undefined;
  });
  for (const slot of Object.values(slots)) expect(before.some((h) => h.slot === slot)).toBe(false);
  const taken = before.map((h) => h.code);
  planted.keep = freeCode(taken, ['8642', '8624', '8426']);
  planted.remove = freeCode([...taken, planted.keep], ['7351', '7315', '7153']);
  planted.short = freeCode([...taken, planted.keep, planted.remove], ['5190', '5109', '5019']);
  planted.long = `${planted.short}24`;
  await tamper(DOOR, slots.keep, planted.keep);
  await tamper(DOOR, slots.remove, planted.remove);
  await tamper(DOOR, slots.short, planted.short);
  await tamper(DOOR, slots.long, planted.long);
  await onePeriod();
  await eventually(async () => (await unmanaged(DOOR)).length === 4, 10_000, 'the read to find the planted codes');
});
afterAll(async () => {
  await s.t.close();
  await fake?.stop();
});

const codeIn = async (slot: number) => {
  const found = (await unmanaged(DOOR)).find(
    (c) => (c as unknown as { keyway: { slot: number } }).keyway.slot === slot,
  );
  if (!found) throw new Error(`no unmanaged code in slot ${slot}`);
  return found;
};

describe('listing what Keyway found on the lock', () => {
  it('lists each planted code with Seam’s fields: not managed, set, the PIN as read, stable ids', async () => {
    const codes = await unmanaged(DOOR);
    expect(codes.map((c) => c.code).sort()).toEqual([planted.keep, planted.remove, planted.short, planted.long].sort());
    for (const code of codes) {
      expect(code).toMatchObject({
        is_managed: false,
        status: 'set',
        device_id: lockId(DOOR),
        type: 'ongoing',
      });
      expect(code.access_code_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(shapeDiff(FAKE_UNMANAGED, code as unknown as Json, 'unmanaged_access_code')).toEqual([]);
    }
    const workspace = await s.seam.workspaces.get();
    expect(codes[0]?.workspace_id).toBe(workspace.workspace_id);
    expect((await codeIn(slots.keep)).name).toBe(`Code in slot ${slots.keep}`);
    // The same ids on every call, and after another read of the lock.
    const ids = codes.map((c) => c.access_code_id).sort();
    await onePeriod();
    expect((await unmanaged(DOOR)).map((c) => c.access_code_id).sort()).toEqual(ids);
    // Keyway's own codes on that door are not among them.
    expect(await unmanaged('Main Gate')).toEqual([]);
  });

  it('gets one by id, or by device and code; an unknown one is access_code_not_found', async () => {
    // created_at is when Keyway last read the code there: a read may land between two calls.
    const keep = { ...(await codeIn(slots.keep)), created_at: expect.any(String) };
    expect(await s.seam.accessCodes.unmanaged.get({ access_code_id: keep.access_code_id })).toEqual(keep);
    expect(await s.seam.accessCodes.unmanaged.get({ device_id: lockId(DOOR), code: planted.keep })).toEqual(keep);
    expect(
      await seamError(s.seam.accessCodes.unmanaged.get({ access_code_id: '00000000-0000-4000-8000-000000000000' })),
    ).toEqual({ status: 404, code: 'access_code_not_found' });
    expect(await seamError(s.seam.accessCodes.unmanaged.get({ device_id: lockId(DOOR), code: '0000' }))).toEqual({
      status: 404,
      code: 'access_code_not_found',
    });
    expect(
      await seamError(s.seam.accessCodes.unmanaged.list({ device_id: '00000000-0000-4000-8000-000000000000' })),
    ).toEqual({ status: 404, code: 'device_not_found' });
  });

  it('pages with the SDK’s paginator, and searches by code', async () => {
    const all = (await unmanaged(DOOR)).map((c) => c.access_code_id).sort();
    const paginator = s.seam.createPaginator(s.seam.accessCodes.unmanaged.list({ device_id: lockId(DOOR), limit: 1 }));
    const [first, pagination] = await paginator.firstPage();
    expect(first).toHaveLength(1);
    expect(pagination.hasNextPage).toBe(true);
    const walked = await s.seam
      .createPaginator(s.seam.accessCodes.unmanaged.list({ device_id: lockId(DOOR), limit: 1 }))
      .flattenToArray();
    expect(walked.map((c) => c.access_code_id).sort()).toEqual(all);
    expect(new Set(walked.map((c) => c.access_code_id)).size).toBe(all.length);
    const searched = await s.seam.accessCodes.unmanaged.list({ device_id: lockId(DOOR), search: planted.short });
    expect(searched.map((c) => c.code).sort()).toEqual([planted.short, planted.long].sort());
  });

  it('another community sees none of them', async () => {
    const other = await otherCommunityClient(s.t);
    const keep = { ...(await codeIn(slots.keep)), created_at: expect.any(String) };
    expect(await seamError(other.seam.accessCodes.unmanaged.list({ device_id: lockId(DOOR) }))).toEqual({
      status: 404,
      code: 'device_not_found',
    });
    expect(await seamError(other.seam.accessCodes.unmanaged.get({ access_code_id: keep.access_code_id }))).toEqual({
      status: 404,
      code: 'access_code_not_found',
    });
    expect(
      await seamError(other.seam.accessCodes.unmanaged.convertToManaged({ access_code_id: keep.access_code_id })),
    ).toEqual({ status: 404, code: 'access_code_not_found' });
    expect(await seamError(other.seam.accessCodes.unmanaged.delete({ access_code_id: keep.access_code_id }))).toEqual({
      status: 404,
      code: 'access_code_not_found',
    });
    expect(await codeIn(slots.keep)).toEqual(keep);
  });
});

describe('convert to managed', () => {
  it('the code becomes a managed integration code at once: same id, PIN and slot, nothing sent to the lock', async () => {
    const keep = await codeIn(slots.keep);
    const commandsBefore = await queryRows<{ n: number }>(
      db(),
      sql`select count(*)::int as n from lock_commands where lock_id = ${lockId(DOOR)} and slot = ${slots.keep}`,
    );
    await s.seam.accessCodes.unmanaged.convertToManaged({ access_code_id: keep.access_code_id });

    expect((await unmanaged(DOOR)).map((c) => c.access_code_id)).not.toContain(keep.access_code_id);
    expect(await seamError(s.seam.accessCodes.unmanaged.get({ access_code_id: keep.access_code_id }))).toEqual({
      status: 404,
      code: 'access_code_not_found',
    });
    const managed = await s.seam.accessCodes.get({ access_code_id: keep.access_code_id });
    expect(managed).toMatchObject({
      access_code_id: keep.access_code_id,
      device_id: lockId(DOOR),
      code: planted.keep,
      name: 'Converted code',
      is_managed: true,
      status: 'set',
      type: 'ongoing',
      is_one_time_use: false,
    });
    expect((await s.seam.accessCodes.list({ device_id: lockId(DOOR) })).map((c) => c.access_code_id)).toContain(
      keep.access_code_id,
    );

    const [row] = await queryRows<Record<string, unknown>>(
      db(),
      sql`select ac.kind, ac.guest_type, ac.guest_name, ac.one_time_use, ac.status, k.name as key_name,
                 lc.state, lc.intent, lc.slot
          from access_codes ac join lock_codes lc on lc.access_code_id = ac.id
          left join api_keys k on k.id = ac.api_key_id
          where ac.id = ${keep.access_code_id}`,
    );
    expect(row).toMatchObject({
      kind: 'integration',
      guest_type: 'permanent',
      guest_name: 'Converted code',
      one_time_use: false,
      status: 'active',
      key_name: 'Property software',
      state: 'active',
      intent: 'present',
      slot: slots.keep,
    });

    // The lock still holds it where it was, it still opens the door, and no command went to that slot.
    await s.t.keyway.sync.sweepNow();
    expect(await slotsOf(DOOR)).toContainEqual({ slot: slots.keep, code: planted.keep });
    expect(await keypad(DOOR, planted.keep)).toBe(true);
    const commandsAfter = await queryRows<{ n: number }>(
      db(),
      sql`select count(*)::int as n from lock_commands where lock_id = ${lockId(DOOR)} and slot = ${slots.keep}`,
    );
    expect(commandsAfter[0]?.n).toBe(commandsBefore[0]?.n);
    // Keypad use is now that code's: the activity knows whose code it was.
    const opened = await eventually(async () => {
      const rows = await queryRows<{ data: { accessCodeId: string | null } }>(
        db(),
        sql`select data from events where type = 'lock.opened' and data->>'accessCodeId' = ${keep.access_code_id}`,
      );
      return rows.length > 0 ? rows : undefined;
    });
    expect(opened).toHaveLength(1);

    // The next read confirms it: no drift, still not unmanaged.
    await onePeriod();
    await eventually(async () => (await unmanaged(DOOR)).length === 3);
    expect((await s.seam.accessCodes.get({ access_code_id: keep.access_code_id })).status).toBe('set');

    const [event] = await queryRows<{ data: Record<string, unknown>; actor_type: string }>(
      db(),
      sql`select data, actor_type from events where type = 'integration_code.converted' and subject_id = ${keep.access_code_id}`,
    );
    expect(event).toMatchObject({ actor_type: 'api_key', data: { lockId: lockId(DOOR), slot: slots.keep } });
    expect(JSON.stringify(event?.data)).not.toContain(planted.keep);
  });

  it('a code that the lock could not tell from another (equal or a prefix) is refused: 409 duplicate_access_code', async () => {
    const short = await codeIn(slots.short);
    expect(
      await seamError(s.seam.accessCodes.unmanaged.convertToManaged({ access_code_id: short.access_code_id })),
    ).toEqual({ status: 409, code: 'duplicate_access_code' });
    const long = await codeIn(slots.long);
    expect(
      await seamError(
        s.seam.client.post('/access_codes/unmanaged/update', {
          access_code_id: long.access_code_id,
          is_managed: true,
        }),
      ),
    ).toEqual({ status: 409, code: 'duplicate_access_code' });
    // Both stay as they were.
    expect((await unmanaged(DOOR)).map((c) => c.code)).toEqual(expect.arrayContaining([planted.short, planted.long]));
  });

  it('converting an id twice: the second time it is no longer unmanaged', async () => {
    const keep = await s.seam.accessCodes.get({ device_id: lockId(DOOR), code: planted.keep });
    expect(
      await seamError(s.seam.accessCodes.unmanaged.convertToManaged({ access_code_id: keep.access_code_id })),
    ).toEqual({ status: 404, code: 'access_code_not_found' });
  });
});

describe('delete', () => {
  it('the code leaves the lock through the sync path: its slot is cleared, the keypad refuses it', async () => {
    const remove = await codeIn(slots.remove);
    expect(await keypad(DOOR, planted.remove)).toBe(true);
    await s.seam.accessCodes.unmanaged.delete({ access_code_id: remove.access_code_id });

    expect((await unmanaged(DOOR)).map((c) => c.access_code_id)).not.toContain(remove.access_code_id);
    await eventually(async () => !(await slotsOf(DOOR)).some((h) => h.slot === slots.remove), 10_000, 'slot cleared');
    expect(await keypad(DOOR, planted.remove)).toBe(false);
    // The lock's confirmation of the clear is recorded (it may arrive just after the slot emptied).
    const command = await eventually(async () => {
      const [last] = await queryRows<{ type: string; status: string }>(
        db(),
        sql`select type, status from lock_commands where lock_id = ${lockId(DOOR)} and slot = ${slots.remove}
            order by sent_at desc limit 1`,
      );
      return last?.status === 'sent' ? undefined : last;
    });
    expect(command).toEqual({ type: 'clear_slot', status: 'ok' });
    expect(await seamError(s.seam.accessCodes.unmanaged.delete({ access_code_id: remove.access_code_id }))).toEqual({
      status: 404,
      code: 'access_code_not_found',
    });
    // Once it has left, it is not among the managed codes either.
    await eventually(
      async () =>
        !(await s.seam.accessCodes.list({ device_id: lockId(DOOR) })).some(
          (c) => c.access_code_id === remove.access_code_id,
        ),
    );
    const [event] = await queryRows<{ data: Record<string, unknown> }>(
      db(),
      sql`select data from events where type = 'unmanaged_code.deleted' and subject_id = ${remove.access_code_id}`,
    );
    expect(event?.data).toMatchObject({ lockId: lockId(DOOR), slot: slots.remove });
    expect(JSON.stringify(event?.data)).not.toContain(planted.remove);
    // Later reads find nothing there.
    await onePeriod();
    await eventually(async () => (await unmanaged(DOOR)).length === 2);
  });

  it('the same code programmed again into that slot is a new unmanaged code with a new id', async () => {
    const [gone] = await queryRows<{ id: string }>(
      db(),
      sql`select subject_id as id from events where type = 'unmanaged_code.deleted'`,
    );
    await tamper(DOOR, slots.remove, planted.remove);
    await onePeriod();
    const again = await eventually(async () => (await unmanaged(DOOR)).find((c) => c.code === planted.remove));
    expect(again.access_code_id).not.toBe(gone?.id);
    await s.seam.accessCodes.unmanaged.delete({ access_code_id: again.access_code_id });
    await eventually(async () => !(await slotsOf(DOOR)).some((h) => h.slot === slots.remove), 10_000, 'slot cleared');
  });
});

describe('a lock that masks codes on read-back', () => {
  it('lists its unmanaged codes without the PIN, and refuses to convert or delete them', async () => {
    const pool = lockId('Pool');
    const sim = s.t.keyway.sim?.hubLock(pool);
    if (!sim) throw new Error('no simulated Pool lock');
    (sim.capabilities as { readableCodes: boolean }).readableCodes = false;
    const patched = await s.t.request('PATCH', `/api/v1/locks/${pool}`, {
      token: s.manager,
      body: { capabilities: { readableCodes: false } },
    });
    expect(patched.statusCode).toBe(200);
    const held = await slotsOf('Pool');
    await tamper(
      'Pool',
      30,
      freeCode(
        held.map((h) => h.code),
        ['6173', '6137', '6317'],
      ),
    );
    await onePeriod();
    const masked = await eventually(async () => {
      const [code] = await unmanaged('Pool');
      return code;
    });
    expect(masked).toMatchObject({ code: null, is_managed: false, status: 'set' });
    expect(masked).toMatchObject({ cannot_be_managed: true, cannot_delete_unmanaged_access_code: true });
    expect(
      await seamError(s.seam.accessCodes.unmanaged.convertToManaged({ access_code_id: masked.access_code_id })),
    ).toEqual({ status: 422, code: 'not_supported_yet' });
    expect(await seamError(s.seam.accessCodes.unmanaged.delete({ access_code_id: masked.access_code_id }))).toEqual({
      status: 422,
      code: 'not_supported_yet',
    });
  });
});

describe('a Seam (cloud) lock', () => {
  it('lists the codes Seam reports that Keyway did not set, without their PIN; they stay Seam’s to change', async () => {
    fake = await startSeamFake();
    const api = (method: string, url: string, body?: unknown) =>
      s.t.request(method, `/api/v1${url}`, { token: s.manager, ...(body === undefined ? {} : { body }) });
    const connected = await api('PUT', '/cloud/seam', { apiKey: fake.apiKey, endpoint: fake.url });
    expect(connected.statusCode).toBe(200);
    const deviceId = fake.addLock('Side Lock', {}, 'august_lock');
    const door = await api('POST', '/access-points', { name: 'Side Door', kind: 'community_door' });
    expect(door.statusCode).toBe(201);
    const created = await api('POST', '/locks', {
      accessPointId: door.json().accessPoint.id,
      connectivity: 'seam',
      address: deviceId,
    });
    expect(created.statusCode).toBe(201);
    const sideLock = created.json().lock.id as string;
    await fake.seam.accessCodes.simulate.createUnmanagedAccessCode({
      device_id: deviceId,
      name: 'Cleaner',
      code: '7777',
    });
    await s.t.keyway.cloud.pollAll();

    const [cleaner] = await eventually(async () => {
      const codes = await s.seam.accessCodes.unmanaged.list({ device_id: sideLock });
      return codes.length > 0 ? codes : undefined;
    });
    expect(cleaner).toMatchObject({
      device_id: sideLock,
      name: 'Cleaner',
      code: null,
      is_managed: false,
      cannot_be_managed: true,
      cannot_delete_unmanaged_access_code: true,
      keyway: { slot: null, source: 'seam', door_name: 'Side Door' },
    });
    // Seam's type for an unmanaged code's `code` is `string | null`: null here (Keyway keeps no PIN it did not set).
    expect(shapeDiff(FAKE_UNMANAGED, { ...(cleaner as unknown as Record<string, Json>), code: '' }, 'x')).toEqual([]);
    const id = cleaner?.access_code_id as string;
    expect((await s.seam.accessCodes.unmanaged.get({ access_code_id: id })).name).toBe('Cleaner');
    expect(await seamError(s.seam.accessCodes.unmanaged.convertToManaged({ access_code_id: id }))).toEqual({
      status: 422,
      code: 'not_supported_yet',
    });
    expect(await seamError(s.seam.accessCodes.unmanaged.delete({ access_code_id: id }))).toEqual({
      status: 422,
      code: 'not_supported_yet',
    });
    // Untouched at Seam.
    const atSeam = (await fake.seam.accessCodes.unmanaged.list({ device_id: deviceId })) as unknown as {
      code: string;
      status: string;
    }[];
    expect(atSeam.map((c) => c.code)).toEqual(['7777']);
    // Seam's status, in the two words an unmanaged code has: set, or not (yet) usable on the lock.
    expect(cleaner?.status).toBe(atSeam[0]?.status === 'set' ? 'set' : 'unset');

    // The device itself: a cloud lock, online through the community's Seam account.
    const device = await s.seam.devices.get({ device_id: sideLock });
    expect(device.properties.online).toBe(true);
    expect(device.can_program_online_access_codes).toBe(true);
    expect(device.connected_account_id).toBe(connected.json().account.id);
    expect((device as unknown as { keyway: { connectivity: string } }).keyway.connectivity).toBe('seam');
  });
});
