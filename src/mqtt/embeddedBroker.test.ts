import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMqtt } from './connectMqtt.ts';
import { type EmbeddedBroker, startEmbeddedBroker } from './embeddedBroker.ts';
import { RecordingSubscriber, silentLogger, uniqueId } from './testBroker.ts';

describe('embedded broker', () => {
  let broker: EmbeddedBroker;
  beforeAll(async () => {
    broker = await startEmbeddedBroker({ port: 0, logger: silentLogger });
  });
  afterAll(async () => {
    await broker.close();
  });

  it('listens on a random local port', () => {
    expect(broker.port).toBeGreaterThan(0);
    expect(broker.url).toBe(`mqtt://127.0.0.1:${broker.port}`);
  });

  it('keeps retained messages for later subscribers', async () => {
    const topic = `test/${uniqueId('retained')}`;
    const publisher = await connectMqtt(broker.url, { clientId: uniqueId('pub'), logger: silentLogger });
    await publisher.publishAsync(topic, JSON.stringify({ online: true }), { qos: 1, retain: true });
    await publisher.endAsync();

    const late = await RecordingSubscriber.connect(broker.url, [topic]);
    const message = await late.waitFor((m) => m.topic === topic);
    expect(message).toMatchObject({ json: { online: true }, retain: true });
    await late.close();
  });

  it('publishes the last will when a client vanishes without disconnecting, not when it disconnects', async () => {
    const topic = `test/${uniqueId('will')}`;
    const observer = await RecordingSubscriber.connect(broker.url, [topic]);
    const will = { topic, payload: JSON.stringify({ online: false }), qos: 1 as const, retain: true };

    const polite = await connectMqtt(broker.url, { clientId: uniqueId('polite'), logger: silentLogger, will });
    await polite.endAsync();
    const vanishing = await connectMqtt(broker.url, { clientId: uniqueId('gone'), logger: silentLogger, will });
    vanishing.end(true); // socket destroyed, no DISCONNECT

    await observer.waitFor((m) => m.topic === topic);
    expect(observer.messages).toHaveLength(1);
    expect(observer.messages[0]?.json).toEqual({ online: false });
    await observer.close();
  });

  it('connectMqtt reconnects by itself after the connection drops', async () => {
    const client = await connectMqtt(broker.url, {
      clientId: uniqueId('bouncy'),
      logger: silentLogger,
      reconnectPeriodMs: 50,
    });
    const reconnected = new Promise<void>((resolve) => client.once('connect', () => resolve()));
    client.stream.destroy();
    await reconnected;
    expect(client.connected).toBe(true);
    await client.endAsync();
  });

  it('listening on every interface, hands this machine a loopback address to dial', async () => {
    const open = await startEmbeddedBroker({ host: '0.0.0.0', logger: silentLogger });
    try {
      expect(open.url).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);
      const client = await connectMqtt(open.url, { clientId: uniqueId('dial'), logger: silentLogger });
      expect(client.connected).toBe(true);
      await client.endAsync();
    } finally {
      await open.close();
    }
  });

  it('closes idempotently', async () => {
    const other = await startEmbeddedBroker({ logger: silentLogger });
    await Promise.all([other.close(), other.close()]);
  });
});
