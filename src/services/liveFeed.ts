/**
 * The live feed of one server process, shared by all its open `GET /me/events` streams. On a change (the change
 * feed, coalesced) or the safety poll, ONE query finds what is new since the last check — events in the
 * listeners' communities and a mark of each listening person's cards (repositories/liveFeed.ts) — and only the
 * people it concerns re-read their cards, once per person however many apps they have open. Before, every
 * connection ran its own two queries on every change: 1,000 open apps cost 2,000 queries per change.
 */
import type { LiveChanges, LiveEventRow } from '../store/repositories/liveFeed.ts';
import { liveChangesSince } from '../store/repositories/liveFeed.ts';
import { type ActivityView, eventConcerns, presentLiveEvents } from './activity.ts';
import type { CardView } from './cardView.ts';
import type { ServiceDeps } from './deps.ts';
import { getMyAccess } from './getMyAccess.ts';
import type { Principal } from './principal.ts';

type PersonPrincipal = Extract<Principal, { kind: 'person' }>;

/** One open stream: what it has been sent so far, and where to push. */
export interface LiveListener {
  principal: PersonPrincipal;
  /** The last event id this stream has seen (the newest at the moment it opened). */
  lastId: number;
  activity(entry: ActivityView): void;
  /** This person's cards, read fresh (they may be unchanged: the stream compares before pushing). */
  cards(cards: CardView[]): void;
}

/** The feed's reads, injectable so a test can count them. */
export interface LiveFeedReads {
  changes(q: { afterId: number; communityIds: string[]; personIds: string[]; limit: number }): Promise<LiveChanges>;
  cards(principal: PersonPrincipal): Promise<CardView[]>;
}

/**
 * Events that can change every card in their community (doors, units, settings, leases): rare, so every
 * listener there re-reads. Everything the sync engine moves shows in the marks instead.
 */
const STRUCTURAL =
  /^(community\.settings_changed|unit\.|access_point\.|lock\.(added|removed|updated|retiring)|residents?\.)/;
const BATCH = 500;

export interface LiveFeedOptions {
  /** Safety poll, ms: changes are pushed at once through the change feed; this catches a missed notice. */
  pollMs?: number;
  /** Every person re-reads their cards this often anyway (a new day changes which units are home), ms. */
  refreshMs?: number;
  reads?: LiveFeedReads;
}

export class LiveFeed {
  readonly #deps: Pick<ServiceDeps, 'db' | 'clock' | 'cipher' | 'caches' | 'logger'>;
  readonly #reads: LiveFeedReads;
  readonly #pollMs: number;
  readonly #refreshMs: number;
  readonly #listeners = new Set<LiveListener>();
  /** Each listening person's last card mark; a person missing here has not had their first read yet. */
  readonly #marks = new Map<string, string>();
  /** Streams that have not had their first cards yet: their people are read whatever the marks say. */
  readonly #waiting = new Set<LiveListener>();
  #lastRefresh = Date.now();
  #timer: NodeJS.Timeout | undefined;
  #scheduled = false;
  #running = false;
  #again = false;

  constructor(deps: Pick<ServiceDeps, 'db' | 'clock' | 'cipher' | 'caches' | 'logger'>, options: LiveFeedOptions = {}) {
    this.#deps = deps;
    this.#pollMs = options.pollMs ?? 1_000;
    this.#refreshMs = options.refreshMs ?? 5 * 60_000;
    this.#reads = options.reads ?? {
      changes: (q) => liveChangesSince(deps.db, q),
      cards: (principal) => getMyAccess(deps, principal),
    };
  }

  /** Adds a stream; its cards are read at once. Returns how to remove it. */
  subscribe(listener: LiveListener): () => void {
    this.#listeners.add(listener);
    this.#waiting.add(listener);
    this.#timer ??= setInterval(() => this.wake(), this.#pollMs).unref();
    this.wake();
    return () => {
      this.#listeners.delete(listener);
      this.#waiting.delete(listener);
      if (![...this.#listeners].some((l) => l.principal.personId === listener.principal.personId))
        this.#marks.delete(listener.principal.personId);
      if (this.#listeners.size === 0) this.close();
    };
  }

  /**
   * Asks for a check. Calls in the same tick share one (the change feed tells every stream at once); a call
   * while a check runs gets one follow-up after it, since that check may have read before the change.
   */
  wake(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      void this.#run();
    });
  }

  /** Stops the poll (the streams themselves are ended by their route). */
  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #run(): Promise<void> {
    if (this.#listeners.size === 0) return;
    this.#running = true;
    try {
      await this.#check();
    } catch (error) {
      this.#deps.logger.warn({ err: error }, 'live feed check failed');
    } finally {
      this.#running = false;
      if (this.#again) {
        this.#again = false;
        this.wake();
      }
    }
  }

  async #check(): Promise<void> {
    // Taken together, before any await: a stream that opens during this check waits for the next one.
    const listeners = [...this.#listeners];
    const waiting = listeners.filter((l) => this.#waiting.has(l));
    const people = new Map(listeners.map((l) => [l.principal.personId, l.principal]));
    const afterId = Math.min(...listeners.map((l) => l.lastId));
    const changes = await this.#reads.changes({
      afterId,
      communityIds: [...new Set(listeners.map((l) => l.principal.communityId))],
      personIds: [...people.keys()],
      limit: BATCH,
    });
    if (changes.events.length === BATCH) this.#again = true; // more to read: right after this one

    const affected = new Set(waiting.map((l) => l.principal.personId));
    if (Date.now() - this.#lastRefresh >= this.#refreshMs) {
      this.#lastRefresh = Date.now();
      for (const personId of people.keys()) affected.add(personId);
    }
    for (const { personId, mark } of changes.marks) {
      if (this.#marks.get(personId) !== mark) affected.add(personId);
      this.#marks.set(personId, mark);
    }
    for (const principal of people.values()) {
      const touched = changes.events.some((row) => touches(row, principal));
      if (touched) affected.add(principal.personId);
    }

    const views = await presentLiveEvents(this.#deps, changes.events);
    const newest = changes.events.at(-1)?.id;
    for (const listener of listeners) {
      const { personId } = listener.principal;
      for (const row of changes.events) {
        if (row.id <= listener.lastId || !eventConcerns(row, personId)) continue;
        const entry = views.get(row.id);
        if (entry) listener.activity(entry);
      }
      if (newest !== undefined) listener.lastId = Math.max(listener.lastId, newest);
    }

    for (const personId of affected) {
      const principal = people.get(personId);
      if (!principal) continue;
      const cards = await this.#reads.cards(principal);
      for (const listener of listeners) if (listener.principal.personId === personId) listener.cards(cards);
    }
    for (const listener of waiting) this.#waiting.delete(listener);
  }
}

/** Whether an event may change this person's cards: one about them, or one that reshapes their community. */
function touches(row: LiveEventRow, principal: PersonPrincipal): boolean {
  if (row.community_id !== principal.communityId) return false;
  return STRUCTURAL.test(row.type) || eventConcerns(row, principal.personId);
}
