import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type ReceivedMessage,
  RecordingSubscriber,
  silentLogger,
  startTestBroker,
  type TestBroker,
  uniqueId,
} from '../mqtt/testBroker.ts';
import { systemClock } from '../platform/clock.ts';
import { type HubCommand, hubTopic } from '../sync/hubProtocol.ts';
import { HubAgent, type HubAgentOptions } from './hubAgent.ts';
import type { LockDriver } from './lockDriver.ts';
import { SimulatedLock } from './simulatedLock.ts';

// Against the embedded broker, or the real one in MQTT_URL (CI: Mosquitto). Hub ids are unique per test.
let broker: TestBroker;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  broker = await startTestBroker();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await broker.close();
});

const testLatency = { min: 0, max: 20 };

function simLock(lockId: string, extra: Partial<ConstructorParameters<typeof SimulatedLock>[0]> = {}): SimulatedLock {
  return new SimulatedLock({ lockId, latencyMs: testLatency, ...extra });
}

type Unsent<T> = T extends unknown ? Omit<T, 'sentAt'> & { sentAt?: string } : never;

interface World {
  hubId: string;
  agent: HubAgent;
  watcher: RecordingSubscriber;
  send(command: Unsent<HubCommand>): Promise<unknown>;
  result(commandId: string): Promise<ReceivedMessage>;
  results(commandId: string): number;
}

/** A hub with the given drivers and a subscriber on all of its topics (subscribed before the hub starts). */
async function world(
  drivers: LockDriver[],
  options: Partial<HubAgentOptions> & { start?: boolean } = {},
): Promise<World> {
  const hubId = uniqueId('hub');
  const watcher = await RecordingSubscriber.connect(broker.url, [`keyway/v1/hubs/${hubId}/#`]);
  const agent = new HubAgent({
    hubId,
    mqttUrl: broker.url,
    drivers,
    logger: silentLogger,
    clock: systemClock,
    batteryIntervalMs: 0,
    ...options,
  });
  cleanups.push(async () => {
    await agent.stop();
    await watcher.publish(hubTopic(hubId, 'status'), '', { retain: true }); // leave no retained message on a shared broker
    await watcher.close();
  });
  if (options.start !== false) await agent.start();
  const isResult = (commandId: string) => (m: ReceivedMessage) =>
    m.topic === hubTopic(hubId, 'results') && (m.json as { commandId?: string }).commandId === commandId;
  return {
    hubId,
    agent,
    watcher,
    send: (command) => watcher.publish(hubTopic(hubId, 'commands'), { sentAt: new Date().toISOString(), ...command }),
    result: (commandId) => watcher.waitFor(isResult(commandId)),
    results: (commandId) => watcher.count(isResult(commandId)),
  };
}

