import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LockDriverError } from '../../src/hub/lockDriver.ts';
import { locks as locksTable } from '../../src/store/schema.ts';
import { openInventory, printInventory } from '../../src/sync/inventory.ts';
import {
  ALEX,
  BLAIR,
  type CardJson,
  cardsOf,
  eventually,
  MANAGER,
  settledCards,
  startTestKeyway,
  type TestKeyway,
} from '../support/testKeyway.ts';

let t: TestKeyway;
let alex: string;
let blair: string;
let manager: string;
let locks: { lockId: string; hubId: string | null; name: string; connectivity: string; online: boolean }[];

beforeAll(async () => {
  t = await startTestKeyway({ latency: '20-40' });
  alex = await t.login(ALEX);
  blair = await t.login(BLAIR);
  manager = await t.login(MANAGER);
  locks = (await t.request('GET', '/api/v1/sim/locks', { token: alex })).json().locks;
});
afterAll(() => t.close());

const lock = (name: string) => {
  const found = locks.find((l) => l.name === name);
  if (!found) throw new Error(`no lock ${name}`);
  return found;
};
const keypad = async (name: string, code: string) =>
  (await t.request('POST', `/api/v1/sim/locks/${lock(name).lockId}/keypad`, { token: manager, body: { code } })).json()
    .unlocked as boolean;
const slotsOf = async (name: string) =>
  (await t.request('GET', `/api/v1/sim/locks/${lock(name).lockId}`, { token: manager })).json().slots as {
    slot: number;
    code: string;
  }[];
const change = async (token: string, card: CardJson, body: { length: number } | { code: string }) => {
  t.clock.advance(3_100);
  const response = await t.request(
    'POST',
    `/api/v1/me/access/cards/${card.id}/${'code' in body ? 'pick' : 'generate'}`,
    { token, body },
  );
  expect(response.statusCode).toBe(202);
  const updated = response.json().card as CardJson;
  return updated.pendingCode ?? updated.code;
};
const hubOnline = (name: string, online: boolean) =>
  t.request('POST', `/api/v1/sim/hubs/${lock(name).hubId}/online`, { token: manager, body: { online } });

