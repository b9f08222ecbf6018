/**
 * The private hub channel on Keyway's own (embedded) broker, in production mode, with hubs registered through the
 * API and a real hub agent using the credentials Keyway handed out:
 * - no credentials, a wrong password, an unknown user: refused at CONNECT;
 * - a hub can neither read nor write another hub's topics;
 * - after code changes, nothing that crossed the broker holds a PIN (a sniffer on the broker's publish event);
 * - a result forged by another hub for this hub's command does not make the door active.
 */
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubAgent } from '../../src/hub/hubAgent.ts';
import { SimulatedLock } from '../../src/hub/simulatedLock.ts';
import { connectMqtt } from '../../src/mqtt/connectMqtt.ts';
import { silentLogger, uniqueId } from '../../src/mqtt/testBroker.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { hubTopic } from '../../src/sync/hubProtocol.ts';
import { captureLogger } from '../support/logCapture.ts';
import { linkToken, startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { cardsOf, eventually, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

const PASSWORD = 'correct-horse-battery-staple-9';
let t: TestKeyway;
let smtp: TestSmtp;
let manager: string;
let resident: string;
const sniffed: { topic: string; payload: string }[] = [];
let dropResults = false;
const front = new SimulatedLock({ lockId: 'front', slotCount: 10, latencyMs: { min: 2, max: 5 }, clock: systemClock });
let agent: HubAgent | undefined;
const clients: MqttClient[] = [];

interface Issued {
  id: string;
  username: string;
  password: string;
  url: string;
}
const hubs: Record<'a' | 'b', Issued> = {} as never;

const api = async (method: string, url: string, token: string | undefined, body?: unknown) => {
  const response = await t.request(method, `/api/v1${url}`, { ...(token ? { token } : {}), ...(body ? { body } : {}) });
  return { status: response.statusCode, body: response.json() };
};

/** The handed-out URL, pointed at this test's broker (the public host is keys.example.org). */
function local(handedOut: string): string {
  const url = new URL(handedOut);
  const broker = new URL(t.keyway.mqttUrl);
  url.hostname = broker.hostname;
  url.port = broker.port;
  return url.toString();
}

/** A refused publish closes the connection without an answer: give it half a second, then move on. */
const attempt = (publishing: Promise<unknown>) =>
  Promise.race([publishing.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 500))]);