const on = (hubId: string, channel: Parameters<typeof hubTopic>[1]) => (m: ReceivedMessage) =>
  m.topic === hubTopic(hubId, channel);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('HubAgent against a real broker', () => {
  it('publishes a retained online status on start', async () => {
    const { hubId, agent } = await world([simLock('front'), simLock('back')], { agentName: 'test-agent' });
    expect(agent.isOnline()).toBe(true);

    const latecomer = await RecordingSubscriber.connect(broker.url, [hubTopic(hubId, 'status')]);
    cleanups.push(() => latecomer.close());
    const status = await latecomer.waitFor(on(hubId, 'status'));
    expect(status.retain).toBe(true);
    expect(status.json).toMatchObject({ online: true, lockIds: ['front', 'back'], agent: 'test-agent' });
  });

  it('lets the broker publish the last will (offline) when unplugged, and executes nothing meanwhile', async () => {
    const lock = simLock('front');
    const { hubId, agent, send, results } = await world([lock]);
    const observer = await RecordingSubscriber.connect(broker.url, [hubTopic(hubId, 'status')]);
    cleanups.push(() => observer.close());
    await observer.waitFor((m) => (m.json as { online?: boolean }).online === true);

    agent.unplug();
    expect(agent.isOnline()).toBe(false);
    const will = await observer.waitFor((m) => (m.json as { online?: boolean }).online === false);
    expect(will.json).toEqual({ online: false });

    await send({ id: 'while-down', type: 'set_code', lockId: 'front', slot: 1, code: '4821' });
    await sleep(150);
    expect(lock.slots()).toEqual([]);
    expect(results('while-down')).toBe(0);
  });

  it('republishes online status and inventories on replug', async () => {
    const lock = simLock('front');
    await lock.setCode(2, '4821');
    const { hubId, agent, watcher, send, result } = await world([lock]);
    await watcher.waitFor(on(hubId, 'inventory'));
    agent.unplug();
    await watcher.waitFor(
      (m) => m.topic === hubTopic(hubId, 'status') && (m.json as { online?: boolean }).online === false,
    );
    const seen = watcher.messages.length;

    await agent.replug();
    expect(agent.isOnline()).toBe(true);
    const since = (match: (m: ReceivedMessage) => boolean) => (m: ReceivedMessage) =>
      watcher.messages.indexOf(m) >= seen && match(m);
    const status = await watcher.waitFor(since(on(hubId, 'status')));
    expect(status.json).toMatchObject({ online: true, lockIds: ['front'] });
    const inventory = await watcher.waitFor(since(on(hubId, 'inventory')));
    expect(inventory.json).toMatchObject({ lockId: 'front', slots: [{ slot: 2, code: '4821' }] });

    // and it takes commands again
    await send({ id: 'after-replug', type: 'clear_slot', lockId: 'front', slot: 2 });
    expect((await result('after-replug')).json).toMatchObject({ ok: true });
    expect(lock.slots()).toEqual([]);
  });

  it('executes set_code and answers ok; the lock holds the code', async () => {
    const lock = simLock('front');
    const { send, result } = await world([lock]);
    await send({ id: 'c1', type: 'set_code', lockId: 'front', slot: 4, code: '907153' });
    const answer = await result('c1');
    expect(answer.json).toMatchObject({ commandId: 'c1', lockId: 'front', ok: true });
    expect(typeof (answer.json as { at: unknown }).at).toBe('string');
    expect(lock.slots()).toEqual([{ slot: 4, code: '907153' }]);

    await send({ id: 'c2', type: 'clear_slot', lockId: 'front', slot: 4 });
    expect((await result('c2')).json).toMatchObject({ ok: true });
    expect(lock.slots()).toEqual([]);
  });

  it('executes a duplicate command id once but answers every copy', async () => {
    const lock = simLock('front', { latencyMs: { min: 20, max: 20 } });
    const setCode = vi.spyOn(lock, 'setCode');
    const { send, result, results } = await world([lock]);
    const command = { id: 'dup-1', type: 'set_code', lockId: 'front', slot: 1, code: '4821' } as const;
    await Promise.all([send(command), send(command)]); // the second arrives while the first is still running
    await result('dup-1');
    await vi.waitFor(() => expect(results('dup-1')).toBe(2));

    await send(command); // and once more after it finished
    await vi.waitFor(() => expect(results('dup-1')).toBe(3));
    expect(setCode).toHaveBeenCalledTimes(1);
    expect(lock.slots()).toEqual([{ slot: 1, code: '4821' }]);
  });

  it('answers lock_unreachable for a lock this hub does not drive', async () => {
    const { send, result } = await world([simLock('front')]);
    await send({ id: 'u1', type: 'set_code', lockId: 'elsewhere', slot: 1, code: '4821' });
    expect((await result('u1')).json).toMatchObject({
      commandId: 'u1',
      lockId: 'elsewhere',
      ok: false,
      error: 'lock_unreachable',
    });
  });

  it('maps driver failures to the contract failure codes', async () => {
    const lock = simLock('front', { codeLengths: [4] });
    await lock.setCode(1, '4821');
    const { send, result } = await world([lock]);
    console.time('f');
    await send({ id: 'f1', type: 'set_code', lockId: 'front', slot: 2, code: '4821' });
    expect((await result('f1')).json).toMatchObject({ ok: false, error: 'duplicate_on_lock' });
    await send({ id: 'f2', type: 'set_code', lockId: 'front', slot: 2, code: '482193' });
    expect((await result('f2')).json).toMatchObject({ ok: false, error: 'length_not_supported' });
    lock.failNext('no_free_slot');
    await send({ id: 'f3', type: 'clear_slot', lockId: 'front', slot: 2 });
    expect((await result('f3')).json).toMatchObject({ ok: false, error: 'no_free_slot' });
    lock.setReachable(false);
    await send({ id: 'f4', type: 'clear_slot', lockId: 'front', slot: 1 });
    expect((await result('f4')).json).toMatchObject({ ok: false, error: 'lock_unreachable' });
  });

  it('maps an unexpected driver error to rejected_by_lock', async () => {
    const lock = simLock('front');
    vi.spyOn(lock, 'setCode').mockRejectedValue(new TypeError('boom'));
    const { send, result } = await world([lock]);
    await send({ id: 'x1', type: 'set_code', lockId: 'front', slot: 1, code: '4821' });
    expect((await result('x1')).json).toMatchObject({ ok: false, error: 'rejected_by_lock' });
  });

  it('publishes a full inventory of every lock on connect and on report_inventory', async () => {
    const front = simLock('front', { battery: 77 });
    const back = simLock('back', { readableCodes: false, slotCount: 10, codeLengths: [4] });
    await front.setCode(3, '4821');
    await back.setCode(1, '1357');
    const { hubId, watcher, send, result } = await world([front, back]);

    const frontInventory = await watcher.waitFor(
      (m) => on(hubId, 'inventory')(m) && (m.json as { lockId: string }).lockId === 'front',
    );
    expect(frontInventory.json).toMatchObject({
      lockId: 'front',
      slotCount: 30,
      codeLengths: [4, 6],
      slots: [{ slot: 3, code: '4821' }],
      battery: 77,
    });
    const backInventory = await watcher.waitFor(
      (m) => on(hubId, 'inventory')(m) && (m.json as { lockId: string }).lockId === 'back',
    );
    expect(backInventory.json).toMatchObject({
      lockId: 'back',
      slotCount: 10,
      codeLengths: [4],
      slots: [{ slot: 1, code: null }],
      battery: 100,
    });

    await front.setCode(5, '246810');
    const before = watcher.count(on(hubId, 'inventory'));
    await send({ id: 'inv-1', type: 'report_inventory', lockId: 'front' });
    expect((await result('inv-1')).json).toMatchObject({ ok: true });
    expect(watcher.count(on(hubId, 'inventory'))).toBe(before + 1);
    expect(watcher.messages.filter(on(hubId, 'inventory')).at(-1)?.json).toMatchObject({
      lockId: 'front',
      slots: [
        { slot: 3, code: '4821' },
        { slot: 5, code: '246810' },
      ],
    });
  });

  it('publishes keypad use with the matching slot, and reachability changes', async () => {
    const lock = simLock('front');
    await lock.setCode(6, '4821');
    const { hubId, watcher } = await world([lock]);
    expect(lock.typeCode('4821')).toBe(true);
    lock.typeCode('9999');
    const events = () => watcher.messages.filter(on(hubId, 'events')).map((m) => m.json);
    await vi.waitFor(() => expect(events()).toHaveLength(2));
    expect(events()).toEqual([
      expect.objectContaining({ type: 'keypad', lockId: 'front', slot: 6, unlocked: true }),
      expect.objectContaining({ type: 'keypad', lockId: 'front', slot: null, unlocked: false }),
    ]);

    lock.setReachable(false);
    await watcher.waitFor(
      (m) =>
        (m.json as { type?: string; reachable?: boolean }).type === 'reachability' &&
        (m.json as { reachable?: boolean }).reachable === false,
    );
  });

  it('runs one operation at a time per lock and different locks in parallel', async () => {
    let running = 0;
    let maxPerLock = 0;
    const front = simLock('front', { latencyMs: { min: 15, max: 15 } });
    const back = simLock('back', { latencyMs: { min: 15, max: 15 } });
    let sawParallel = false;
    for (const lock of [front, back]) {
      let mine = 0;
      const original = lock.setCode.bind(lock);
      vi.spyOn(lock, 'setCode').mockImplementation(async (slot, code) => {
        mine++;
        running++;
        maxPerLock = Math.max(maxPerLock, mine);
        if (running > 1) sawParallel = true;
        try {
          await original(slot, code);
        } finally {
          mine--;
          running--;
        }
      });
    }
    const { send, result } = await world([front, back]);
    const ids = ['p1', 'p2', 'p3', 'p4'];
    await Promise.all([
      send({ id: 'p1', type: 'set_code', lockId: 'front', slot: 1, code: '1111' }),
      send({ id: 'p2', type: 'set_code', lockId: 'front', slot: 2, code: '2222' }),
      send({ id: 'p3', type: 'set_code', lockId: 'back', slot: 1, code: '3333' }),
      send({ id: 'p4', type: 'set_code', lockId: 'back', slot: 2, code: '4444' }),
    ]);
    for (const id of ids) expect((await result(id)).json).toMatchObject({ ok: true });
    expect(maxPerLock).toBe(1);
    expect(sawParallel).toBe(true);
  });

  it('ignores malformed commands and keeps working', async () => {
    const lock = simLock('front');
    const { hubId, watcher, send, result } = await world([lock]);
    await watcher.publish(hubTopic(hubId, 'commands'), 'not json');
    await watcher.publish(hubTopic(hubId, 'commands'), {
      id: 'bad',
      type: 'set_code',
      lockId: 'front',
      slot: 1,
      code: '12ab',
      sentAt: 'x',
    });
    await send({ id: 'good', type: 'set_code', lockId: 'front', slot: 1, code: '4821' });
    expect((await result('good')).json).toMatchObject({ ok: true });
    expect(
      watcher.count((m) => on(hubId, 'results')(m) && (m.json as { commandId?: string }).commandId === 'bad'),
    ).toBe(0);
  });

  it('publishes offline status on a clean stop', async () => {
    const { hubId, agent, watcher } = await world([simLock('front')]);
    await agent.stop();
    expect(agent.isOnline()).toBe(false);
    const offline = await watcher.waitFor(
      (m) => on(hubId, 'status')(m) && (m.json as { online?: boolean }).online === false,
    );
    expect(offline.json).toMatchObject({ online: false });
  });

  it('reports battery levels periodically when asked to', async () => {
    const lock = simLock('front', { battery: 42 });
    const { hubId, watcher } = await world([lock], { batteryIntervalMs: 40 });
    const event = await watcher.waitFor(
      (m) => on(hubId, 'events')(m) && (m.json as { type?: string }).type === 'battery',
    );
    expect(event.json).toMatchObject({ type: 'battery', lockId: 'front', level: 42 });
  });

  it('test seam: results can be dropped, duplicated and delayed', async () => {
    const { send, result, results } = await world([simLock('front')], {
      faults: {
        dropResult: (id) => id === 'lost',
        duplicateResult: (id) => id === 'twice',
        delayResultMs: (id) => (id === 'late' ? 150 : 0),
      },
    });
    await send({ id: 'lost', type: 'set_code', lockId: 'front', slot: 1, code: '1111' });
    await send({ id: 'twice', type: 'set_code', lockId: 'front', slot: 2, code: '2222' });
    await send({ id: 'late', type: 'set_code', lockId: 'front', slot: 3, code: '3333' });
    await send({ id: 'early', type: 'set_code', lockId: 'front', slot: 4, code: '4444' });
    await result('early');
    expect(results('late')).toBe(0); // overtaken
    await result('late');
    await vi.waitFor(() => expect(results('twice')).toBe(2));
    expect(results('lost')).toBe(0);
  });
});
