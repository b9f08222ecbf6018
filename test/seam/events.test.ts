/**
 * `/events/list` and `/events/get` through Seam's SDK: the community's events in Seam's shapes, driven by real
 * activity (integration codes reaching simulated locks, keypad use), filtered as the SDK sends filters (since,
 * between, device, access code, type, limit), newest first. A resident's code is never named; a PIN never appears.
 * Another community's key sees none of them.
 */
import { isSeamHttpApiError, type SeamHttp, SeamHttpInvalidInputError } from '@seamapi/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALEX, cardsOf, eventually } from '../support/testKeyway.ts';
import { otherCommunityClient, type SeamKeyway, startSeamKeyway } from './seamHarness.ts';

type SeamEvent = {
  event_id: string;
  event_type: string;
  created_at: string;
  device_id?: string;
  access_code_id?: string;
} & Record<string, unknown>;

let s: SeamKeyway;
let seam: SeamHttp;
let locks: { lockId: string; name: string }[];
let unit: string;
let lobby: string;
/** Two integration codes, made a minute apart, and the time between them. */
let first: { access_code_id: string; code: string };
let second: { access_code_id: string; code: string };
let between: Date;

const EPOCH = new Date(0).toISOString();
const list = async (filter: Parameters<SeamHttp['events']['list']>[0]): Promise<SeamEvent[]> =>
  (await seam.events.list(filter)) as unknown as SeamEvent[];
const all = () => list({ since: EPOCH, limit: 1000 });
const keypad = async (lockId: string, code: string): Promise<boolean> =>
  (await s.t.request('POST', `/api/v1/sim/locks/${lockId}/keypad`, { token: s.manager, body: { code } })).json()
    .unlocked;
/** Drains the projection until `check` holds on the events listed. */
const eventsUntil = (check: (events: SeamEvent[]) => boolean, what: string) =>
  eventually(
    async () => {
      await s.t.keyway.webhooks.drain();
      const events = await all();
      return check(events) ? events : undefined;
    },
    10_000,
    what,
  );
const has = (events: SeamEvent[], type: string, accessCodeId: string) =>
  events.some((e) => e.event_type === type && e.access_code_id === accessCodeId);

beforeAll(async () => {
  s = await startSeamKeyway();
  seam = s.seam;
  locks = (await s.t.request('GET', '/api/v1/sim/locks', { token: s.manager })).json().locks;
  const lockOf = (name: string) => locks.find((l) => l.name === name)?.lockId as string;
  unit = lockOf('Unit 101 Front Door');
  lobby = lockOf('Lobby');
  first = (await seam.accessCodes.create({ device_id: unit, name: 'First' })) as typeof first;
  await eventsUntil((events) => has(events, 'access_code.set_on_device', first.access_code_id), 'the first code set');
  s.t.clock.advance(60_000);
  between = s.t.clock.now();
  s.t.clock.advance(60_000);
  second = (await seam.accessCodes.create({ device_id: lobby, name: 'Second' })) as typeof second;
  await eventsUntil((events) => has(events, 'access_code.set_on_device', second.access_code_id), 'the second code set');
});
afterAll(() => s.t.close());