async function client(options: { username?: string; password?: string } = {}): Promise<MqttClient> {
  const c = await connectMqtt(t.keyway.mqttUrl, {
    clientId: uniqueId('probe'),
    logger: silentLogger,
    reconnectPeriodMs: 0,
    ...options,
  });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await startTestKeyway({
    embeddedBroker: true,
    latency: '2-5',
    env: {
      KEYWAY_DEMO: 'false',
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Keyway <keys@example.org>',
      KEYWAY_PUBLIC_URL: 'https://keys.example.org',
    },
    onBrokerPublish: ({ topic, payload }) => sniffed.push({ topic, payload: payload.toString('utf8') }),
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
  const community = (await api('POST', '/communities', operator, { name: 'Elm Park', timeZone: 'America/Chicago' }))
    .body.community.id as string;
  await api('POST', `/communities/${community}/invitations`, operator, {
    email: 'mia@example.org',
    name: 'Mia',
    role: 'manager',
  });
  await t.keyway.messages.drain();
  const invite = linkToken(await smtp.waitForMail('mia@example.org'), 'invite');
  expect((await api('POST', '/auth/accept-invitation', undefined, { token: invite, password: PASSWORD })).status).toBe(
    200,
  );
  manager = await t.login('mia@example.org', PASSWORD);
  expect((await api('PATCH', '/community/settings', manager, { sixDigitCodes: true })).status).toBe(200);

  const unit = (await api('POST', '/units', manager, { name: 'E1' })).body.unit.id as string;
  const door = (
    await api('POST', '/access-points', manager, { name: 'E1 Front Door', kind: 'unit_door', unitId: unit })
  ).body.accessPoint.id as string;
  for (const [name, key] of [
    ['Elm hub', 'a'],
    ['Other hub', 'b'],
  ] as const) {
    const created = (await api('POST', '/hubs', manager, { name })).body;
    hubs[key] = { id: created.hub.id, ...created.credentials, url: local(created.credentials.mqttUrl) };
  }
  const lock = await api('POST', '/locks', manager, {
    accessPointId: door,
    connectivity: 'hub',
    hubId: hubs.a.id,
    address: 'front',
    capabilities: { slotCount: 10 },
  });
  expect(lock.status).toBe(201);
  agent = new HubAgent({
    hubId: hubs.a.id,
    mqttUrl: hubs.a.url, // credentials inside, as handed out: the agent derives its sealing key from them
    drivers: [front],
    logger: captureLogger(),
    clock: systemClock,
    batteryIntervalMs: 0,
    faults: { dropResult: () => dropResults },
  });
  await agent.start();
}, 60_000);

afterAll(async () => {
  for (const c of clients) c.end(true);
  await agent?.stop();
  await t?.close();
  await smtp?.close();
});

async function homeDoor(token: string) {
  const { home } = await cardsOf(t, token);
  return { card: home, door: home.doors.find((d) => d.name === 'E1 Front Door') };
}

describe('who may connect', () => {
  it('refuses a client without credentials, with a wrong password, or with an unknown user', async () => {
    await expect(client()).rejects.toThrow(/refused/);
    await expect(client({ username: hubs.a.username, password: `${hubs.a.password}x` })).rejects.toThrow(/refused/);
    await expect(client({ username: 'hub-deadbeef', password: hubs.a.password })).rejects.toThrow(/refused/);
    await expect(client({ username: 'keyway-server', password: hubs.a.password })).rejects.toThrow(/refused/);
    await expect(client({ username: hubs.b.username, password: hubs.a.password })).rejects.toThrow(/refused/);
  });

  it('lets a hub in with the credentials Keyway issued', async () => {
    const b = await client({ username: hubs.b.username, password: hubs.b.password });
    expect(b.connected).toBe(true);
    expect(agent?.isOnline()).toBe(true);
  });
});

describe('a hub uses only its own topics', () => {
  it('cannot subscribe to another hub’s commands, or to wildcards', async () => {
    const b = await client({ username: hubs.b.username, password: hubs.b.password });
    for (const topic of [hubTopic(hubs.a.id, 'commands'), 'keyway/#', 'keyway/v1/hubs/+/commands', '#'])
      await expect(b.subscribeAsync(topic, { qos: 1 }), topic).rejects.toThrow(/Subscribe error/);
    expect((await b.subscribeAsync(hubTopic(hubs.b.id, 'commands'), { qos: 1 }))[0]?.qos).toBe(1);
  });

  it('cannot publish on another hub’s topics (nothing reaches the broker’s subscribers)', async () => {
    const b = await client({ username: hubs.b.username, password: hubs.b.password });
    const marker = uniqueId('forged');
    await attempt(b.publishAsync(hubTopic(hubs.a.id, 'status'), JSON.stringify({ online: false, agent: marker })));
    const c = await client({ username: hubs.b.username, password: hubs.b.password });
    await attempt(c.publishAsync(hubTopic(hubs.a.id, 'commands'), JSON.stringify({ marker }), { qos: 1 }));
    // The broker hangs up on a client that publishes outside its topics.
    expect(b.connected).toBe(false);
    expect(c.connected).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sniffed.some((m) => m.payload.includes(marker))).toBe(false);
    expect((await api('GET', '/hubs', manager)).body.hubs.find((h: { id: string }) => h.id === hubs.a.id).online).toBe(
      true,
    );
  });
});

