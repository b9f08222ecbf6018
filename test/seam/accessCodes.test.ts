/**
 * Access codes through Seam's own SDK against Keyway: a code an integrator makes reaches the simulated lock and
 * opens its keypad; its status follows the lock (setting → set, removing → gone); Keyway's rules hold and come back
 * as the SDK's error classes; the console lists these codes (never the PIN) and a manager can revoke them.
 */
import {
  type AccessCode,
  isSeamHttpApiError,
  type SeamHttp,
  type SeamHttpApiError,
  SeamHttpInvalidInputError,
} from '@seamapi/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALEX, cardsOf, eventually } from '../support/testKeyway.ts';
import { otherCommunityClient, type SeamKeyway, startSeamKeyway } from './seamHarness.ts';

let s: SeamKeyway;
let seam: SeamHttp;
let locks: { lockId: string; name: string; hubId: string | null }[];

beforeAll(async () => {
  s = await startSeamKeyway();
  seam = s.seam;
  locks = (await s.t.request('GET', '/api/v1/sim/locks', { token: s.manager })).json().locks;
});
afterAll(() => s.t.close());

const lock = (name: string) => {
  const found = locks.find((l) => l.name === name);
  if (!found) throw new Error(`no lock ${name}`);
  return found;
};
const device = (name: string) => lock(name).lockId;
const keypad = async (name: string, code: string): Promise<boolean> =>
  (await s.t.request('POST', `/api/v1/sim/locks/${device(name)}/keypad`, { token: s.manager, body: { code } })).json()
    .unlocked;
const onLock = async (name: string): Promise<string[]> =>
  (await s.t.request('GET', `/api/v1/sim/locks/${device(name)}`, { token: s.manager }))
    .json()
    .slots.map((slot: { code: string }) => slot.code);
/** Unplugs or replugs the door's hub, and waits until Keyway has noticed. */
const hubOnline = async (name: string, online: boolean) => {
  const hubId = lock(name).hubId;
  await s.t.request('POST', `/api/v1/sim/hubs/${hubId}/online`, { token: s.manager, body: { online } });
  await eventually(async () => {
    const hubs = (await s.t.request('GET', '/api/v1/hubs', { token: s.manager })).json().hubs;
    return hubs.find((h: { id: string; online: boolean }) => h.id === hubId)?.online === online;
  });
};
/** Moves the manual clock on and lets the sweep act on the boundaries it passed. */
const advance = async (minutes: number) => {
  s.t.clock.advance(minutes * 60_000);
  await s.t.keyway.sync.sweepNow();
};
const iso = (minutes: number) => new Date(s.t.clock.now().getTime() + minutes * 60_000).toISOString();
const get = (code: AccessCode) => seam.accessCodes.get({ access_code_id: code.access_code_id });
const statusBecomes = (code: AccessCode, status: AccessCode['status']) =>
  eventually(async () => ((await get(code)).status === status ? true : undefined), 10_000, `status ${status}`);
/** The SDK's error for a refused call (fails the test if the call went through). */
async function refusal(call: Promise<unknown>): Promise<SeamHttpApiError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isSeamHttpApiError(error)) throw new Error(`expected a Seam API error, got ${String(error)}`);
  return error;
}
const consoleCodes = async (token = s.manager) =>
  (await s.t.request('GET', '/api/v1/integration-codes', { token })).json().codes as {
    id: string;
    name: string | null;
    status: string;
    problems: string[];
  }[];

