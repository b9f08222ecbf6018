/**
 * The resident's phone as courier for Bluetooth doors, with or without a connection at the door.
 *
 * While online, the phone keeps a sealed bundle for each of its Bluetooth doors that waits for a phone (see
 * shared/bundleStore.ts for when one is fetched or dropped). "Deliver to door" with a connection does what it
 * always did: a fresh bundle, the lock, the receipt straight up. Without one, it hands the carried bundle to the
 * lock and queues the lock's receipt (shared/receiptQueue.ts); the door stays pending until the receipt is
 * uploaded, on the way back online or at the next load.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { BluetoothReceipt, BundleResponse } from '../../../src/http/wireTypes.ts';
import { type AnyDoor, ApiError, api, type Card, type GuestCode, type SimLock } from '../api.ts';
import { type BundleStore, indexedDbBundleStore, memoryBundleStore, planPrefetch } from '../shared/bundleStore.ts';
import { connectivity, isNetworkFailure } from '../shared/offline.ts';
import { flushReceipts, indexedDbReceiptStore, memoryReceiptStore, type ReceiptStore } from '../shared/receiptQueue.ts';

/** Why a delivery from what the phone carries did not happen, in words for the door's row. */
export class CourierError extends Error {
  constructor(readonly reason: 'nothing_carried' | 'out_of_date') {
    super(reason);
  }
}

export const COURIER_WORDS = {
  nothing_carried: 'No delivery for this door is saved on this phone. Connect to the internet once, then try again.',
  out_of_date: 'The lock already has newer changes than this phone carried. Connect to the internet to get them.',
} as const;

export const waitsForPhone = (door: AnyDoor) =>
  door.connectivity === 'bluetooth' &&
  (door.status === 'pending' || door.status === 'removing' || door.status === 'failed');

/**
 * The locks whose door waits for a phone, each with what this phone knows of it: every code of the resident's on
 * that door with its status. When that changes (a new code, a door turning pending) the carried bundle is stale.
 * Kept in memory only (it holds codes).
 */
export function waitingLocks(
  cards: Card[] | null,
  guestCodes: GuestCode[] | null,
  lockOf: (accessPointId: string) => string | undefined,
): Map<string, string> {
  const facts = new Map<string, string[]>();
  const note = (id: string, code: string, pending: string | null, door: AnyDoor) => {
    const lockId = lockOf(door.accessPointId);
    if (!lockId) return;
    facts.set(lockId, [...(facts.get(lockId) ?? []), `${id}:${code}:${pending ?? ''}:${door.status}`]);
  };
  for (const card of cards ?? []) for (const door of card.doors) note(card.id, card.code, card.pendingCode, door);
  for (const guest of guestCodes ?? []) for (const door of guest.doors) note(guest.id, guest.code, guest.status, door);
  const waiting = new Map<string, string>();
  const doorsWaiting = new Set(
    [...(cards ?? []).flatMap((c) => c.doors), ...(guestCodes ?? []).flatMap((g) => g.doors)]
      .filter(waitsForPhone)
      .map((d) => lockOf(d.accessPointId)),
  );
  for (const [lockId, list] of facts) if (doorsWaiting.has(lockId)) waiting.set(lockId, list.sort().join('|'));
  return waiting;
}

/** The air between phone and lock. Demo: the simulated lock lives in the server, so this is a call to it. */
function handOver(lockId: string, bundle: BundleResponse): Promise<BluetoothReceipt> {
  const { counter, sealed } = bundle;
  return api<BluetoothReceipt>('POST', `/sim/locks/${lockId}/bluetooth`, { lockId: bundle.lockId, counter, sealed });
}

const uploadReceipt = async (lockId: string, receipt: BluetoothReceipt) => {
  await api('POST', `/me/locks/${lockId}/receipt`, receipt);
};

/** IndexedDB when the browser gives it (private modes may not): else for this page only. */
function stores(): { bundles: BundleStore; receipts: ReceiptStore } {
  if (typeof indexedDB === 'undefined') return { bundles: memoryBundleStore(), receipts: memoryReceiptStore() };
  return { bundles: indexedDbBundleStore(), receipts: indexedDbReceiptStore() };
}

export interface Courier {
  /** A bundle for this lock is on the phone: the door can be reached without signal. */
  carries(lockId: string): boolean;
  /** The lock took this phone's bundle; its receipt waits for a connection to reach Keyway. */
  awaitsUpload(lockId: string): boolean;
  /** Deliver to the door: online the usual way, offline from what the phone carries. */
  deliver(lockId: string): Promise<void>;
}

