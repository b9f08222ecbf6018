// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import type { BluetoothReceipt } from '../../../src/http/wireTypes.ts';
import { ApiError } from '../api.ts';
import { BUNDLE_MAX_AGE_MS, type CarriedBundle, planPrefetch } from './bundleStore.ts';
import { flushReceipts, memoryReceiptStore, refusedForGood } from './receiptQueue.ts';

const BLAIR = 'user-blair';
const receipt = (lockId: string, counter: number): BluetoothReceipt => ({
  lockId,
  counter,
  results: [],
  inventorySealed: 'sealed',
  accessLog: [],
  battery: 90,
  mac: `mac-${lockId}-${counter}`,
});

async function queueOf(entries: [userId: string, lockId: string, counter: number][]) {
  const store = memoryReceiptStore();
  for (const [userId, lockId, counter] of entries)
    await store.add({ userId, lockId, receipt: receipt(lockId, counter), deliveredAt: '2026-06-15T15:00:00Z' });
  return store;
}

describe('the receipt queue', () => {
  it('uploads each of this person’s receipts once, oldest counter first, and empties', async () => {
    const store = await queueOf([
      [BLAIR, 'front', 8],
      [BLAIR, 'front', 7],
      [BLAIR, 'gym', 3],
    ]);
    const sent: string[] = [];
    const result = await flushReceipts(store, BLAIR, async (lockId, r) => {
      sent.push(`${lockId}#${r.counter}`);
    });
    expect(sent).toEqual(['gym#3', 'front#7', 'front#8']);
    expect(result).toEqual({ uploaded: ['gym', 'front', 'front'], refused: [], waiting: 0 });
    expect(await store.all()).toEqual([]);
    const again = vi.fn(async () => undefined);
    await flushReceipts(store, BLAIR, again);
    expect(again).not.toHaveBeenCalled();
  });

  it('keeps everything when the network fails, and sends it all on the next try', async () => {
    const store = await queueOf([
      [BLAIR, 'front', 7],
      [BLAIR, 'front', 8],
    ]);
    const offline = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await flushReceipts(store, BLAIR, offline)).toEqual({ uploaded: [], refused: [], waiting: 2 });
    expect(offline).toHaveBeenCalledTimes(1); // stops at the first: the next must not overtake it
    expect(await store.all()).toHaveLength(2);
    const online = vi.fn(async () => undefined);
    expect((await flushReceipts(store, BLAIR, online)).uploaded).toEqual(['front', 'front']);
    expect(await store.all()).toEqual([]);
  });

  it('keeps a receipt the server could not take now (5xx, signed out, rate limited)', async () => {
    for (const [status, code] of [
      [503, 'internal_error'],
      [401, 'unauthenticated'],
      [429, 'rate_limited'],
    ] as const) {
      const store = await queueOf([[BLAIR, 'front', 7]]);
      const result = await flushReceipts(store, BLAIR, async () => {
        throw new ApiError(status, code, 'not now');
      });
      expect(result.waiting, code).toBe(1);
      expect(await store.all(), code).toHaveLength(1);
    }
  });

  it('drops a receipt Keyway refused for good (already delivered by another phone) and goes on', async () => {
    const store = await queueOf([
      [BLAIR, 'front', 7],
      [BLAIR, 'front', 8],
    ]);
    const result = await flushReceipts(store, BLAIR, async (_lockId, r) => {
      if (r.counter === 7) throw new ApiError(422, 'receipt_rejected', 'This receipt was already delivered.');
    });
    expect(result).toEqual({ uploaded: ['front'], refused: ['front'], waiting: 0 });
    expect(await store.all()).toEqual([]);
  });

  it('uploads only the signed-in person’s receipts: another’s wait for them', async () => {
    const store = await queueOf([
      [BLAIR, 'front', 7],
      ['user-alex', 'gate', 2],
    ]);
    const sent: string[] = [];
    await flushReceipts(store, BLAIR, async (lockId) => {
      sent.push(lockId);
    });
    expect(sent).toEqual(['front']);
    expect((await store.all()).map((e) => e.userId)).toEqual(['user-alex']);
  });

  it('tells a final refusal from a passing one', () => {
    expect(refusedForGood(new ApiError(422, 'receipt_rejected', ''))).toBe(true);
    expect(refusedForGood(new ApiError(404, 'not_found', ''))).toBe(true);
    expect(refusedForGood(new ApiError(500, 'internal_error', ''))).toBe(false);
    expect(refusedForGood(new ApiError(403, 'forbidden', ''))).toBe(false);
    expect(refusedForGood(new TypeError('Failed to fetch'))).toBe(false);
  });
});

describe('which bundles the phone fetches and drops', () => {
  const now = new Date('2026-06-15T15:00:00Z');
  const carried = (lockId: string, fetchedAt = now.toISOString()): CarriedBundle => ({
    userId: BLAIR,
    lockId,
    bundle: { lockId, counter: 4, sealed: 'x', operations: 1 },
    fetchedAt,
  });
  const plan = (over: Partial<Parameters<typeof planPrefetch>[0]>) =>
    planPrefetch({ waiting: new Map(), fetchedFor: new Map(), carried: [], receiptsWaiting: new Set(), now, ...over });

  it('fetches for a door that waits and has nothing on the phone', () => {
    expect(plan({ waiting: new Map([['front', 'a']]) })).toEqual({ fetch: ['front'], drop: [] });
  });

  it('keeps a bundle fetched for what the door is now, fetches again when the door changed', () => {
    const same = { waiting: new Map([['front', 'a']]), fetchedFor: new Map([['front', 'a']]) };
    expect(plan({ ...same, carried: [carried('front')] })).toEqual({ fetch: [], drop: [] });
    expect(plan({ ...same, waiting: new Map([['front', 'b']]), carried: [carried('front')] }).fetch).toEqual(['front']);
  });

  it('fetches again at each load (what the bundle was made for is not kept) and when it is too old', () => {
    expect(plan({ waiting: new Map([['front', 'a']]), carried: [carried('front')] }).fetch).toEqual(['front']);
    const old = new Date(now.getTime() - BUNDLE_MAX_AGE_MS - 1).toISOString();
    expect(
      plan({
        waiting: new Map([['front', 'a']]),
        fetchedFor: new Map([['front', 'a']]),
        carried: [carried('front', old)],
      }).fetch,
    ).toEqual(['front']);
  });

  it('drops the bundle of a door that no longer waits for a phone', () => {
    expect(plan({ carried: [carried('front')] })).toEqual({ fetch: [], drop: ['front'] });
  });

  it('fetches nothing for a lock whose receipt has not gone up yet (it would supersede what the lock applied)', () => {
    expect(plan({ waiting: new Map([['front', 'a']]), receiptsWaiting: new Set(['front']) }).fetch).toEqual([]);
  });
});
