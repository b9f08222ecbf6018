/**
 * `npm run keyway -- mosquitto-acl` output, enforced by a real Mosquitto (`mosquitto -c <generated conf>` on a free
 * port): anonymous clients and wrong passwords are refused; a hub publishes and subscribes only its own topics; the
 * server identity sees everything, and a hub agent with issued credentials puts no PIN on the broker.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type AddressInfo, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMosquittoFiles } from '../../src/cli/mosquittoAcl.ts';
import { mosquittoPasswordLine } from '../../src/cli/mosquittoFiles.ts';
import { HubAgent } from '../../src/hub/hubAgent.ts';
import { SimulatedLock } from '../../src/hub/simulatedLock.ts';
import { connectMqtt } from '../../src/mqtt/connectMqtt.ts';
import { RecordingSubscriber, silentLogger, uniqueId } from '../../src/mqtt/testBroker.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { hubMqttPassword, serverMqttIdentity } from '../../src/security/hubCredentials.ts';
import { deriveHubSealKey } from '../../src/security/hubSeal.ts';
import { hashPassword } from '../../src/security/passwords.ts';
import { PinCipher } from '../../src/security/pinCipher.ts';
import type { HubCredentialRow } from '../../src/store/repositories/hubSecrets.ts';
import { encode, hubTopic, sealHubCommand } from '../../src/sync/hubProtocol.ts';

const MOSQUITTO = '/usr/sbin/mosquitto';
const available = existsSync(MOSQUITTO);
if (!available) console.warn(`SKIPPED: ${MOSQUITTO} is not installed, the Mosquitto ACL test cannot run`);

const cipher = new PinCipher(randomBytes(32));
const issuedAt = new Date('2026-06-15T15:00:00Z');
const hubA = { id: '11111111-1111-4111-8111-111111111111', username: 'hub-11111111' };
const hubB = { id: '22222222-2222-4222-8222-222222222222', username: 'hub-22222222' };
const passwordOf = (hubId: string) => hubMqttPassword(cipher, hubId, issuedAt);

let dir: string;
let mosquitto: ChildProcess | undefined;
let url: string;
let serverUrl: string;
const clients: MqttClient[] = [];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function client(credentials: { username?: string; password?: string } = {}): Promise<MqttClient> {
  const c = await connectMqtt(url, {
    clientId: uniqueId('probe'),
    logger: silentLogger,
    reconnectPeriodMs: 0,
    ...credentials,
  });
  clients.push(c);
  return c;
}
const asHub = (hub: { id: string; username: string }) =>
  client({ username: hub.username, password: passwordOf(hub.id) });
const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  if (!available) return;
  dir = mkdtempSync(join(tmpdir(), 'keyway-mosquitto-'));
  const row = async (hub: { id: string; username: string }, password: string): Promise<HubCredentialRow> => ({
    hubId: hub.id,
    communityId: 'c',
    name: hub.username,
    mqttUsername: hub.username,
    mqttPasswordHash: await hashPassword(password),
    credentialsIssuedAt: issuedAt,
  });
  const port = await freePort();
  const written = await writeMosquittoFiles({
    dir,
    cipher,
    hubs: [
      await row(hubA, passwordOf(hubA.id)),
      await row(hubB, passwordOf(hubB.id)),
      // Registered before derived passwords: its stored hash is of a random password, so it cannot be written.
      await row({ id: '33333333-3333-4333-8333-333333333333', username: 'hub-33333333' }, 'random-old-password'),
    ],
    listener: { port, host: '127.0.0.1' },
  });
  expect(written.hubs).toBe(2);
  expect(written.skipped.map((s) => s.username)).toEqual(['hub-33333333']);
  // Started as root, Mosquitto drops to its own user, which must be able to read the files (as in production).
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'mosquitto']).toString());
    const gid = Number(execFileSync('id', ['-g', 'mosquitto']).toString());
    for (const file of ['passwd', 'acl']) chownSync(join(dir, file), uid, gid);
    chmodSync(dir, 0o755);
  }
  url = `mqtt://127.0.0.1:${port}`;
  serverUrl = written.serverUrl;
  mosquitto = spawn(MOSQUITTO, ['-c', written.confPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  mosquitto.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  // Ready when the port accepts connections.
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (Date.now() > deadline || mosquitto.exitCode !== null) throw new Error(`mosquitto did not start:\n${stderr}`);
    await settle(100);
  }
}, 30_000);

afterAll(async () => {
  for (const c of clients) c.end(true);
  if (mosquitto && mosquitto.exitCode === null) {
    const exited = new Promise((resolve) => mosquitto?.once('exit', resolve));
    mosquitto.kill('SIGTERM');
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!available)('Mosquitto with the generated password file and ACL', () => {
  it('writes Mosquitto’s own $7$ hashes, the ACL and the conf lines; the server URL carries the derived identity', () => {
    const passwd = readFileSync(join(dir, 'passwd'), 'utf8');
    expect(passwd).toMatch(/^keyway-server:\$7\$1000\$[A-Za-z0-9+/=]{16}\$[A-Za-z0-9+/=]{88}$/m);
    expect(passwd).toContain(`${hubA.username}:$7$`);
    expect(passwd).not.toContain('hub-33333333');
    expect(passwd).not.toContain(passwordOf(hubA.id));
    const acl = readFileSync(join(dir, 'acl'), 'utf8');
    expect(acl).toContain(`user ${hubA.username}\ntopic write keyway/v1/hubs/${hubA.id}/status`);
    expect(acl).toContain(`topic read keyway/v1/hubs/${hubA.id}/commands`);
    expect(acl).toContain('user keyway-server\ntopic readwrite keyway/#');
    const conf = readFileSync(join(dir, 'mosquitto.conf'), 'utf8');
    expect(conf).toContain('allow_anonymous false');
    expect(conf).toContain(`password_file ${join(dir, 'passwd')}`);
    expect(conf).toContain(`acl_file ${join(dir, 'acl')}`);
    const server = serverMqttIdentity(cipher);
    expect(new URL(serverUrl).username).toBe(server.username);
    expect(decodeURIComponent(new URL(serverUrl).password)).toBe(server.password);
    // The format mosquitto_passwd writes: PBKDF2-SHA512 over a 12-byte salt (checked against Mosquitto below).
    expect(mosquittoPasswordLine('u', 'p', Buffer.alloc(12))).toMatch(/^u:\$7\$1000\$AAAAAAAAAAAAAAAA\$/);
  });

  it('refuses anonymous clients, wrong passwords and hubs it has no line for', async () => {
    await expect(client()).rejects.toThrow(/refused/i);
    await expect(client({ username: hubA.username, password: passwordOf(hubB.id) })).rejects.toThrow(/refused/i);
    await expect(client({ username: 'keyway-server', password: 'guess' })).rejects.toThrow(/refused/i);
    await expect(client({ username: 'hub-33333333', password: 'random-old-password' })).rejects.toThrow(/refused/i);
  });

  it('lets a hub publish only its own topics and read only its own commands', async () => {
    const server = await RecordingSubscriber.connect(serverUrl, ['#']);
    const a = await asHub(hubA);
    const received: string[] = [];
    a.on('message', (topic) => received.push(topic));
    await a
      .subscribeAsync([hubTopic(hubA.id, 'commands'), hubTopic(hubB.id, 'commands'), 'keyway/#'], { qos: 1 })
      .catch(() => undefined);

    const marker = uniqueId('m');
    await a.publishAsync(hubTopic(hubA.id, 'results'), JSON.stringify({ own: marker }), { qos: 1 });
    await a
      .publishAsync(hubTopic(hubB.id, 'results'), JSON.stringify({ foreign: marker }), { qos: 1 })
      .catch(() => undefined);
    await a
      .publishAsync(hubTopic(hubA.id, 'commands'), JSON.stringify({ selfCommand: marker }), { qos: 1 })
      .catch(() => undefined);
    await server.waitFor((m) => JSON.stringify(m.json).includes(`"own":"${marker}"`));

    await server.publish(hubTopic(hubB.id, 'commands'), { forB: marker });
    await server.publish(hubTopic(hubA.id, 'commands'), { forA: marker });
    await settle();
    expect(server.count((m) => JSON.stringify(m.json).includes('foreign'))).toBe(0);
    expect(server.count((m) => JSON.stringify(m.json).includes('selfCommand'))).toBe(0);
    expect(received).toEqual([hubTopic(hubA.id, 'commands')]);
    await server.close();
  });

  it('a hub agent with issued credentials takes a sealed code; nothing on the broker holds the PIN', async () => {
    const server = await RecordingSubscriber.connect(serverUrl, ['#']);
    const raw: string[] = [];
    server.client.on('message', (_topic, payload) => raw.push(payload.toString()));
    const lock = new SimulatedLock({
      lockId: 'front',
      slotCount: 5,
      latencyMs: { min: 1, max: 2 },
      clock: systemClock,
    });
    const agent = new HubAgent({
      hubId: hubA.id,
      mqttUrl: url,
      username: hubA.username,
      password: passwordOf(hubA.id),
      drivers: [lock],
      logger: silentLogger,
      clock: systemClock,
      batteryIntervalMs: 0,
    });
    await agent.start();
    try {
      const pin = '739104';
      const command = sealHubCommand(deriveHubSealKey(passwordOf(hubA.id), hubA.id), hubA.id, {
        id: uniqueId('cmd'),
        type: 'set_code',
        lockId: 'front',
        slot: 2,
        code: pin,
        sentAt: new Date().toISOString(),
      });
      await server.client.publishAsync(hubTopic(hubA.id, 'commands'), encode(command), { qos: 1 });
      await server.waitFor((m) => m.topic === hubTopic(hubA.id, 'results') && (m.json as { ok?: boolean }).ok === true);
      expect(lock.slots()).toEqual([{ slot: 2, code: pin }]);
      await server.client.publishAsync(
        hubTopic(hubA.id, 'commands'),
        encode({ id: uniqueId('inv'), type: 'report_inventory', lockId: 'front', sentAt: new Date().toISOString() }),
        { qos: 1 },
      );
      // The agent's inventory on connect, then the one asked for: both sealed.
      const inventories = () => server.messages.filter((m) => m.topic === hubTopic(hubA.id, 'inventory'));
      for (let i = 0; i < 50 && inventories().length < 2; i++) await settle(50);
      expect(inventories().length).toBe(2);
      for (const m of inventories()) expect(m.json).toMatchObject({ lockId: 'front', sealedSlots: expect.any(String) });
      expect(raw.length).toBeGreaterThan(3);
      for (const payload of raw) expect(payload).not.toContain(pin);
    } finally {
      await agent.stop();
      await server.close();
    }
  });
});