describe('hub locks', () => {
  it('a generated home code reaches the door: new code opens, old one no longer does', async () => {
    const { home } = await settledCards(t, alex);
    const oldCode = home.code;
    expect(await keypad('Unit 101 Front Door', oldCode)).toBe(true);
    const newCode = await change(alex, home, { length: 4 });
    const settled = await settledCards(t, alex);
    expect(settled.home).toMatchObject({ code: newCode, pendingCode: null });
    expect(await keypad('Unit 101 Front Door', newCode)).toBe(true);
    expect(await keypad('Unit 101 Front Door', oldCode)).toBe(false);
    expect((await slotsOf('Unit 101 Front Door')).map((s) => s.code)).toEqual([newCode]);
  });

  it('with the hub unplugged the change waits (hub_offline) and the old code keeps working; replugged, it converges', async () => {
    const { home } = await settledCards(t, alex);
    const oldCode = home.code;
    await hubOnline('Unit 101 Front Door', false);
    const newCode = await change(alex, home, { code: '3870' });
    const waiting = await eventually(async () => {
      const card = (await cardsOf(t, alex)).home;
      return card.doors[0]?.reason === 'hub_offline' ? card : undefined;
    });
    expect(waiting).toMatchObject({
      code: oldCode,
      pendingCode: newCode,
      doors: [{ status: 'pending', reason: 'hub_offline' }],
    });
    expect(await keypad('Unit 101 Front Door', oldCode)).toBe(true);
    expect(await keypad('Unit 101 Front Door', newCode)).toBe(false);
    await hubOnline('Unit 101 Front Door', true);
    expect((await settledCards(t, alex)).home).toMatchObject({ code: newCode, pendingCode: null });
    expect(await keypad('Unit 101 Front Door', newCode)).toBe(true);
    expect(await keypad('Unit 101 Front Door', oldCode)).toBe(false);
  });

  it('community codes reach every community door and amenity, and keypad use becomes activity', async () => {
    const { community } = await settledCards(t, alex);
    const code = await change(alex, community, { length: 4 });
    await settledCards(t, alex);
    for (const door of ['Main Gate', 'Lobby', 'Pool']) expect(await keypad(door, code)).toBe(true);
    const entry = await eventually(async () => {
      const activity = (await t.request('GET', '/api/v1/me/activity?type=lock.opened', { token: alex })).json()
        .activity;
      return activity.find((a: { doorName: string }) => a.doorName === 'Pool');
    });
    expect(entry.text).toBe('Your code opened Pool'); // the resident reads their own activity
  });

  it('finds codes Keyway did not put on a lock, shows them to managers, and never overwrites them', async () => {
    const gate = t.keyway.sim!.hubLock(lock('Main Gate').lockId)!;
    await gate.setCode(29, '555012');
    await gate.setCode(30, '7777');
    await hubOnline('Main Gate', false);
    await hubOnline('Main Gate', true); // reconnect → full inventory
    const health = await eventually(async () => {
      const all = (await t.request('GET', '/api/v1/locks', { token: manager })).json().locks;
      const main = all.find((l: { name: string }) => l.name === 'Main Gate');
      return main?.unmanagedSlots.length === 2 ? main : undefined;
    });
    expect(health.unmanagedSlots).toEqual([29, 30]);
    expect(health).toMatchObject({
      online: true,
      battery: 100,
      syncLatencyMs: { p50: expect.any(Number), p95: expect.any(Number) },
    });
    const { community } = await settledCards(t, alex);
    await change(alex, community, { length: 4 });
    await settledCards(t, alex);
    const slots = await slotsOf('Main Gate');
    expect(slots).toContainEqual({ slot: 29, code: '555012' });
    expect(slots).toContainEqual({ slot: 30, code: '7777' });
    expect((await t.request('GET', '/api/v1/locks', { token: alex })).json().error.code).toBe('forbidden');
  });

  it('a lock that refuses a code for good is not asked again; the next code goes out', async () => {
    const door = t.keyway.sim!.hubLock(lock('Unit 101 Front Door').lockId)!;
    const setCode = door.setCode.bind(door);
    let attempts = 0;
    door.setCode = async () => {
      attempts++;
      throw new LockDriverError('rejected_by_lock', 'test: the lock refuses every code');
    };
    try {
      const { home } = await settledCards(t, alex);
      await change(alex, home, { length: 4 });
      await eventually(async () => ((await cardsOf(t, alex)).home.doors[0]?.status === 'failed' ? true : undefined));
      const afterFailure = attempts;
      for (let i = 0; i < 5; i++) {
        t.clock.advance(60_000);
        await t.keyway.sync.sweepNow();
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(afterFailure).toBe(1);
      expect(attempts).toBe(1);
    } finally {
      door.setCode = setCode;
    }
    const { home } = await cardsOf(t, alex);
    const next = await change(alex, home, { length: 4 });
    expect((await settledCards(t, alex)).home).toMatchObject({ code: next, pendingCode: null });
  });
});

describe('Bluetooth lock', () => {
  it('keeps the old code until a phone delivers the change; only the receipt makes it active', async () => {
    const door = 'Unit 102 Front Door';
    await t.request('POST', `/api/v1/sim/locks/${lock(door).lockId}/phone-nearby`, { token: blair });
    const before = (await cardsOf(t, blair)).home;
    expect(before.doors[0]).toMatchObject({ status: 'active' });
    const newCode = await change(blair, before, { code: '4962' });
    const pending = await eventually(async () => {
      const card = (await cardsOf(t, blair)).home;
      return card.doors[0]?.reason === 'awaiting_phone' ? card : undefined;
    });
    expect(pending).toMatchObject({
      code: before.code,
      pendingCode: newCode,
      doors: [{ status: 'pending', reason: 'awaiting_phone' }],
    });
    expect(await keypad(door, before.code)).toBe(true);
    expect(await keypad(door, newCode)).toBe(false);
    const delivered = await t.request('POST', `/api/v1/sim/locks/${lock(door).lockId}/phone-nearby`, { token: blair });
    expect(delivered.json()).toEqual({ delivered: 1 });
    expect((await cardsOf(t, blair)).home).toMatchObject({
      code: newCode,
      pendingCode: null,
      doors: [{ status: 'active' }],
    });
    expect(await keypad(door, newCode)).toBe(true);
    expect(await keypad(door, before.code)).toBe(false);
  });

  it('a phone cannot read, forge or replay: bundles are ciphertext, forged and replayed receipts are refused', async () => {
    const door = lock('Unit 102 Front Door');
    const before = (await cardsOf(t, blair)).home;
    const newCode = await change(blair, before, { code: '5083' });
    const bundle = (await t.request('GET', `/api/v1/me/locks/${door.lockId}/bundle`, { token: blair })).json();
    expect(bundle.operations).toBe(1);
    expect(JSON.stringify(bundle)).not.toContain(newCode);
    const bleLock = t.keyway.sim!.bluetoothLock(door.lockId)!;
    const receipt = await bleLock.deliver({ lockId: bundle.lockId, counter: bundle.counter, sealed: bundle.sealed });
    expect(JSON.stringify(receipt)).not.toContain(newCode);

    const forged = {
      ...receipt,
      results: receipt.results.map((r) => ({ ...r, ok: false, error: 'rejected_by_lock' })),
    };
    const refused = await t.request('POST', `/api/v1/me/locks/${door.lockId}/receipt`, { token: blair, body: forged });
    expect([refused.statusCode, refused.json().error.code]).toEqual([422, 'receipt_rejected']);

    expect(
      (await t.request('POST', `/api/v1/me/locks/${door.lockId}/receipt`, { token: blair, body: receipt })).statusCode,
    ).toBe(200);
    const replay = await t.request('POST', `/api/v1/me/locks/${door.lockId}/receipt`, { token: blair, body: receipt });
    expect([replay.statusCode, replay.json().error.code]).toEqual([422, 'receipt_rejected']);
    await expect(
      bleLock.deliver({ lockId: bundle.lockId, counter: bundle.counter, sealed: bundle.sealed }),
    ).rejects.toThrow(/replay/);
    expect((await cardsOf(t, blair)).home).toMatchObject({ code: newCode, doors: [{ status: 'active' }] });

    const stranger = await t.request('GET', `/api/v1/me/locks/${door.lockId}/bundle`, { token: alex });
    expect(stranger.json().error.code).toBe('not_found');
  });
});

describe('move-out', () => {
  it('removes every code of the resident from every lock; an unreachable lock is listed with its cause and catches up later', async () => {
    const casey = await t.request('POST', '/api/v1/residents', {
      token: manager,
      body: {
        name: 'Casey Lane',
        email: 'casey@maplecourt.example',
        unit: '101',
        moveIn: '2026-01-01',
        password: 'casey-password',
      },
    });
    const caseyId = casey.json().resident.id as string;
    const caseyToken = await t.login('casey@maplecourt.example', 'casey-password');
    const cards = await settledCards(t, caseyToken);
    await hubOnline('Main Gate', false);
    const response = await t.request('POST', `/api/v1/residents/${caseyId}/move-out`, { token: manager });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ revokedCodes: 2 });
    const removals = await eventually(async () => {
      const r = (await t.request('GET', `/api/v1/residents/${caseyId}/removals`, { token: manager })).json().removals;
      const gate = r.find((x: { doorName: string }) => x.doorName === 'Main Gate');
      const unit = r.find((x: { doorName: string }) => x.doorName === 'Unit 101 Front Door');
      return gate?.reason === 'hub_offline' && unit?.status === 'removed' ? r : undefined;
    });
    expect(removals.map((r: { doorName: string }) => r.doorName).sort()).toEqual([
      'Lobby',
      'Main Gate',
      'Pool',
      'Unit 101 Front Door',
    ]);
    expect(await keypad('Unit 101 Front Door', cards.home.code)).toBe(false);
    expect(await keypad('Main Gate', cards.community.code)).toBe(true); // the gate has not heard yet
    await hubOnline('Main Gate', true);
    await eventually(async () => {
      const r = (await t.request('GET', `/api/v1/residents/${caseyId}/removals`, { token: manager })).json().removals;
      return r.every((x: { status: string }) => x.status === 'removed') ? r : undefined;
    });
    for (const door of ['Main Gate', 'Lobby', 'Pool']) expect(await keypad(door, cards.community.code)).toBe(false);
    // Moved out: the lease has ended, so the session is gone (401) rather than an empty card list.
    expect((await t.request('GET', '/api/v1/me/access', { token: caseyToken })).statusCode).toBe(401);
    const listed = (await t.request('GET', '/api/v1/residents', { token: manager })).json().residents;
    expect(listed.find((r: { id: string }) => r.id === caseyId).moveOut).toBeTruthy();
  });
});

