/**
 * Projects the events outbox into Seam's events (`seam_events`) and queues one webhook delivery per endpoint that
 * wants each of them, in the same transaction as moving the cursor: an event is projected exactly once, and its
 * deliveries exist as soon as it does. The cursor row ('seam' in `outbox_cursors`) is locked FOR UPDATE SKIP LOCKED,
 * so one process projects at a time and the others skip the round.
 *
 * The outbox is read in id order, but ids come from a sequence: a transaction that took id 10 may commit after one
 * that took id 11. At a gap the projection settles the missing id (settleOutboxGap): an id that can never come
 * (rolled back, deduplicated) gets a filler row and is passed; an id whose transaction is still open makes the round
 * stop there, and the next round looks again. Only a transaction open for more than GAP_GRACE_MS of wall time (none
 * of Keyway's is; a stuck session might be) is passed without its event, with a warning, rather than stalling
 * every webhook behind it.
 */
import type { Logger } from 'pino';
import {
  accessCodeIdsNamed,
  hubIdsNamed,
  type OutboxEvent,
  seamEventsFor,
} from '../../domain/seam/seamEventMapping.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Random } from '../../platform/random.ts';
import type { Db, Tx } from '../../store/database.ts';
import {
  advanceOutboxCursor,
  connectedAccountsOf,
  insertSeamEvents,
  integrationCodeFacts,
  lockOutboxCursor,
  locksOfHubs,
  type NewSeamEvent,
  outboxEventsAfter,
  outboxHasNewEvents,
  receivingEndpoints,
  settleOutboxGap,
} from '../../store/repositories/seamEvents.ts';
import { insertWebhookDeliveries } from '../../store/repositories/webhooks.ts';

export const SEAM_CURSOR = 'seam';
const BATCH = 500;
/** How long one round waits for an open transaction holding a missing id before trying again next round. */
const GAP_WAIT_MS = 50;
/** Wall time an open transaction may hold the projection up at one gap (real time: transactions take real time). */
const GAP_GRACE_MS = 5 * 60_000;

export interface ProjectionDeps {
  db: Db;
  clock: Clock;
  random: Random;
  logger: Logger;
}

/** `more`: a full batch went through; `blocked`: waiting at a gap; `busy`: another process is projecting. */
export type ProjectionStep = 'done' | 'more' | 'blocked' | 'busy';

export class SeamProjection {
  readonly #deps: ProjectionDeps;
  /** The missing event id the projection waits at, and since when (wall ms). */
  #gap: { id: number; since: number } | undefined;

  constructor(deps: ProjectionDeps) {
    this.#deps = deps;
  }