describe('PINs on the broker', () => {
  it('a resident moves in and changes the code: the door turns active, and no PIN ever crossed the broker', async () => {
    const moved = await api('POST', '/residents', manager, {
      name: 'Eli Elm',
      email: 'eli@elm.example',
      unit: 'E1',
      moveIn: '2026-06-01',
      password: 'eli-password-1',
    });
    expect(moved.status).toBe(201);
    resident = await t.login('eli@elm.example', 'eli-password-1');
    const first = await eventually(
      async () => {
        const home = await homeDoor(resident);
        return home.door?.status === 'active' ? home : undefined;
      },
      15_000,
      'the door to turn active',
    );
    const changed = await api('POST', `/me/access/cards/${first.card.id}/generate`, resident, { length: 6 });
    expect(changed.status).toBe(202);
    const second = await eventually(
      async () => {
        const home = await homeDoor(resident);
        return home.door?.status === 'active' && home.card.pendingCode === null && home.card.code !== first.card.code
          ? home
          : undefined;
      },
      15_000,
      'the new code to be active',
    );
    expect(front.slots().map((s) => s.code)).toEqual([second.card.code]);
    expect(second.card.code).toHaveLength(6);

    const commands = sniffed.filter((m) => m.topic === hubTopic(hubs.a.id, 'commands'));
    const inventories = sniffed.filter((m) => m.topic === hubTopic(hubs.a.id, 'inventory'));
    expect(commands.some((m) => JSON.parse(m.payload).type === 'set_code')).toBe(true);
    expect(inventories.length).toBeGreaterThan(0);
    for (const m of commands) {
      const command = JSON.parse(m.payload);
      if (command.type === 'set_code') expect(command).toMatchObject({ sealedCode: expect.stringMatching(/^s1\./) });
      expect(command).not.toHaveProperty('code');
    }
    for (const m of inventories) {
      expect(JSON.parse(m.payload)).toMatchObject({ sealedSlots: expect.any(String) });
      expect(JSON.parse(m.payload)).not.toHaveProperty('slots');
    }
    for (const pin of [first.card.code, second.card.code]) {
      // No JSON string anywhere equals the PIN; the 6-digit one appears nowhere at all.
      for (const m of sniffed) expect(m.payload).not.toContain(`"${pin}"`);
    }
    for (const m of sniffed) expect(m.payload).not.toContain(second.card.code);
    expect(t.logs()).not.toContain(second.card.code);
  });
});

describe('results come from the lock’s own hub', () => {
  it('a result forged by another hub for this hub’s command is ignored and logged; the door stays pending', async () => {
    dropResults = true; // the real hub sets the code but its answer is lost
    const before = await homeDoor(resident);
    const mark = sniffed.length;
    const changed = await api('POST', `/me/access/cards/${before.card.id}/generate`, resident, { length: 6 });
    expect(changed.status).toBe(202);
    const command = await eventually(
      async () => {
        const m = sniffed.slice(mark).find((s) => s.topic === hubTopic(hubs.a.id, 'commands'));
        const parsed = m ? JSON.parse(m.payload) : undefined;
        return parsed?.type === 'set_code' ? (parsed as { id: string; lockId: string }) : undefined;
      },
      10_000,
      'the set_code command',
    );
    const newCode = (await cardsOf(t, resident)).home.pendingCode;
    await eventually(async () => front.slots().some((s) => s.code === newCode), 10_000, 'the lock to take the code');

    const b = await client({ username: hubs.b.username, password: hubs.b.password });
    const forged = { commandId: command.id, lockId: command.lockId, ok: true, at: new Date().toISOString() };
    // On its own topic the broker lets it through, and Keyway ignores it; on the real hub's topic it never arrives.
    await b.publishAsync(hubTopic(hubs.b.id, 'results'), JSON.stringify(forged), { qos: 1 });
    const c = await client({ username: hubs.b.username, password: hubs.b.password });
    await attempt(c.publishAsync(hubTopic(hubs.a.id, 'results'), JSON.stringify(forged), { qos: 1 }));
    await eventually(async () => t.logs().includes('did not come from the lock’s own hub'), 5_000, 'the warning');
    await t.keyway.sync.drainReports();
    expect(sniffed.filter((m) => m.topic === hubTopic(hubs.a.id, 'results') && m.payload.includes(command.id))).toEqual(
      [],
    );

    const after = await homeDoor(resident);
    expect(after.door?.status).not.toBe('active');
    expect(after.card.pendingCode).toBe(newCode);
    const warning =
      t
        .logs()
        .split('\n')
        .find((line) => line.includes('did not come from the lock’s own hub')) ?? '';
    expect(warning).toContain(command.id);
    expect(warning).toContain(hubs.b.id);
    expect(warning).not.toContain(String(newCode));
  });
});
