/**
 * The projection of the events outbox into Seam events and webhook deliveries, on a real database: every outbox event
 * is projected once (however often and however concurrently it runs), installation events are skipped, deliveries go
 * only to enabled endpoints that want the type and existed when the event happened, and a gap in the event ids is
 * passed when it can never fill — but waited at while the transaction holding it is open (PostgreSQL only: PGlite is
 * one connection, so no transaction is ever open beside the projection's).
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeamProjection } from '../../src/events/webhooks/projection.ts';
import { webhookSecretBinding } from '../../src/events/webhooks/signing.ts';
import { queryRows } from '../../src/store/rawQuery.ts';
import { recordEvent } from '../../src/store/repositories/events.ts';
import { insertWebhookEndpoint } from '../../src/store/repositories/webhooks.ts';
import { hubs, locks, seamEvents, webhookDeliveries } from '../../src/store/schema.ts';
import { captureLogger } from '../support/logCapture.ts';
import { type ServiceHarness, startServiceHarness } from '../support/serviceHarness.ts';

let h: ServiceHarness;
let projection: SeamProjection;
let buildingHub: string;

beforeAll(async () => {
  h = await startServiceHarness();
  projection = new SeamProjection({ db: h.db, clock: h.clock, random: h.random, logger: captureLogger() });
  const [hub] = await h.db.select({ id: hubs.id }).from(hubs).where(eq(hubs.name, 'Building hub'));
  buildingHub = hub?.id as string;
  await projection.run(); // whatever the seed recorded
});
afterAll(() => h.database.close());

const hubEvent = (online: boolean) => ({
  communityId: h.communityId,
  type: online ? 'hub.online' : 'hub.offline',
  actor: { type: 'system' as const, id: null },
  subject: { type: 'hub', id: buildingHub },
  data: { hubId: buildingHub },
  at: h.clock.now(),
});
const record = (event: ReturnType<typeof hubEvent>) => h.db.transaction((tx) => recordEvent(tx, event));
const seamRows = () => h.db.select().from(seamEvents);
const bySource = async (sourceEventId: number) =>
  (await seamRows()).filter((row) => row.sourceEventId === sourceEventId);
const lastEventId = async () =>
  Number((await queryRows<{ id: string | number }>(h.db, sql`select max(id) as id from events`))[0]?.id);

describe('the Seam projection', () => {
  it('projects each outbox event once, however often and concurrently it runs, and skips installation events', async () => {
    await record(hubEvent(false));
    const offline = await lastEventId();
    await h.db.transaction((tx) =>
      recordEvent(tx, {
        communityId: null,
        type: 'session.signed_in',
        actor: { type: 'system', id: null },
        subject: { type: 'person', id: null },
        data: {},
        at: h.clock.now(),
      }),
    );
    await Promise.all([projection.run(), projection.run(), new SeamProjection({ ...deps() }).run()]);
    await projection.run();
    const rows = await bySource(offline);
    const hubLocks = await h.db.select({ id: locks.id }).from(locks).where(eq(locks.hubId, buildingHub));
    expect(rows.map((r) => r.deviceId).sort()).toEqual(hubLocks.map((l) => l.id).sort());
    expect(rows.every((r) => r.eventType === 'device.disconnected')).toBe(true);
    expect(rows[0]?.payload).toMatchObject({
      event_id: rows[0]?.id,
      event_type: 'device.disconnected',
      workspace_id: h.communityId,
      connected_account_id: buildingHub,
      error_code: 'hub_disconnected',
    });
    expect(await bySource(offline + 1)).toEqual([]);
    const all = await seamRows();
    const keys = all.map((r) => `${r.sourceEventId}/${r.eventType}/${r.deviceId}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('queues deliveries only for enabled endpoints that want the type and existed when the event was made', async () => {
    const endpoint = async (props: { eventTypes: string[] | null; status?: 'enabled' | 'disabled' }) => {
      const id = h.random.uuid();
      await h.db.transaction((tx) =>
        insertWebhookEndpoint(tx, {
          id,
          communityId: h.communityId,
          url: 'https://hooks.example.com/',
          secretEnc: h.cipher.encrypt('whsec_AAAA', webhookSecretBinding(id)),
          eventTypes: props.eventTypes,
          status: props.status ?? 'enabled',
          createdAt: h.clock.now(),
        }),
      );
      return id;
    };
    const before = await endpoint({ eventTypes: null });
    h.clock.advance(60_000);
    await record(hubEvent(true)); // made (projected) before the endpoints below existed
    await projection.run();
    h.clock.advance(60_000);
    const all = await endpoint({ eventTypes: null });
    const connectedOnly = await endpoint({ eventTypes: ['device.connected'] });
    const otherTypes = await endpoint({ eventTypes: ['lock.unlocked'] });
    const disabled = await endpoint({ eventTypes: null, status: 'disabled' });
    h.clock.advance(60_000);
    await record(hubEvent(false));
    await record(hubEvent(true));
    await projection.run();
    const deliveries = await h.db.select().from(webhookDeliveries);
    const count = (endpointId: string, type?: string) =>
      deliveries.filter((d) => d.endpointId === endpointId && (!type || d.eventType === type)).length;
    expect(count(before)).toBe(9); // three events, three locks each
    expect(count(all)).toBe(6);
    expect(count(connectedOnly)).toBe(3);
    expect(count(connectedOnly, 'device.connected')).toBe(3);
    expect(count(otherTypes)).toBe(0);
    expect(count(disabled)).toBe(0);
    expect(deliveries.every((d) => d.status === 'pending')).toBe(true);
    // Due at once: those queued by the last round, at that round's time.
    const lastRound = deliveries.filter((d) => d.endpointId !== before);
    expect(lastRound.every((d) => d.nextAttemptAt?.getTime() === h.clock.now().getTime())).toBe(true);
  });

  it('passes a gap that can never fill (a rolled-back insert)', async () => {
    await h.db
      .transaction(async (tx) => {
        await recordEvent(tx, hubEvent(false));
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    await record(hubEvent(true));
    const after = await lastEventId();
    expect(await projection.run()).toBe('done');
    expect((await bySource(after)).map((r) => r.eventType)).toEqual([
      'device.connected',
      'device.connected',
      'device.connected',
    ]);
  });

  it.runIf(process.env.DATABASE_URL)(
    'waits at a gap while the transaction holding it is open, then projects it in order',
    async () => {
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let heldId = 0;
      const open = h.db.transaction(async (tx) => {
        await recordEvent(tx, hubEvent(false));
        heldId = Number((await queryRows<{ id: string | number }>(tx, sql`select max(id) as id from events`))[0]?.id);
        await held;
      });
      while (heldId === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      await record(hubEvent(true)); // a later id, committed first
      const later = await lastEventId();
      expect(later).toBeGreaterThan(heldId);
      expect(await projection.run()).toBe('blocked');
      expect(await bySource(later)).toEqual([]);
      release();
      await open;
      expect(await projection.run()).toBe('done');
      expect((await bySource(heldId)).map((r) => r.eventType)).toContain('device.disconnected');
      expect((await bySource(later)).map((r) => r.eventType)).toContain('device.connected');
    },
  );
});

function deps() {
  return { db: h.db, clock: h.clock, random: h.random, logger: captureLogger() };
}
