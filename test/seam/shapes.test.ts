/**
 * The same short scenario against Seam's own fake server and against Keyway, response shapes compared field by
 * field: Keyway may add fields, never drop or retype one of Seam's. The few fields Keyway leaves out on purpose are
 * listed with the reason (docs/seam.md says the same to integrators).
 */
import type { SeamHttp } from '@seamapi/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeamFake, startSeamFake } from '../cloud/seamFake.ts';
import { eventually } from '../support/testKeyway.ts';
import { type SeamKeyway, startSeamKeyway } from './seamHarness.ts';
import { type Json, shapeDiff } from './shapeDiff.ts';

interface Scenario {
  device: Json;
  lock: Json;
  access_code_ongoing: Json;
  access_code_time_bound: Json;
  listed: Json;
  got: Json;
  generated: Json;
  event: Json;
  webhook: Json;
}

async function runScenario(
  seam: SeamHttp,
  deviceId: string,
  codeStart: Date,
  waitForEvents: () => Promise<void>,
): Promise<Scenario> {
  const since = new Date(codeStart.getTime() - 60 * 60_000).toISOString();
  const device = await seam.devices.get({ device_id: deviceId });
  const lock = await seam.locks.get({ device_id: deviceId });
  const ongoing = await seam.accessCodes.create({ device_id: deviceId, name: 'Shape check' });
  const timeBound = await seam.accessCodes.create({
    device_id: deviceId,
    name: 'Shape check later',
    starts_at: new Date(codeStart.getTime() + 60 * 60_000).toISOString(),
    ends_at: new Date(codeStart.getTime() + 3 * 60 * 60_000).toISOString(),
  });
  const listed = (await seam.accessCodes.list({ device_id: deviceId })).find(
    (c) => c.access_code_id === ongoing.access_code_id,
  );
  const got = await seam.accessCodes.get({ access_code_id: ongoing.access_code_id });
  const generated = await seam.accessCodes.generateCode({ device_id: deviceId });
  await waitForEvents();
  const events = await seam.events.list({ since });
  const event = events.find((e) => e.event_type === 'access_code.created');
  const webhook = await seam.webhooks.create({ url: 'http://127.0.0.1:9/hook', event_types: ['access_code.created'] });
  return {
    device: device as unknown as Json,
    lock: lock as unknown as Json,
    access_code_ongoing: ongoing as unknown as Json,
    access_code_time_bound: timeBound as unknown as Json,
    listed: listed as unknown as Json,
    got: got as unknown as Json,
    generated: generated as unknown as Json,
    event: event as unknown as Json,
    webhook: webhook as unknown as Json,
  };
}

let fake: SeamFake;
let keyway: SeamKeyway;
let fromSeam: Scenario;
let fromKeyway: Scenario;

beforeAll(async () => {
  fake = await startSeamFake();
  keyway = await startSeamKeyway();
  const fakeDevice = fake.addLock('Front Door', { online: true, code_constraints: [] });
  fromSeam = await runScenario(fake.seam, fakeDevice, new Date(), async () => {});
  // Seam gives a battery only once the lock has reported one: wait for the hub lock's first inventory, as an
  // integrator looking at a live lock would see it (the fake's device always has one).
  const unitDoor = await eventually(
    async () => {
      const devices = await keyway.seam.devices.list();
      const door = devices.find((d) => d.display_name === 'Unit 101 Front Door');
      return door?.properties.battery !== undefined ? door : undefined;
    },
    25_000,
    'the unit door to report its battery',
  );
  if (!unitDoor) throw new Error('no Unit 101 Front Door with a battery among the devices');
  fromKeyway = await runScenario(keyway.seam, unitDoor.device_id, keyway.t.clock.now(), async () => {
    await eventually(async () => {
      await keyway.t.keyway.webhooks.drain();
      const events = await keyway.seam.events.list({ since: new Date(0).toISOString() });
      return events.some((e) => e.event_type === 'access_code.created');
    });
  });
});

afterAll(async () => {
  await fake?.stop();
  await keyway?.t.close();
});

describe("Keyway's responses keep every field of Seam's, with Seam's types", () => {
  for (const name of [
    'device',
    'lock',
    'access_code_ongoing',
    'access_code_time_bound',
    'listed',
    'got',
    'generated',
    'event',
    'webhook',
  ] as const) {
    it(name, () => {
      expect(fromSeam[name], `Seam's fake gave no ${name}`).toBeTruthy();
      expect(fromKeyway[name], `Keyway gave no ${name}`).toBeTruthy();
      expect(
        shapeDiff(fromSeam[name], fromKeyway[name], name.startsWith('access_code') ? 'access_code' : name),
      ).toEqual([]);
    });
  }

  it('the comparison itself notices a dropped or retyped field', () => {
    expect(shapeDiff({ a: 1, b: { c: 'x' } }, { a: '1', b: {} }, 'x')).toEqual([
      'x.a: number in Seam, string in Keyway',
      'x.b.c: missing',
    ]);
    expect(shapeDiff({ a: null, list: [{ id: 'x' }] }, { a: 3, list: [{}] }, 'y')).toEqual(['y.list[].id: missing']);
  });
});