  /** Projects what is committed, batch by batch, until caught up (or held at a gap, or another process has it). */
  async run(): Promise<ProjectionStep> {
    if (!(await outboxHasNewEvents(this.#deps.db, SEAM_CURSOR))) return 'done';
    for (;;) {
      const step = await this.step();
      if (step !== 'more') return step;
    }
  }

  async step(): Promise<ProjectionStep> {
    const { db, clock, random } = this.#deps;
    return db.transaction(async (tx) => {
      const cursor = await lockOutboxCursor(tx, SEAM_CURSOR);
      if (cursor === null) return 'busy';
      const batch = await outboxEventsAfter(tx, cursor, BATCH);
      if (batch.length === 0) return 'done';
      const taken: OutboxEvent[] = [];
      let last = cursor;
      let stop: ProjectionStep | undefined;
      for (const event of batch) {
        while (event.id > last + 1 && stop === undefined) {
          const gap = await settleOutboxGap(tx, last + 1, clock.now(), GAP_WAIT_MS);
          if (gap === 'filled' || (gap === 'open' && this.#gapExpired(last + 1))) last += 1;
          else stop = gap === 'committed' ? 'more' : 'blocked'; // committed meanwhile: read again from there
        }
        if (stop !== undefined) break;
        if (event.communityId !== null) taken.push({ ...event, communityId: event.communityId });
        last = event.id;
      }
      if (last !== cursor) {
        await this.#project(tx, taken, clock.now(), random);
        await advanceOutboxCursor(tx, SEAM_CURSOR, last);
      }
      if (stop !== 'blocked') this.#gap = undefined;
      return stop ?? (batch.length === BATCH ? 'more' : 'done');
    });
  }

  /** Whether the transaction holding `id` has kept it open past the grace (first seen open now: not yet). */
  #gapExpired(id: number): boolean {
    const now = Date.now();
    if (this.#gap?.id !== id) {
      this.#gap = { id, since: now };
      return false;
    }
    if (now - this.#gap.since < GAP_GRACE_MS) return false;
    this.#deps.logger.warn({ eventId: id }, 'seam projection passed an event id held by a transaction open too long');
    this.#gap = undefined;
    return true;
  }

  async #project(tx: Tx, events: OutboxEvent[], now: Date, random: Random): Promise<void> {
    if (events.length === 0) return;
    const facts = {
      integrationCodes: await integrationCodeFacts(tx, events.flatMap(accessCodeIdsNamed)),
      hubLocks: await locksOfHubs(tx, events.flatMap(hubIdsNamed)),
    };
    const drafted = events.flatMap((event) => seamEventsFor(event, facts).map((draft) => ({ event, draft })));
    if (drafted.length === 0) return;
    // The account a device is reached through, as /devices shows it: its hub, the community's Seam account for a
    // cloud lock, else (Bluetooth, or a lock no longer there) the community itself.
    const accounts = await connectedAccountsOf(
      tx,
      drafted.flatMap(({ draft }) => (draft.deviceId ? [draft.deviceId] : [])),
    );
    const rows: NewSeamEvent[] = drafted.map(({ event, draft }) => {
      const id = random.uuid();
      return {
        id,
        communityId: event.communityId,
        sourceEventId: event.id,
        eventType: draft.eventType,
        deviceId: draft.deviceId,
        accessCodeId: draft.accessCodeId,
        occurredAt: draft.occurredAt,
        // Seam's created_at is when the event was made, occurred_at when it happened: a keypad use may be reported
        // late (a hub's queue, a phone uploading a Bluetooth lock's log) and is stamped with the lock's time.
        createdAt: now,
        // Seam's event, exactly as served and delivered (the fake's field order).
        payload: {
          event_id: id,
          created_at: now.toISOString(),
          occurred_at: draft.occurredAt.toISOString(),
          event_description: draft.description,
          event_type: draft.eventType,
          workspace_id: event.communityId,
          ...(draft.deviceId ? { device_id: draft.deviceId } : {}),
          ...(draft.accessCodeId ? { access_code_id: draft.accessCodeId } : {}),
          connected_account_id: (draft.deviceId && accounts.get(draft.deviceId)) || event.communityId,
          ...draft.fields,
        },
      };
    });
    await insertSeamEvents(tx, rows);
    const endpoints = await receivingEndpoints(tx, [...new Set(rows.map((r) => r.communityId))]);
    const deliveries = rows.flatMap((row) =>
      endpoints
        .filter(
          (endpoint) =>
            endpoint.communityId === row.communityId &&
            // Only events made once the endpoint existed (a late report of an earlier keypad use included).
            endpoint.createdAt.getTime() <= (row.createdAt as Date).getTime() &&
            (endpoint.eventTypes === null || endpoint.eventTypes.includes(row.eventType)),
        )
        .map((endpoint) => ({
          id: random.uuid(),
          communityId: row.communityId,
          endpointId: endpoint.id,
          seamEventId: row.id,
          eventType: row.eventType,
          status: 'pending' as const,
          attempts: 0,
          nextAttemptAt: now,
          createdAt: now,
        })),
    );
    await insertWebhookDeliveries(tx, deliveries);
  }
}