describe('/events/list through the SDK', () => {
  it('lists the workspace’s events newest first, in Seam’s shape', async () => {
    const events = await all();
    const times = events.map((e) => Date.parse(e.created_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const created = events.find(
      (e) => e.event_type === 'access_code.created' && e.access_code_id === first.access_code_id,
    );
    expect(created).toEqual({
      event_id: expect.any(String),
      created_at: expect.any(String),
      occurred_at: expect.any(String),
      event_description: expect.any(String),
      event_type: 'access_code.created',
      workspace_id: expect.any(String),
      device_id: unit,
      access_code_id: first.access_code_id,
      connected_account_id: expect.any(String),
    });
  });

  it('filters by since and between (strictly), device(s), access code(s), type(s), and limits', async () => {
    const since = await list({ since: between.toISOString() });
    expect(since.length).toBeGreaterThan(0);
    expect(since.every((e) => Date.parse(e.created_at) > between.getTime())).toBe(true);
    expect(has(since, 'access_code.created', second.access_code_id)).toBe(true);
    expect(has(since, 'access_code.created', first.access_code_id)).toBe(false);

    const window = await list({ between: [EPOCH, between.toISOString()] });
    expect(has(window, 'access_code.created', first.access_code_id)).toBe(true);
    expect(has(window, 'access_code.created', second.access_code_id)).toBe(false);

    const onUnit = await list({ since: EPOCH, device_id: unit });
    expect(onUnit.length).toBeGreaterThan(0);
    expect(onUnit.every((e) => e.device_id === unit)).toBe(true);
    const onBoth = await list({ since: EPOCH, device_ids: [unit, lobby] });
    expect(new Set(onBoth.map((e) => e.device_id))).toEqual(new Set([unit, lobby]));

    const ofFirst = await list({ access_code_id: first.access_code_id });
    expect(ofFirst.map((e) => e.event_type).sort()).toEqual(['access_code.created', 'access_code.set_on_device']);
    const ofBoth = await list({ access_code_ids: [first.access_code_id, second.access_code_id] });
    expect(ofBoth).toHaveLength(4);

    const created = await list({ since: EPOCH, event_type: 'access_code.created' });
    expect(created.every((e) => e.event_type === 'access_code.created')).toBe(true);
    expect(created).toHaveLength(2);
    const either = await list({
      since: EPOCH,
      event_types: ['access_code.created', 'access_code.set_on_device'],
    });
    expect(either).toHaveLength(4);

    const limited = await list({ since: EPOCH, limit: 2 });
    expect(limited).toEqual((await all()).slice(0, 2));

    // Filters on things Keyway has none of match nothing; so does another connected account.
    expect(await list({ since: EPOCH, acs_system_id: 'x' })).toEqual([]);
    expect(await list({ since: EPOCH, connected_account_id: 'someone-else' })).toEqual([]);
    const firstCreated = ofFirst.find((e) => e.event_type === 'access_code.created') as SeamEvent;
    const viaItsHub = await list({ since: EPOCH, connected_account_id: firstCreated.connected_account_id as string });
    expect(viaItsHub).toContainEqual(firstCreated);
    expect(viaItsHub.every((e) => e.connected_account_id === firstCreated.connected_account_id)).toBe(true);
    expect(has(viaItsHub, 'access_code.created', second.access_code_id)).toBe(false); // the Lobby is on another hub
    expect(await list({ device_id: 'not-a-device' })).toEqual([]);
  });

  it('refuses since together with between, and a time that is not one', async () => {
    for (const call of [
      seam.events.list({ since: EPOCH, between: [EPOCH, new Date().toISOString()] }),
      seam.events.list({ since: 'yesterday-ish' }),
    ]) {
      const error = await call.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SeamHttpInvalidInputError);
    }
  });
});

describe('/events/get', () => {
  it('gets an event by id, or the latest of a device and type; an unknown id is not found', async () => {
    const [newest] = await all();
    expect(await seam.events.get({ event_id: newest?.event_id as string })).toEqual(newest);
    const latestCreated = await seam.events.get({ device_id: lobby, event_type: 'access_code.created' });
    expect(latestCreated).toMatchObject({ access_code_id: second.access_code_id });
    for (const eventId of ['00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      const error = await seam.events.get({ event_id: eventId }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isSeamHttpApiError(error) && error.statusCode).toBe(404);
    }
  });
});

describe('keypad use', () => {
  it('names an integration code that opened a door, never a resident’s, and never carries a PIN', async () => {
    expect(await keypad(unit, first.code)).toBe(true);
    const alex = await cardsOf(s.t, await s.t.login(ALEX));
    s.t.clock.advance(1_000);
    expect(await keypad(unit, alex.home.code)).toBe(true);
    const events = await eventsUntil(
      (list) => list.filter((e) => e.event_type === 'lock.unlocked' && e.device_id === unit).length >= 2,
      'two unlocks',
    );
    const unlocks = events.filter((e) => e.event_type === 'lock.unlocked' && e.device_id === unit);
    const [byAlex, byIntegration] = unlocks; // newest first
    expect(byIntegration).toMatchObject({ access_code_id: first.access_code_id, method: 'keycode' });
    expect(byAlex).toMatchObject({ method: 'keycode' });
    expect(byAlex).not.toHaveProperty('access_code_id');
    expect(JSON.stringify(byAlex)).not.toContain(alex.home.id);
    for (const event of events) {
      expect(event.code ?? null).toBeNull();
      for (const value of Object.values(event)) expect(value).not.toBe(first.code);
    }
  });
});

describe('another community', () => {
  it('sees none of these events', async () => {
    const other = await otherCommunityClient(s.t);
    expect(await other.seam.events.list({ since: EPOCH })).toEqual([]);
    expect(await other.seam.events.list({ device_id: unit })).toEqual([]);
    const [newest] = await all();
    const error = await other.seam.events.get({ event_id: newest?.event_id as string }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isSeamHttpApiError(error) && error.statusCode).toBe(404);
  });
});
