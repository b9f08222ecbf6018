/**
 * The fleet gauges of /metrics against a seeded database: each number is what the tables say as of the clock,
 * the sweep-lag rule is the sweep's own (rows it would not pick up do not count), and the queue depth is pg-boss's.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubs, lockCodes, locks, seamEvents, webhookDeliveries, webhookEndpoints } from '../../src/store/schema.ts';
import { readFleetGauges } from '../../src/sync/fleetGauges.ts';
import { type JobQueue, startJobQueue } from '../../src/sync/jobQueue.ts';
import { captureLogger } from '../support/logCapture.ts';
import { type ServiceHarness, startServiceHarness } from '../support/serviceHarness.ts';

let h: ServiceHarness;
let queue: JobQueue;
beforeAll(async () => {
  h = await startServiceHarness();
  // pg-boss's tables, as every running Keyway has them; no worker in this process, so jobs wait.
  queue = await startJobQueue(h.database, captureLogger());
});
afterAll(async () => {
  await queue.stop();
  await h.close();
});

const ago = (ms: number) => new Date(h.clock.now().getTime() - ms);

describe('readFleetGauges', () => {
  it('counts hubs online, the oldest due sweep item, verification age and the webhook backlog', async () => {
    const db = h.db;
    const allHubs = await db.select({ id: hubs.id }).from(hubs);
    expect(allHubs.length).toBeGreaterThan(1);
    await db.update(hubs).set({ online: false });
    await db.update(hubs).set({ online: true }).where(eq(hubs.id, allHubs[0]!.id));

    // Sweep lag: a boundary 30 s overdue, a retry 45 s overdue; a row 10 min overdue that waits for its hub
    // (the sweep leaves it alone) must not count.
    const rows = await db.select({ id: lockCodes.id }).from(lockCodes).limit(3);
    expect(rows).toHaveLength(3);
    await db.update(lockCodes).set({ nextBoundaryAt: null, nextAttemptAt: null });
    await db
      .update(lockCodes)
      .set({ nextBoundaryAt: ago(30_000) })
      .where(eq(lockCodes.id, rows[0]!.id));
    await db
      .update(lockCodes)
      .set({ state: 'pending', reason: null, nextAttemptAt: ago(45_000) })
      .where(eq(lockCodes.id, rows[1]!.id));
    await db
      .update(lockCodes)
      .set({ state: 'pending', reason: 'hub_offline', nextAttemptAt: ago(600_000) })
      .where(eq(lockCodes.id, rows[2]!.id));

    // Verification: readable hub locks proved 10 min ago, one 2 h ago, one never.
    const readable = await db
      .select({ id: locks.id })
      .from(locks)
      .where(and(eq(locks.readableCodes, true), eq(locks.connectivity, 'hub')));
    expect(readable.length).toBeGreaterThan(2);
    await db.update(locks).set({ verifiedAt: ago(600_000) });
    await db
      .update(locks)
      .set({ verifiedAt: ago(7_200_000) })
      .where(eq(locks.id, readable[0]!.id));
    await db.update(locks).set({ verifiedAt: null }).where(eq(locks.id, readable[1]!.id));

    // Webhooks: one delivery pending, one delivered.
    const endpointId = randomUUID();
    await db.insert(webhookEndpoints).values({
      id: endpointId,
      communityId: h.communityId,
      url: 'https://receiver.example/hook',
      secretEnc: 'sealed',
      status: 'enabled',
      createdAt: h.clock.now(),
    });
    for (const [n, status] of [
      [1, 'pending'],
      [2, 'delivered'],
    ] as const) {
      const seamEventId = randomUUID();
      await db.insert(seamEvents).values({
        id: seamEventId,
        communityId: h.communityId,
        sourceEventId: n,
        eventType: 'lock.unlocked',
        payload: {},
        occurredAt: h.clock.now(),
        createdAt: h.clock.now(),
      });
      await db.insert(webhookDeliveries).values({
        id: randomUUID(),
        communityId: h.communityId,
        endpointId,
        seamEventId,
        eventType: 'lock.unlocked',
        status,
        createdAt: h.clock.now(),
      });
    }

    const gauges = await readFleetGauges({ db, clock: h.clock });
    expect(gauges).toMatchObject({
      hubsOnline: 1,
      hubsTotal: allHubs.length,
      sweepLagSeconds: 45,
      verificationAgeSeconds: 7200,
      locksNeverVerified: 1,
      webhookDeliveriesPending: 1,
    });

    // Nothing due: no lag (a boundary still ahead is not lag).
    await db.update(lockCodes).set({ nextBoundaryAt: null, nextAttemptAt: null });
    await db
      .update(lockCodes)
      .set({ nextBoundaryAt: ago(-60_000) })
      .where(eq(lockCodes.id, rows[0]!.id));
    expect((await readFleetGauges({ db, clock: h.clock })).sweepLagSeconds).toBe(0);
  });

  it('reads the reconcile queue depth from pg-boss', async () => {
    const before = await readFleetGauges({ db: h.db, clock: h.clock });
    expect(before.reconcileJobsQueued).toBe(0);
    await queue.enqueueReconcile([randomUUID(), randomUUID(), randomUUID()]);
    const after = await readFleetGauges({ db: h.db, clock: h.clock });
    expect(after.reconcileJobsQueued).toBe(3);
    expect(after.reconcileJobsActive).toBe(0);
  });
});
