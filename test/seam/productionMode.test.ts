/**
 * The Seam-compatible API on a real property in production mode: an operator sets up two communities, a manager
 * provisions a door with a hub lock (a real hub agent on the credentials Keyway handed out), makes a seam_ key, and
 * property software drives the door with Seam's own SDK — a code goes onto the lock and opens it, deleting it takes
 * it off, and every step reaches the software's webhook signed so that Seam's verifier accepts it. The other
 * community's key sees none of it.
 */
import { isSeamHttpApiError, type SeamHttp } from '@seamapi/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubAgent } from '../../src/hub/hubAgent.ts';
import { SimulatedLock } from '../../src/hub/simulatedLock.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { captureLogger } from '../support/logCapture.ts';
import { linkToken, startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { eventually, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';
import { seamClientFor } from './seamHarness.ts';
import { WebhookReceiver } from './webhookReceiver.ts';

const PASSWORD = 'correct-horse-battery-staple-9';
let t: TestKeyway;
let smtp: TestSmtp;
let receiver: WebhookReceiver;
let agent: HubAgent | undefined;
const front = new SimulatedLock({ lockId: 'front', slotCount: 10, latencyMs: { min: 2, max: 5 }, clock: systemClock });
let seam: SeamHttp;
let theirs: SeamHttp;
let deviceId: string;

const api = async (method: string, url: string, token: string | undefined, body?: unknown) => {
  const response = await t.request(method, `/api/v1${url}`, { ...(token ? { token } : {}), ...(body ? { body } : {}) });
  return { status: response.statusCode, body: response.json() };
};

/** An operator's community with its first manager, invited by email and signed in. */
async function communityWithManager(operator: string, name: string, email: string): Promise<string> {
  const community = (await api('POST', '/communities', operator, { name, timeZone: 'America/Chicago' })).body.community
    .id as string;
  await api('POST', `/communities/${community}/invitations`, operator, { email, name: 'Manager', role: 'manager' });
  await t.keyway.messages.drain();
  const invite = linkToken(await smtp.waitForMail(email), 'invite');
  expect((await api('POST', '/auth/accept-invitation', undefined, { token: invite, password: PASSWORD })).status).toBe(
    200,
  );
  return t.login(email, PASSWORD);
}

beforeAll(async () => {
  smtp = await startTestSmtp();
  receiver = await WebhookReceiver.start();
  t = await startTestKeyway({
    embeddedBroker: true,
    realClock: true,
    latency: '2-5',
    env: {
      KEYWAY_DEMO: 'false',
      SMTP_URL: smtp.url,
      KEYWAY_PUBLIC_URL: 'https://keys.example.org',
      WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
    },
  });
  const setupToken = t.keyway.setupLink?.link.split('#')[1];
  const operator = (
    await api('POST', '/setup', undefined, {
      token: setupToken,
      name: 'Olga',
      email: 'olga@example.org',
      password: PASSWORD,
    })
  ).body.token as string;
  const manager = await communityWithManager(operator, 'Elm Park', 'mia@example.org');
  const otherManager = await communityWithManager(operator, 'Oak Yard', 'oli@example.org');

  const unit = (await api('POST', '/units', manager, { name: 'E1' })).body.unit.id as string;
  const door = (
    await api('POST', '/access-points', manager, { name: 'E1 Front Door', kind: 'unit_door', unitId: unit })
  ).body.accessPoint.id as string;
  const hub = (await api('POST', '/hubs', manager, { name: 'Elm hub' })).body;
  const handedOut = new URL(hub.credentials.mqttUrl);
  const broker = new URL(t.keyway.mqttUrl);
  handedOut.hostname = broker.hostname;
  handedOut.port = broker.port;
  const lock = await api('POST', '/locks', manager, {
    accessPointId: door,
    connectivity: 'hub',
    hubId: hub.hub.id,
    address: 'front',
    capabilities: { slotCount: 10 },
  });
  expect(lock.status).toBe(201);
  deviceId = lock.body.lock.id;
  agent = new HubAgent({
    hubId: hub.hub.id,
    mqttUrl: handedOut.toString(),
    drivers: [front],
    logger: captureLogger(),
    clock: systemClock,
    batteryIntervalMs: 0,
  });
  await agent.start();
  seam = (await seamClientFor(t, manager, 'Elm software')).seam;
  theirs = (await seamClientFor(t, otherManager, 'Oak software')).seam;
  const webhook = await seam.webhooks.create({ url: receiver.url('/elm') });
  receiver.secretFor('/elm', webhook.secret as string);
}, 60_000);

afterAll(async () => {
  await agent?.stop();
  await t?.close();
  await smtp?.close();
  await receiver?.stop();
});

describe('a provisioned property through Seam’s SDK', () => {
  it('lists the door as an online lock; the other community sees nothing of it', async () => {
    const device = await eventually(async () => {
      const found = (await seam.locks.list()).find((d) => d.device_id === deviceId);
      return found?.properties.online ? found : undefined;
    });
    expect(device.display_name).toBe('E1 Front Door');
    expect(await theirs.locks.list()).toEqual([]);
    const error = await theirs.locks.get({ device_id: deviceId }).catch((e: unknown) => e);
    expect(isSeamHttpApiError(error) && error.code).toBe('device_not_found');
  });

  it('puts a code on the lock, which opens with it; deleting it takes it off; the webhook hears each step', async () => {
    const created = await seam.accessCodes.create({ device_id: deviceId, name: 'Cleaner' });
    expect(created.code).toMatch(/^\d{4}$/);
    const code = created.code as string;
    await eventually(
      async () => (await seam.accessCodes.get({ access_code_id: created.access_code_id })).status === 'set',
    );
    expect(front.slots().map((s) => s.code)).toContain(code);
    expect(front.typeCode(code)).toBe(true);
    const foreign = await theirs.accessCodes.get({ access_code_id: created.access_code_id }).catch((e: unknown) => e);
    expect(isSeamHttpApiError(foreign) && foreign.code).toBe('access_code_not_found');

    await seam.accessCodes.delete({ access_code_id: created.access_code_id });
    await eventually(async () => {
      const gone = await seam.accessCodes.get({ access_code_id: created.access_code_id }).catch((e: unknown) => e);
      return isSeamHttpApiError(gone) && gone.code === 'access_code_not_found';
    });
    expect(front.slots().map((s) => s.code)).not.toContain(code);
    expect(front.typeCode(code)).toBe(false);

    const types = await eventually(async () => {
      await t.keyway.webhooks.drain();
      const seen = receiver
        .events('/elm')
        .filter((e) => e.access_code_id === created.access_code_id || e.device_id === deviceId)
        .map((e) => e.event_type);
      return [
        'access_code.created',
        'access_code.set_on_device',
        'lock.unlocked',
        'access_code.deleted',
        'access_code.removed_from_device',
        'lock.access_denied',
      ].every((type) => seen.includes(type))
        ? seen
        : undefined;
    }, 20_000);
    expect(types).toContain('lock.unlocked');
    expect(receiver.unverifiable).toEqual([]);
  });
});