describe('an ongoing code on a unit door', () => {
  let code: AccessCode;

  it('is made by the SDK, reaches the lock and opens its keypad: setting → set', async () => {
    code = await seam.accessCodes.create({ device_id: device('Unit 101 Front Door'), name: 'Guest 1' });
    expect(code).toMatchObject({
      device_id: device('Unit 101 Front Door'),
      name: 'Guest 1',
      type: 'ongoing',
      status: 'setting',
      is_managed: true,
      is_one_time_use: false,
      common_code_key: null,
      errors: [],
      warnings: [],
    });
    expect(code.code).toMatch(/^\d{4}$/);
    expect(code.starts_at).toBeUndefined();
    await statusBecomes(code, 'set');
    expect(await onLock('Unit 101 Front Door')).toContain(code.code);
    expect(await keypad('Unit 101 Front Door', code.code as string)).toBe(true);
    expect(await keypad('Main Gate', code.code as string)).toBe(false);
  });

  it("is listed and found by id, and by device and code; residents' codes never are", async () => {
    const listed = await seam.accessCodes.list({ device_id: device('Unit 101 Front Door') });
    expect(listed.map((c) => c.access_code_id)).toContain(code.access_code_id);
    const { home } = await cardsOf(s.t, await s.t.login(ALEX));
    expect(listed.map((c) => c.code)).not.toContain(home.code);
    const byIds = await seam.accessCodes.list({ access_code_ids: [code.access_code_id] });
    expect(byIds.map((c) => c.access_code_id)).toEqual([code.access_code_id]);
    // Without a filter (a plain POST; the SDK insists on one): every integration code of the workspace.
    const everything = await fetch(`${s.baseUrl}/seam/access_codes/list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.key}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect((await everything.json()).access_codes.map((c: AccessCode) => c.access_code_id)).toEqual([
      code.access_code_id,
    ]);
    const byCode = await seam.accessCodes.get({ device_id: device('Unit 101 Front Door'), code: code.code as string });
    expect(byCode.access_code_id).toBe(code.access_code_id);
    const wrongDevice = await refusal(seam.accessCodes.get({ device_id: device('Lobby'), code: code.code as string }));
    expect([wrongDevice.statusCode, wrongDevice.code]).toEqual([404, 'access_code_not_found']);
  });

  it('reads well in the activity, and its keypad use names the integration', async () => {
    const opened = await eventually(async () => {
      const activity = (await s.t.request('GET', '/api/v1/activity?type=lock.opened', { token: s.manager })).json()
        .activity as { text: string }[];
      return activity.find((a) => a.text.includes('Guest 1'));
    });
    expect(opened.text).toMatch(/^Property software's code “Guest 1” opened Unit 101 Front Door$/);
    const created = (
      await s.t.request('GET', '/api/v1/activity?type=integration_code.created', { token: s.manager })
    ).json().activity;
    expect(created[0].text).toMatch(/^Property software's code “Guest 1” was created for Unit 101 Front Door/);
  });

  it('the console lists it without the PIN; residents cannot; it is in no guest or staff list', async () => {
    const response = await s.t.request('GET', '/api/v1/integration-codes', { token: s.manager });
    expect(response.statusCode).toBe(200);
    const listed = response.json().codes.find((c: { id: string }) => c.id === code.access_code_id);
    expect(listed).toEqual({
      id: code.access_code_id,
      name: 'Guest 1',
      integration: 'Property software',
      apiKeyId: expect.any(String),
      lockId: device('Unit 101 Front Door'),
      doorName: 'Unit 101 Front Door',
      type: 'ongoing',
      startsAt: null,
      endsAt: null,
      oneTimeUse: false,
      status: 'set',
      problems: [],
      createdAt: code.created_at,
      revokedAt: null,
    });
    expect(response.body).not.toContain(`"${code.code}"`);
    expect((await s.t.request('GET', '/api/v1/integration-codes', { token: s.key })).statusCode).toBe(200);

    const alex = await s.t.login(ALEX);
    const refused = await s.t.request('GET', '/api/v1/integration-codes', { token: alex });
    expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'forbidden']);
    const guestCodes = await s.t.request('GET', '/api/v1/me/guest-codes', { token: alex });
    expect(guestCodes.body).not.toContain(code.access_code_id);
    const staffCodes = await s.t.request('GET', '/api/v1/staff-codes', { token: s.manager });
    expect(staffCodes.body).not.toContain(code.access_code_id);
  });

  it('another key of the community sees it too (the workspace is shared)', async () => {
    const second = await s.newClient('Second app');
    const listed = await second.seam.accessCodes.list({ device_id: device('Unit 101 Front Door') });
    expect(listed.map((c) => c.access_code_id)).toContain(code.access_code_id);
  });

  it('delete: removing (with the delay said) while the hub is away, then gone; the keypad refuses it', async () => {
    await hubOnline('Unit 101 Front Door', false);
    await seam.accessCodes.delete({ access_code_id: code.access_code_id });
    const removing = await eventually(async () => {
      const now = await get(code);
      return now.warnings.length > 0 ? now : undefined;
    });
    expect(removing.status).toBe('removing');
    expect(removing.warnings).toEqual([
      {
        warning_code: 'delay_in_removing_from_device',
        message: expect.stringContaining('hub_offline'),
        created_at: expect.any(String),
      },
    ]);
    expect(await keypad('Unit 101 Front Door', code.code as string)).toBe(true); // the lock still has it
    const again = await refusal(seam.accessCodes.delete({ access_code_id: code.access_code_id }));
    expect([again.statusCode, again.code]).toEqual([404, 'access_code_not_found']);

    await hubOnline('Unit 101 Front Door', true);
    const gone = await eventually(async () => {
      const error = await refusal(get(code)).catch(() => undefined);
      return error;
    });
    expect([gone.statusCode, gone.code]).toEqual([404, 'access_code_not_found']);
    expect(await keypad('Unit 101 Front Door', code.code as string)).toBe(false);
    expect(await onLock('Unit 101 Front Door')).not.toContain(code.code);
    const listed = await seam.accessCodes.list({ device_id: device('Unit 101 Front Door') });
    expect(listed.map((c) => c.access_code_id)).not.toContain(code.access_code_id);
  });
});

describe('codes that work for a while', () => {
  it('time-bound: unset before its start, set in its window, unset again after it', async () => {
    const code = await seam.accessCodes.create({
      device_id: device('Main Gate'),
      name: 'Weekend guest',
      starts_at: iso(60),
      ends_at: iso(180),
    });
    expect(code).toMatchObject({ type: 'time_bound', status: 'unset', starts_at: iso(60), ends_at: iso(180) });
    await advance(1);
    expect((await get(code)).status).toBe('unset');
    expect(await keypad('Main Gate', code.code as string)).toBe(false);
    await advance(60);
    await statusBecomes(code, 'set');
    expect(await keypad('Main Gate', code.code as string)).toBe(true);
    await advance(125);
    await statusBecomes(code, 'unset');
    expect(await keypad('Main Gate', code.code as string)).toBe(false);
    expect((await get(code)).errors).toEqual([]);
  });

  it('one-time use: leaves the lock at its first use, with no grace period', async () => {
    const code = await seam.accessCodes.create({
      device_id: device('Main Gate'),
      name: 'Locksmith',
      is_one_time_use: true,
    });
    expect(code).toMatchObject({ is_one_time_use: true, type: 'ongoing' });
    await statusBecomes(code, 'set');
    expect(await keypad('Main Gate', code.code as string)).toBe(true);
    await eventually(async () => !(await keypad('Main Gate', code.code as string)) || undefined);
    await statusBecomes(code, 'unset');
    const used = (await s.t.request('GET', '/api/v1/activity?type=guest_code.used', { token: s.manager })).json()
      .activity;
    expect(used[0].text).toMatch(/^Property software's one-time code “Locksmith” was used at Main Gate/);
  });
});

describe('create_multiple', () => {
  it('puts the same code on every lock, linked by one common_code_key', async () => {
    const doors = ['Main Gate', 'Lobby', 'Pool'];
    const codes = await seam.accessCodes.createMultiple({ device_ids: doors.map(device), name: 'Cleaning crew' });
    expect(codes.map((c) => c.device_id)).toEqual(doors.map(device));
    expect(new Set(codes.map((c) => c.code)).size).toBe(1);
    expect(new Set(codes.map((c) => c.common_code_key)).size).toBe(1);
    expect(codes[0]?.common_code_key).toMatch(/^[0-9a-f-]{36}$/);
    for (const code of codes) await statusBecomes(code, 'set');
    for (const door of doors) expect(await keypad(door, codes[0]?.code as string)).toBe(true);
  });

  it('a chosen code that clashes on one lock: throw refuses all; create_random_code gives that lock its own', async () => {
    const unit101 = device('Unit 101 Front Door');
    const unit102 = device('Unit 102 Front Door');
    const first = await seam.accessCodes.create({ device_id: unit101, name: 'Owner', code: '2580' });
    expect(first.code).toBe('2580');
    const before = await seam.accessCodes.list({ device_id: unit102 });

    const clash = await refusal(
      seam.accessCodes.createMultiple({ device_ids: [unit102, unit101], name: 'Family', code: '2580' }),
    );
    expect([clash.statusCode, clash.code]).toEqual([409, 'duplicate_access_code']);
    expect(await seam.accessCodes.list({ device_id: unit102 })).toEqual(before); // all or nothing

    const codes = await seam.accessCodes.createMultiple({
      device_ids: [unit102, unit101],
      name: 'Family',
      code: '2580',
      behavior_when_code_cannot_be_shared: 'create_random_code',
    });
    const [on102, on101] = codes;
    expect(on102).toMatchObject({ device_id: unit102, code: '2580', common_code_key: expect.any(String) });
    expect(on101?.device_id).toBe(unit101);
    expect(on101?.code).not.toBe('2580');
    // Codes that share a common_code_key share the code, as on Seam: the odd one out has none.
    expect(on101?.common_code_key).toBeNull();
  });
});

describe('update', () => {
  it('renames, changes the digits (the old code works until the new one is on the lock) and the window', async () => {
    const code = await seam.accessCodes.create({ device_id: device('Unit 101 Front Door'), name: 'Tenant helper' });
    await statusBecomes(code, 'set');
    await seam.accessCodes.update({ access_code_id: code.access_code_id, name: 'Helper' });
    expect(await get(code)).toMatchObject({ name: 'Helper', code: code.code, status: 'set' });

    await seam.accessCodes.update({ access_code_id: code.access_code_id, code: '8264' });
    expect((await get(code)).code).toBe('8264');
    await statusBecomes(code, 'set');
    expect(await keypad('Unit 101 Front Door', '8264')).toBe(true);
    expect(await keypad('Unit 101 Front Door', code.code as string)).toBe(false);

    // Time-bound in the future: the lock (it enforces schedules itself) holds it with the new window, closed now.
    await seam.accessCodes.update({ access_code_id: code.access_code_id, starts_at: iso(60), ends_at: iso(120) });
    expect(await get(code)).toMatchObject({ type: 'time_bound', starts_at: iso(60), ends_at: iso(120) });
    await eventually(async () => !(await keypad('Unit 101 Front Door', '8264')) || undefined);
    await seam.accessCodes.update({ access_code_id: code.access_code_id, type: 'ongoing' });
    const ongoing = await get(code);
    expect(ongoing.type).toBe('ongoing');
    expect(ongoing.starts_at).toBeUndefined();
    await statusBecomes(code, 'set');
    await eventually(async () => (await keypad('Unit 101 Front Door', '8264')) || undefined);

    const moved = await refusal(
      seam.accessCodes.update({ access_code_id: code.access_code_id, device_id: device('Lobby'), name: 'x' }),
    );
    expect(moved).toBeInstanceOf(SeamHttpInvalidInputError);
    const activity = (
      await s.t.request('GET', '/api/v1/activity?type=integration_code.updated', { token: s.manager })
    ).json().activity;
    expect(activity[0].text).toMatch(/^Property software's code “Helper” for Unit 101 Front Door was changed/);
  });
});

describe("Keyway's rules, as the SDK's errors", () => {
  it.each([
    ['a repeated digit', { code: '7777' }, 'Unit 101 Front Door', 'pin_repeated_digit'],
    ['a run', { code: '3456' }, 'Unit 101 Front Door', 'pin_sequential'],
    ['letters', { code: '12a4' }, 'Unit 101 Front Door', 'pin_not_digits'],
    ['a length the community does not allow', { code: '958213' }, 'Unit 101 Front Door', 'pin_length_not_allowed'],
    ['chosen digits on a community door', { code: '2719' }, 'Main Gate', 'custom_code_not_allowed_here'],
    ['chosen digits on an amenity', { code: '2719' }, 'Pool', 'custom_code_not_allowed_here'],
    ['a start without an end', { starts_at: '2030-01-01T00:00:00Z' }, 'Lobby', 'invalid_request'],
    [
      'an end in the past',
      { starts_at: '2020-01-01T00:00:00Z', ends_at: '2020-01-02T00:00:00Z' },
      'Lobby',
      'invalid_request',
    ],
  ])('%s → invalid_input (%s)', async (_label, fields, door, keywayCode) => {
    const error = await refusal(seam.accessCodes.create({ device_id: device(door), name: 'x', ...fields }));
    expect(error).toBeInstanceOf(SeamHttpInvalidInputError);
    expect([error.statusCode, error.code]).toEqual([400, 'invalid_input']);
    // Keyway's finer reason rides along in the envelope for integrators who want it.
    const raw = await fetch(`${s.baseUrl}/seam/access_codes/create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ device_id: device(door), name: 'x', ...fields }),
    });
    expect((await raw.json()).error.keyway_code).toBe(keywayCode);
  });

  it('accepts and ignores fields it does not use (newer SDKs send more)', async () => {
    const response = await fetch(`${s.baseUrl}/seam/access_codes/create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        device_id: device('Lobby'),
        name: 'Extra fields',
        allow_external_modification: true,
        prefer_native_scheduling: false,
        use_backup_access_code_pool: false,
        max_time_rounding: '1h',
      }),
    });
    expect(response.status).toBe(200);
    expect((await response.json()).access_code).toMatchObject({
      name: 'Extra fields',
      is_external_modification_allowed: false,
    });
  });

  it("says Seam's own words when one time comes without the other", async () => {
    const error = await refusal(
      seam.accessCodes.create({ device_id: device('Lobby'), starts_at: '2030-01-01T00:00:00Z' }),
    );
    expect(error.message).toBe('Both starts_at and ends_at must be provided if one is');
  });

  it("refuses a code already on the lock, or one that starts with it — a resident's code too", async () => {
    const alex = await s.t.login(ALEX);
    const { home } = await cardsOf(s.t, alex);
    const taken = await refusal(seam.accessCodes.create({ device_id: device('Unit 101 Front Door'), code: home.code }));
    expect([taken.statusCode, taken.code]).toEqual([409, 'duplicate_access_code']);
    await s.t.request('PATCH', '/api/v1/community/settings', { token: s.manager, body: { sixDigitCodes: true } });
    try {
      const prefixed = await refusal(
        seam.accessCodes.create({ device_id: device('Unit 101 Front Door'), code: `${home.code}19` }),
      );
      expect(prefixed.code).toBe('duplicate_access_code');
    } finally {
      await s.t.request('PATCH', '/api/v1/community/settings', { token: s.manager, body: { sixDigitCodes: false } });
    }
  });

  it('an unknown or malformed device is device_not_found', async () => {
    for (const deviceId of ['6f1c1c1e-0000-4000-8000-000000000000', 'august_device_1']) {
      const error = await refusal(seam.accessCodes.create({ device_id: deviceId }));
      expect([error.statusCode, error.code]).toEqual([404, 'device_not_found']);
    }
  });

  it('generate_code gives a code the device would take now', async () => {
    const generated = await seam.accessCodes.generateCode({ device_id: device('Unit 101 Front Door') });
    expect(generated).toEqual({ device_id: device('Unit 101 Front Door'), code: expect.stringMatching(/^\d{4}$/) });
    const made = await seam.accessCodes.create({
      device_id: device('Unit 101 Front Door'),
      name: 'From generate_code',
      code: generated.code as string,
    });
    expect(made.code).toBe(generated.code);
  });
});

describe('pages', () => {
  it("the SDK's paginator walks every code of a device, oldest first, no code twice", async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      s.t.clock.advance(1_000); // a second apart, so "oldest first" is their order of creation
      made.push((await seam.accessCodes.create({ device_id: device('Lobby'), name: `Page ${i}` })).access_code_id);
    }
    const all = await seam.accessCodes.list({ device_id: device('Lobby') });
    const paginator = seam.createPaginator(seam.accessCodes.list({ device_id: device('Lobby'), limit: 2 }));
    const [first, pagination] = await paginator.firstPage();
    expect(first).toHaveLength(2);
    expect(pagination.hasNextPage).toBe(true);
    const walked = (await paginator.flattenToArray()).map((c) => c.access_code_id);
    expect(walked).toEqual(all.map((c) => c.access_code_id));
    expect(walked.slice(-5)).toEqual(made);
    expect(new Set(walked).size).toBe(walked.length);
    const bad = await refusal(seam.accessCodes.list({ device_id: device('Lobby'), page_cursor: 'not-ours' }));
    expect(bad.code).toBe('invalid_input');
  });
});

describe('another community', () => {
  it('cannot list, get, update or delete these codes, nor create on these devices (404, as for unknown ids)', async () => {
    const mine = await seam.accessCodes.create({ device_id: device('Lobby'), name: 'Ours' });
    const other = await otherCommunityClient(s.t);
    const expect404 = async (call: Promise<unknown>, code: string) => {
      const error = await refusal(call);
      expect([error.statusCode, error.code]).toEqual([404, code]);
    };
    await expect404(other.seam.accessCodes.list({ device_id: device('Lobby') }), 'device_not_found');
    await expect404(other.seam.accessCodes.create({ device_id: device('Lobby') }), 'device_not_found');
    await expect404(other.seam.accessCodes.generateCode({ device_id: device('Lobby') }), 'device_not_found');
    await expect404(other.seam.accessCodes.get({ access_code_id: mine.access_code_id }), 'access_code_not_found');
    await expect404(
      other.seam.accessCodes.update({ access_code_id: mine.access_code_id, name: 'Theirs' }),
      'access_code_not_found',
    );
    await expect404(other.seam.accessCodes.delete({ access_code_id: mine.access_code_id }), 'access_code_not_found');
    expect(await other.seam.accessCodes.list({ access_code_ids: [mine.access_code_id] })).toEqual([]);
    const consoleList = await consoleCodes(other.manager);
    expect(consoleList).toEqual([]);
    const foreignRevoke = await s.t.request('DELETE', `/api/v1/integration-codes/${mine.access_code_id}`, {
      token: other.manager,
    });
    expect(foreignRevoke.statusCode).toBe(404);
    expect((await get(mine)).name).toBe('Ours');
  });
});

describe('the console', () => {
  it('a manager revokes a code: it leaves the lock, the activity names who did it', async () => {
    const code = await seam.accessCodes.create({ device_id: device('Lobby'), name: 'Temp worker' });
    await statusBecomes(code, 'set');
    const revoked = await s.t.request('DELETE', `/api/v1/integration-codes/${code.access_code_id}`, {
      token: s.manager,
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().code).toMatchObject({ id: code.access_code_id, revokedAt: expect.any(String) });
    await eventually(async () => !(await keypad('Lobby', code.code as string)) || undefined);
    await eventually(async () => !(await consoleCodes()).some((c) => c.id === code.access_code_id) || undefined);
    const again = await s.t.request('DELETE', `/api/v1/integration-codes/${code.access_code_id}`, { token: s.manager });
    expect(again.statusCode).toBe(404);
    const activity = (
      await s.t.request('GET', '/api/v1/activity?type=integration_code.deleted', { token: s.manager })
    ).json().activity;
    expect(activity[0].text).toMatch(/^Morgan Reyes revoked Property software's code “Temp worker” for Lobby/);
  });

  it('shows a problem in plain words while the hub is away', async () => {
    await hubOnline('Lobby', false);
    try {
      const code = await seam.accessCodes.create({ device_id: device('Lobby'), name: 'Waiting' });
      const listed = await eventually(async () => {
        const found = (await consoleCodes()).find((c) => c.id === code.access_code_id);
        return found && found.problems.length > 0 ? found : undefined;
      });
      expect(listed.status).toBe('setting');
      expect(listed.problems).toEqual([expect.stringMatching(/hub is offline \(hub_offline\)/)]);
      expect((await get(code)).warnings.map((w) => w.warning_code)).toEqual(['delay_in_setting_on_device']);
    } finally {
      await hubOnline('Lobby', true);
    }
  });
});

describe('PINs stay secret', () => {
  it('no PIN made or sent in this file appears in the logs (log level trace), not even from a GET by code', async () => {
    const code = await seam.accessCodes.create({
      device_id: device('Unit 101 Front Door'),
      name: 'Quiet',
      code: '6390',
    });
    await seam.accessCodes.get({ device_id: device('Unit 101 Front Door'), code: '6390' });
    await refusal(seam.accessCodes.get({ device_id: device('Unit 101 Front Door'), code: '6391' }));
    const pins = new Set(['6390', '6391', '8264', '2580', code.code as string]);
    for (const listed of await seam.accessCodes.list({ device_id: device('Lobby') })) pins.add(listed.code as string);
    const logs = s.t.logs();
    expect(logs.length).toBeGreaterThan(1000);
    // A PIN as a token of its own (timestamps and ids are long runs of digits and hex, so they don't count).
    for (const pin of pins) expect(logs).not.toMatch(new RegExp(`(?<![0-9a-fA-F-])${pin}(?![0-9a-fA-F-])`));
  });
});

describe('a full lock', () => {
  it('refuses one more code with no_space_for_access_code_on_device, counting codes still on their way', async () => {
    // With the hub away nothing reaches the lock: the slots are promised, and that is what counts.
    await hubOnline('Pool', false);
    const codes: AccessCode[] = [];
    let error: unknown;
    try {
      for (let i = 0; i < 31 && !error; i++) {
        await seam.accessCodes
          .create({ device_id: device('Pool'), name: `Filler ${i}`, starts_at: iso(0), ends_at: iso(30) })
          .then((code) => codes.push(code))
          .catch((e: unknown) => {
            error = e;
          });
      }
      expect(isSeamHttpApiError(error) && [error.statusCode, error.code]).toEqual([
        409,
        'no_space_for_access_code_on_device',
      ]);
      expect(codes.length).toBeGreaterThan(20);
      // A deleted code that never reached the lock frees its slot at once.
      await seam.accessCodes.delete({ access_code_id: codes[0]?.access_code_id as string });
      await eventually(async () =>
        (await seam.accessCodes.create({ device_id: device('Pool'), name: 'One more' }).catch(() => undefined))
          ? true
          : undefined,
      );
      const full = await refusal(seam.accessCodes.create({ device_id: device('Pool'), name: 'Too many' }));
      expect(full.code).toBe('no_space_for_access_code_on_device');
      // Codes whose window has closed for good promise no slot any more.
      await advance(31);
      expect(await seam.accessCodes.create({ device_id: device('Pool'), name: 'After the weekend' })).toMatchObject({
        status: 'setting',
      });
    } finally {
      await hubOnline('Pool', true);
    }
  });
});

describe('a code the lock refuses', () => {
  it('stays setting with Seam’s error duplicate_code_on_device, and the event failed_to_set_on_device', async () => {
    const door = 'Unit 101 Front Door';
    await hubOnline(door, false);
    let code: AccessCode;
    try {
      code = await seam.accessCodes.create({ device_id: device(door), name: 'Keyed in too', code: '5183' });
      // Meanwhile someone keys the same digits into a free slot at the lock itself.
      const tampered = await s.t.request('POST', `/api/v1/sim/locks/${device(door)}/tamper`, {
        token: s.manager,
        body: { slot: 29, code: '5183' },
      });
      expect(tampered.statusCode).toBe(200);
    } finally {
      await hubOnline(door, true);
    }
    const failed = await eventually(async () => {
      const now = await get(code);
      return now.errors.length > 0 ? now : undefined;
    }, 15_000);
    expect(failed.status).toBe('setting');
    expect(failed.errors.map((e) => e.error_code)).toEqual(['duplicate_code_on_device']);
    const events = await eventually(async () => {
      await s.t.keyway.webhooks.drain();
      const found = await seam.events.list({
        access_code_id: code.access_code_id,
        event_type: 'access_code.failed_to_set_on_device',
      });
      return found.length > 0 ? found : undefined;
    });
    expect(events).toHaveLength(1);
  });
});
