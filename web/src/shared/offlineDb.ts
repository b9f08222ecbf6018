/**
 * The phone's own store for what it carries between connections (IndexedDB, never the service worker's cache):
 * sealed Bluetooth bundles and the locks' receipts waiting to be uploaded. Neither holds a PIN in clear: a bundle
 * is sealed with the lock's key, and a receipt's slot list is sealed too.
 */
const NAME = 'keyway-offline';
const VERSION = 1;
export const BUNDLES = 'bundles';
export const RECEIPTS = 'receipts';

let opening: Promise<IDBDatabase> | undefined;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(NAME, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(BUNDLES)) db.createObjectStore(BUNDLES, { keyPath: ['userId', 'lockId'] });
      if (!db.objectStoreNames.contains(RECEIPTS))
        db.createObjectStore(RECEIPTS, { keyPath: 'id', autoIncrement: true });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  }).catch((error: unknown) => {
    opening = undefined; // try again next time (private mode may refuse once, a blocked upgrade may clear)
    throw error;
  });
  return opening;
}

/** One store's records, read or written in a transaction of their own. */
export function offlineTable<T>(store: typeof BUNDLES | typeof RECEIPTS) {
  // Settled when the transaction commits, not when the request succeeds: a queued receipt is on disk by then.
  const run = async <R>(mode: IDBTransactionMode, work: (s: IDBObjectStore) => IDBRequest<R>): Promise<R> => {
    const db = await open();
    return new Promise<R>((resolve, reject) => {
      const transaction = db.transaction(store, mode);
      const request = work(transaction.objectStore(store));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error ?? request.error);
      transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
    });
  };
  return {
    all: () => run('readonly', (s) => s.getAll() as IDBRequest<T[]>),
    get: (key: IDBValidKey) => run('readonly', (s) => s.get(key) as IDBRequest<T | undefined>),
    put: (value: T) => run('readwrite', (s) => s.put(value)),
    delete: (key: IDBValidKey) => run('readwrite', (s) => s.delete(key)),
  };
}