describe('live status over SSE', () => {
  it('streams the cards at once and again when a door changes', async () => {
    await t.keyway.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.keyway.app.server.address() as { port: number };
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${address.port}/api/v1/me/events`, {
      headers: { authorization: `Bearer ${alex}` },
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    let text = '';
    const readUntil = async (predicate: (s: string) => boolean) => {
      const deadline = Date.now() + 10_000;
      while (!predicate(text) && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      return predicate(text);
    };
    expect(await readUntil((s) => s.includes('event: cards'))).toBe(true);
    const { home } = await settledCards(t, alex);
    text = '';
    const newCode = await change(alex, home, { length: 4 });
    expect(await readUntil((s) => s.includes(`"code":"${newCode}","origin":"generated","pendingCode":null`))).toBe(
      true,
    );
    controller.abort();
  });
});

describe('stored inventories', () => {
  it('the prints stored beside each inventory are those of its codes (what a pass matches against)', async () => {
    const { home } = await settledCards(t, alex);
    await change(alex, home, { length: 4 });
    await settledCards(t, alex);
    const { cipher, db } = t.keyway.deps;
    const stored = await db
      .select({ id: locksTable.id, sealed: locksTable.inventoryEnc, prints: locksTable.inventoryPrints })
      .from(locksTable);
    const inventoried = stored.filter((l) => l.sealed !== null);
    expect(inventoried.length).toBeGreaterThan(3);
    for (const l of inventoried) {
      const slots = openInventory(cipher, l.id, l.sealed) ?? [];
      expect(l.prints, l.id).toEqual(printInventory(cipher, slots));
    }
  });
});
