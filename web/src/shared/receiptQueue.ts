/**
 * Receipts a Bluetooth lock gave this phone while it had no connection, kept until Keyway has them. Only a
 * receipt makes a Bluetooth change active, so none is lost: each waits on disk, goes up in the order the lock
 * wrote them, and leaves the queue once Keyway took it — or refused it for good (already delivered by another
 * phone, not for this person's doors any more). A network failure or a server error keeps it for next time.
 */
import type { BluetoothReceipt } from '../../../src/http/wireTypes.ts';
import { ApiError } from '../api.ts';
import { offlineTable, RECEIPTS } from './offlineDb.ts';

export interface QueuedReceipt {
  id?: number;
  /** Whose phone carried it: another person signing in on this phone does not upload it as theirs. */
  userId: string;
  lockId: string;
  receipt: BluetoothReceipt;
  deliveredAt: string;
}

export interface ReceiptStore {
  add(entry: QueuedReceipt): Promise<void>;
  all(): Promise<QueuedReceipt[]>;
  remove(id: number): Promise<void>;
}

export function indexedDbReceiptStore(): ReceiptStore {
  const table = offlineTable<QueuedReceipt>(RECEIPTS);
  return {
    add: async (entry) => {
      await table.put(entry);
    },
    all: () => table.all(),
    remove: async (id) => {
      await table.delete(id);
    },
  };
}

/** For tests, and for a browser that refuses IndexedDB (the queue then lasts as long as the page). */
export function memoryReceiptStore(): ReceiptStore {
  const rows = new Map<number, QueuedReceipt>();
  let next = 1;
  return {
    add: async (entry) => {
      const id = next++;
      rows.set(id, { ...entry, id });
    },
    all: async () => [...rows.values()],
    remove: async (id) => {
      rows.delete(id);
    },
  };
}

/** Whether Keyway's answer settles a receipt for good (no point sending it again). */
export function refusedForGood(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false; // no answer: the network
  if (error.status === 401 || error.status === 403 || error.status === 408 || error.status === 429) return false;
  return error.status >= 400 && error.status < 500;
}

export interface FlushResult {
  /** Locks whose receipt Keyway took: their doors have moved. */
  uploaded: string[];
  /** Locks whose receipt Keyway refused for good (replayed, or the lock is not this person's any more). */
  refused: string[];
  /** Receipts still waiting (the network failed, or the server did). */
  waiting: number;
}

/**
 * Uploads this person's queued receipts, oldest counter first per lock. Stops at the first that cannot go now:
 * a later one of the same lock must not overtake it, and the network is likely down for all.
 */
export async function flushReceipts(
  store: ReceiptStore,
  userId: string,
  upload: (lockId: string, receipt: BluetoothReceipt) => Promise<void>,
): Promise<FlushResult> {
  const queue = (await store.all())
    .filter((entry) => entry.userId === userId)
    .sort((a, b) => a.receipt.counter - b.receipt.counter || (a.id ?? 0) - (b.id ?? 0));
  const result: FlushResult = { uploaded: [], refused: [], waiting: 0 };
  for (const [index, entry] of queue.entries()) {
    try {
      await upload(entry.lockId, entry.receipt);
      result.uploaded.push(entry.lockId);
    } catch (error) {
      if (!refusedForGood(error)) {
        result.waiting = queue.length - index;
        return result;
      }
      result.refused.push(entry.lockId);
    }
    if (entry.id !== undefined) await store.remove(entry.id);
  }
  return result;
}
