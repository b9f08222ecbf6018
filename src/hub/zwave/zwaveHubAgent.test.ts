/**
 * End to end on the hub: a HubAgent driving Z-Wave locks (zwave-js on its mock controller) through a real broker
 * (embedded, or MQTT_URL). A keyless agent on an open broker, so codes travel in clear here (see hubProtocol.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ReceivedMessage,
  RecordingSubscriber,
  silentLogger,
  startTestBroker,
  type TestBroker,
  uniqueId,
} from '../../mqtt/testBroker.ts';
import { systemClock } from '../../platform/clock.ts';
import { hubTopic } from '../../sync/hubProtocol.ts';
import { HubAgent } from '../hubAgent.ts';
import { type MockZwave, startMockZwave } from './mockZwave.ts';

let broker: TestBroker;
let zwave: MockZwave;
let agent: HubAgent;
let watcher: RecordingSubscriber;
const hubId = uniqueId('zwave-hub');

beforeAll(async () => {
  [broker, zwave] = await Promise.all([
    startTestBroker(),
    startMockZwave(
      [
        { nodeId: 2, txDelayMs: 2 },
        { nodeId: 3, txDelayMs: 2, supervision: false },
      ],
      { lock: { readPauseMs: 10, duplicateWindowMs: 300 } },
    ),
  ]);
  watcher = await RecordingSubscriber.connect(broker.url, [`keyway/v1/hubs/${hubId}/#`]);
  // The hub starts with node 2; node 3 is "included" later (addDriver).
  agent = new HubAgent({
    hubId,
    mqttUrl: broker.url,
    drivers: [zwave.locks.get(2)!],
    logger: silentLogger,
    clock: systemClock,
    batteryIntervalMs: 0,
  });
  await agent.start();
}, 60_000);

afterAll(async () => {
  await agent?.stop();
  await watcher?.publish(hubTopic(hubId, 'status'), '', { retain: true });
  await watcher?.close();
  await zwave?.close();
  await broker?.close();
});

const send = (command: Record<string, unknown>) =>
  watcher.publish(hubTopic(hubId, 'commands'), { sentAt: new Date().toISOString(), ...command });
const resultOf = (commandId: string) =>
  watcher.waitFor(
    (m) => m.topic === hubTopic(hubId, 'results') && (m.json as { commandId?: string }).commandId === commandId,
    10_000,
  );
const since = (index: number, match: (m: ReceivedMessage) => boolean) => (m: ReceivedMessage) =>
  watcher.messages.indexOf(m) >= index && match(m);
const inventoryOf = (lockId: string) => (m: ReceivedMessage) =>
  m.topic === hubTopic(hubId, 'inventory') && (m.json as { lockId?: string }).lockId === lockId;

describe('HubAgent with zwave drivers', () => {
  it('sets a code on a Z-Wave lock, answers ok, and reports an inventory holding the code', async () => {
    await watcher.waitFor(inventoryOf('2'), 10_000); // the inventory on connect
    await send({ id: 'zw-set-1', type: 'set_code', lockId: '2', slot: 3, code: '907153' });
    expect((await resultOf('zw-set-1')).json).toMatchObject({ commandId: 'zw-set-1', lockId: '2', ok: true });
    expect(zwave.devices.get(2)!.codes()).toEqual(new Map([[3, '907153']]));

    const seen = watcher.messages.length;
    await send({ id: 'zw-inv-1', type: 'report_inventory', lockId: '2' });
    expect((await resultOf('zw-inv-1')).json).toMatchObject({ ok: true });
    const inventory = await watcher.waitFor(since(seen, inventoryOf('2')));
    expect(inventory.json).toMatchObject({
      lockId: '2',
      slotCount: 10,
      codeLengths: [4, 5, 6, 7, 8],
      readableCodes: true,
      nativeSchedules: true,
      slots: [{ slot: 3, code: '907153' }],
      battery: 90,
    });
  });

  it('answers duplicate_on_lock when the lock refuses a code another slot holds', async () => {
    await send({ id: 'zw-dup-1', type: 'set_code', lockId: '2', slot: 4, code: '907153' });
    expect((await resultOf('zw-dup-1')).json).toMatchObject({ ok: false, error: 'duplicate_on_lock' });
  });

  it('announces a lock added later, publishes its inventory, and drops it again when removed', async () => {
    const seen = watcher.messages.length;
    agent.addDriver(zwave.locks.get(3)!);
    const status = await watcher.waitFor(since(seen, (m) => m.topic === hubTopic(hubId, 'status')));
    expect(status.json).toMatchObject({ online: true, lockIds: ['2', '3'] });
    await watcher.waitFor(since(seen, inventoryOf('3')), 10_000);
    await send({ id: 'zw-set-3', type: 'set_code', lockId: '3', slot: 1, code: '4821' });
    expect((await resultOf('zw-set-3')).json).toMatchObject({ ok: true });

    const before = watcher.messages.length;
    agent.removeDriver('3');
    const after3 = await watcher.waitFor(since(before, (m) => m.topic === hubTopic(hubId, 'status')));
    expect(after3.json).toMatchObject({ online: true, lockIds: ['2'] });
    await send({ id: 'zw-gone', type: 'clear_slot', lockId: '3', slot: 1 });
    expect((await resultOf('zw-gone')).json).toMatchObject({ ok: false, error: 'lock_unreachable' });
    expect(zwave.devices.get(3)!.codes()).toEqual(new Map([[1, '4821']]));
  });
});
