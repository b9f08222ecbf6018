/**
 * Knowing when cached reads went stale, across every server process: triggers announce each committed
 * write on the `keyway_changes` channel (migration 0003), and every process listens. `generation()` moves
 * on with each announcement; a cache entry is good only for the generation it was read in. If the listener
 * is down, every read counts as stale — caching stops, correctness does not.
 */
import pg from 'pg';
import type { Database } from './database.ts';

export interface ChangeFeed {
  /** A number that changes whenever anything cached may have changed (or caching is off: always new). */
  generation(): number;
  /** This process wrote something: its own next read must not wait for the notification to come back. */
  touch(): void;
  /** Called after each change (for pushing live updates without polling). */
  onChange(listener: () => void): () => void;
  close(): Promise<void>;
}

export async function startChangeFeed(database: Database): Promise<ChangeFeed> {
  let generation = 0;
  let listening = false;
  const listeners = new Set<() => void>();
  const bump = () => {
    generation += 1;
    for (const listener of listeners) listener();
  };
  const onChange = (listener: () => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  const current = () => (listening ? generation : ++generation);

  if (database.pglite) {
    const unlisten = await database.pglite.listen('keyway_changes', bump);
    listening = true;
    return {
      generation: current,
      touch: bump,
      onChange,
      async close() {
        listening = false;
        await unlisten();
      },
    };
  }

  let client: pg.Client | undefined;
  let closed = false;
  const connect = async (): Promise<void> => {
    if (closed || !database.url) return;
    const next = new pg.Client({ connectionString: database.url });
    next.on('notification', bump);
    next.on('error', () => {
      listening = false;
      bump();
      setTimeout(() => void connect().catch(() => undefined), 1_000).unref();
    });
    await next.connect();
    await next.query('LISTEN keyway_changes');
    client = next;
    listening = true;
    bump(); // anything written while we were not listening is unknown
  };
  await connect().catch(() => undefined);
  return {
    generation: current,
    touch: bump,
    onChange,
    async close() {
      closed = true;
      listening = false;
      await client?.end().catch(() => undefined);
    },
  };
}

/** A small read cache keyed by string, valid for one change-feed generation. */
export class ReadCache<V> {
  readonly #entries = new Map<string, { generation: number; value: V }>();
  constructor(
    private readonly feed: ChangeFeed,
    private readonly maxEntries = 10_000,
  ) {}

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const generation = this.feed.generation();
    const hit = this.#entries.get(key);
    if (hit && hit.generation === generation) return hit.value;
    const value = await load();
    // Read at `generation`: if a change landed meanwhile the generation moved and this entry is born stale.
    if (this.#entries.size >= this.maxEntries) this.#entries.clear();
    this.#entries.set(key, { generation, value });
    return value;
  }
}
