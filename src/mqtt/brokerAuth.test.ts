import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../security/passwords.ts';
import { hubTopic } from '../sync/hubProtocol.ts';
import { BrokerAuth } from './brokerAuth.ts';
import { connectMqtt } from './connectMqtt.ts';
import { type EmbeddedBroker, startEmbeddedBroker } from './embeddedBroker.ts';
import { silentLogger, uniqueId } from './testBroker.ts';

const HUB = '11111111-2222-4333-8444-555555555555';
const server = { username: 'keyway-server', password: 'server-secret-server-secret-0000' };

describe('a hub connection whose credentials were rotated', () => {
  const stored = new Map<string, { hubId: string; passwordHash: string }>();
  let clock = 1_000_000;
  let auth: BrokerAuth;
  let broker: EmbeddedBroker;

  beforeAll(async () => {
    stored.set('hub-1', { hubId: HUB, passwordHash: await hashPassword('first-password') });
    auth = new BrokerAuth({
      findHub: async (username) => stored.get(username),
      server,
      logger: silentLogger,
      now: () => clock,
      cacheMs: 1_000,
    });
    broker = await startEmbeddedBroker({ port: 0, logger: silentLogger, auth, recheckMs: 50 });
  });
  afterAll(() => broker.close());

  it('is trusted within the cache period, then checked again against what is stored', async () => {
    const identity = await auth.authenticate('hub-1', 'first-password');
    expect(identity).toMatchObject({ kind: 'hub', hubId: HUB });
    if (!identity) throw new Error('refused');
    expect(await auth.stillCurrent(identity)).toBe(true);
    clock += 2_000;
    expect(await auth.stillCurrent(identity)).toBe(true); // nothing changed: still the hub's
    stored.set('hub-1', { hubId: HUB, passwordHash: await hashPassword('second-password') });
    expect(await auth.stillCurrent(identity)).toBe(true); // checked a moment ago: trusted until the period ends
    clock += 2_000;
    expect(await auth.stillCurrent(identity)).toBe(false);
    expect(await auth.stillCurrent({ kind: 'server' })).toBe(true);
    stored.set('hub-1', { hubId: HUB, passwordHash: await hashPassword('first-password') });
  });

  it('is closed by the broker, and its old password no longer gets in', async () => {
    const client = await connectMqtt(broker.url, {
      clientId: uniqueId('hub'),
      logger: silentLogger,
      username: 'hub-1',
      password: 'first-password',
      reconnectPeriodMs: 0,
    });
    await client.subscribeAsync(hubTopic(HUB, 'commands'), { qos: 1 });
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    stored.set('hub-1', { hubId: HUB, passwordHash: await hashPassword('rotated-password') });
    auth.forget('hub-1');
    clock += 2_000;
    await closed;
    client.end(true);
    await expect(
      connectMqtt(broker.url, {
        clientId: uniqueId('hub'),
        logger: silentLogger,
        username: 'hub-1',
        password: 'first-password',
        reconnectPeriodMs: 0,
      }),
    ).rejects.toThrow();
  });
});