export function useBluetoothCourier(options: {
  userId: string;
  cards: Card[] | null;
  guestCodes: GuestCode[] | null;
  simLocks: SimLock[] | null;
  online: boolean;
  /** Reload what the doors show (after a delivery or an upload). */
  reload: () => Promise<void>;
}): Courier {
  const { userId, cards, guestCodes, simLocks, online, reload } = options;
  const store = useMemo(stores, []);
  const [carried, setCarried] = useState<ReadonlySet<string>>(new Set());
  const [uploading, setUploading] = useState<ReadonlySet<string>>(new Set());
  const fetchedFor = useRef(new Map<string, string>());
  // Bumped after a delivery online, so the next render (with the doors reloaded) looks at the bundles again.
  const [delivered, setDelivered] = useState(0);
  // One piece of work at a time (upload, prefetch, offline delivery): they read and write the same stores.
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const serial = useCallback(<T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.current.then(work, work);
    queue.current = next.catch(() => undefined);
    return next;
  }, []);

  const waiting = useMemo(
    () => waitingLocks(cards, guestCodes, (ap) => simLocks?.find((l) => l.accessPointId === ap)?.lockId),
    [cards, guestCodes, simLocks],
  );
  const waitingRef = useRef(waiting);
  waitingRef.current = waiting;
  const waitingKey = [...waiting].map(([lockId, basis]) => `${lockId}=${basis}`).join(';');

  const refreshState = useCallback(async () => {
    const [bundles, receipts] = await Promise.all([store.bundles.list(userId), store.receipts.all()]);
    setCarried(new Set(bundles.map((b) => b.lockId)));
    setUploading(new Set(receipts.filter((r) => r.userId === userId).map((r) => r.lockId)));
  }, [store, userId]);

  const flush = useCallback(
    () =>
      serial(async () => {
        const result = await flushReceipts(store.receipts, userId, uploadReceipt);
        await refreshState();
        if (result.uploaded.length > 0 || result.refused.length > 0) await reload();
      }).catch(() => undefined),
    [serial, store, userId, refreshState, reload],
  );

  const prefetch = useCallback(
    () =>
      serial(async () => {
        if (connectivity().current() !== 'online') return;
        const receiptsWaiting = new Set(
          (await store.receipts.all()).filter((r) => r.userId === userId).map((r) => r.lockId),
        );
        const plan = planPrefetch({
          waiting: waitingRef.current,
          fetchedFor: fetchedFor.current,
          carried: await store.bundles.list(userId),
          receiptsWaiting,
          now: new Date(),
        });
        for (const lockId of plan.drop) {
          await store.bundles.remove(userId, lockId);
          fetchedFor.current.delete(lockId);
        }
        for (const lockId of plan.fetch) {
          const basis = waitingRef.current.get(lockId);
          try {
            const bundle = await api<BundleResponse>('GET', `/me/locks/${lockId}/bundle`);
            await store.bundles.put({ userId, lockId, bundle, fetchedAt: new Date().toISOString() });
            if (basis !== undefined) fetchedFor.current.set(lockId, basis);
          } catch {
            // Next change or load tries again; the door still works online meanwhile.
          }
        }
        await refreshState();
      }).catch(() => undefined),
    [serial, store, userId, refreshState],
  );

  // Receipts left from an earlier visit go up at load and each time the phone is back online.
  useEffect(() => {
    void refreshState().catch(() => undefined);
    void flush();
    return connectivity().onBackOnline(() => void flush());
  }, [flush, refreshState]);

  // Keep the carried bundles current while online: at load, on each change of a waiting door, when back online.
  // biome-ignore lint/correctness/useExhaustiveDependencies: waitingKey and delivered say when to look (waiting is read through a ref)
  useEffect(() => {
    if (online) void prefetch();
  }, [online, waitingKey, delivered, prefetch]);

  const deliverCarried = useCallback(
    (lockId: string) =>
      serial(async () => {
        const entry = await store.bundles.get(userId, lockId);
        if (!entry) throw new CourierError('nothing_carried');
        let receipt: BluetoothReceipt;
        try {
          receipt = await handOver(lockId, entry.bundle);
        } catch (error) {
          // The lock refused it: a newer bundle reached it first. This one will never do.
          if (error instanceof ApiError && error.code === 'conflict_state') {
            await store.bundles.remove(userId, lockId);
            fetchedFor.current.delete(lockId);
            await refreshState();
            throw new CourierError('out_of_date');
          }
          throw error;
        }
        // The lock has seen this counter now: the bundle is spent, the receipt is what counts.
        await store.receipts.add({ userId, lockId, receipt, deliveredAt: new Date().toISOString() });
        await store.bundles.remove(userId, lockId);
        fetchedFor.current.delete(lockId);
        await refreshState();
      }),
    [serial, store, userId, refreshState],
  );

  const deliver = useCallback(
    async (lockId: string) => {
      if (connectivity().current() === 'online') {
        try {
          await api('POST', `/sim/locks/${lockId}/phone-nearby`);
          // A fresh bundle went to the lock: the carried one is older than what the lock has seen.
          fetchedFor.current.delete(lockId);
          await reload();
          setDelivered((n) => n + 1);
          return;
        } catch (error) {
          if (!isNetworkFailure(error)) throw error;
          // The connection dropped on the way to the door: what the phone carries still works.
        }
      }
      await deliverCarried(lockId);
      if (connectivity().current() === 'online') void flush();
    },
    [deliverCarried, flush, reload],
  );

  return useMemo(
    () => ({ carries: (l: string) => carried.has(l), awaitsUpload: (l: string) => uploading.has(l), deliver }),
    [carried, uploading, deliver],
  );
}
