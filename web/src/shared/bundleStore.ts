/**
 * Sealed bundles this phone carries for its Bluetooth doors, fetched while online so "Deliver to door" works at a
 * door with no signal. A bundle is safe to keep: sealed with the lock's own key, the phone cannot read or alter it.
 *
 * The courier's rules decide when one is stale: each fetch supersedes the previous bundle (a higher counter), and
 * the lock refuses a counter it has already seen. So the phone keeps one bundle per lock, fetches a fresh one
 * whenever what it knows of that door changes (a new code, a guest code, a door turning pending) and on each load,
 * drops it once the door no longer waits for a phone, and a bundle the lock refused is gone for good.
 */
import type { BundleResponse } from '../../../src/http/wireTypes.ts';
import { BUNDLES, offlineTable } from './offlineDb.ts';

export interface CarriedBundle {
  userId: string;
  lockId: string;
  bundle: BundleResponse;
  fetchedAt: string;
}

export interface BundleStore {
  get(userId: string, lockId: string): Promise<CarriedBundle | undefined>;
  put(entry: CarriedBundle): Promise<void>;
  remove(userId: string, lockId: string): Promise<void>;
  list(userId: string): Promise<CarriedBundle[]>;
}

export function indexedDbBundleStore(): BundleStore {
  const table = offlineTable<CarriedBundle>(BUNDLES);
  return {
    get: (userId, lockId) => table.get([userId, lockId]),
    put: async (entry) => {
      await table.put(entry);
    },
    remove: async (userId, lockId) => {
      await table.delete([userId, lockId]);
    },
    list: async (userId) => (await table.all()).filter((b) => b.userId === userId),
  };
}

export function memoryBundleStore(): BundleStore {
  const rows = new Map<string, CarriedBundle>();
  const key = (userId: string, lockId: string) => `${userId}/${lockId}`;
  return {
    get: async (userId, lockId) => rows.get(key(userId, lockId)),
    put: async (entry) => {
      rows.set(key(entry.userId, entry.lockId), entry);
    },
    remove: async (userId, lockId) => {
      rows.delete(key(userId, lockId));
    },
    list: async (userId) => [...rows.values()].filter((b) => b.userId === userId),
  };
}

/** A bundle older than this is fetched again when online (the plan inside may have moved for other people). */
export const BUNDLE_MAX_AGE_MS = 6 * 60 * 60 * 1000;

export interface PrefetchInput {
  /** Locks whose door waits for a phone, each with what this phone knows of it (changes when the door does). */
  waiting: Map<string, string>;
  /** What the phone knew of each lock when it fetched the bundle it carries (this page's fetches only). */
  fetchedFor: Map<string, string>;
  carried: CarriedBundle[];
  /** Locks with a receipt not yet uploaded: a new bundle would supersede the one the lock just applied. */
  receiptsWaiting: Set<string>;
  now: Date;
}

/** Which bundles to fetch (new or stale) and which to drop (the door no longer waits). */
export function planPrefetch(input: PrefetchInput): { fetch: string[]; drop: string[] } {
  const carried = new Map(input.carried.map((b) => [b.lockId, b]));
  const fetch: string[] = [];
  for (const [lockId, basis] of input.waiting) {
    if (input.receiptsWaiting.has(lockId)) continue;
    const bundle = carried.get(lockId);
    const stale =
      !bundle ||
      input.fetchedFor.get(lockId) !== basis ||
      input.now.getTime() - Date.parse(bundle.fetchedAt) > BUNDLE_MAX_AGE_MS;
    if (stale) fetch.push(lockId);
  }
  const drop = [...carried.keys()].filter((lockId) => !input.waiting.has(lockId));
  return { fetch, drop };
}
