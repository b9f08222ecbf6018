/**
 * The set-based reconcile pass on a real database (PGlite, or PostgreSQL with DATABASE_URL): a batch gives
 * exactly what one pass per lock gives (inventories printed or not), concurrent batches never send a command twice, a row moved by someone
 * else meanwhile keeps their wish, each hub gets its own locks' commands, and one bad lock holds up no other.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServiceHarness, startServiceHarness } from '../../test/support/serviceHarness.ts';
import { insertPerson } from '../store/repositories/communities.ts';
import { moveLockCodes } from '../store/repositories/lockSyncBatch.ts';
import { accessCodes, accessPoints, hubs, lockCodes, lockCommands, locks } from '../store/schema.ts';
import type { HubCommand } from './hubProtocol.ts';
import { sealInventory, storedInventory } from './inventory.ts';
import { reconcileLock } from './reconcileLock.ts';
import { ReconcileFailed, type ReconcileLocksDeps, reconcileLocks } from './reconcileLocks.ts';

/** Kinds of lock in a fleet, one per index modulo their number. */
const VARIANTS = [
  'online', // readable inventory: 1 changed, 1 new, 1 revoked → 3 commands
  'offline', // the hub is down: rows wait as hub_offline
  'masked', // the lock masks codes on read-back
  'blind', // never sent an inventory
  'foreign', // a code Keyway did not set sits in the free slot, prefix of nothing: the new code has no room
  'drifted', // a confirmed code's slot holds another code: the pass needs that PIN after all
  'bluetooth', // waits for a phone
  'backoff', // the changed row failed for good; the new one backs off until later
] as const;
type Variant = (typeof VARIANTS)[number];

interface Fleet {
  lockIds: string[];
  hubIds: string[];
  variantOf: Map<string, Variant>;
}

let h: ServiceHarness;
let staffId: string;
let seeded = 0;

beforeAll(async () => {
  h = await startServiceHarness();
  staffId = h.random.uuid();
  await insertPerson(h.db, {
    id: staffId,
    communityId: h.communityId,
    name: 'Fleet Staff',
    email: 'fleet@maplecourt.example',
    passwordHash: null,
    role: 'staff',
    createdAt: h.clock.now(),
  });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

/** `count` locks of 6 slots, each on its own hub (hubs shared by `perHub` locks), with the variant's codes. */
async function seedFleet(count: number, perHub = 1): Promise<Fleet> {
  const { cipher, random } = h;
  const at = h.clock.now();
  const fleet: Fleet = { lockIds: [], hubIds: [], variantOf: new Map() };
  await h.db.transaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      const n = seeded++;
      const variant = VARIANTS[i % VARIANTS.length] as Variant;
      if (i % perHub === 0) {
        const hubId = random.uuid();
        fleet.hubIds.push(hubId);
        await tx
          .insert(hubs)
          .values({ id: hubId, communityId: h.communityId, name: `Fleet hub ${n}`, online: true, createdAt: at });
      }
      const hubId = fleet.hubIds.at(-1) as string;
      if (variant === 'offline' && perHub === 1) await tx.update(hubs).set({ online: false }).where(eq(hubs.id, hubId));
      const accessPointId = random.uuid();
      const lockId = random.uuid();
      fleet.lockIds.push(lockId);
      fleet.variantOf.set(lockId, variant);
      await tx.insert(accessPoints).values({
        id: accessPointId,
        communityId: h.communityId,
        name: `Fleet door ${n}`,
        kind: 'community_door',
        unitId: null,
        createdAt: at,
      });
      // Codes distinct across the whole test (no two locks share a PIN by accident).
      const pin = (k: number) => String(100_000 + n * 10 + k);
      interface Code {
        pin: string;
        version: number;
        present: boolean;
        slot: number | null;
        reported: number | null;
        onLock: string | null;
        state: string;
      }
      const codes: Code[] = [
        { pin: pin(1), version: 1, present: true, slot: 1, reported: 1, onLock: pin(1), state: 'active' },
        { pin: pin(2), version: 2, present: true, slot: 2, reported: 2, onLock: pin(2), state: 'active' },
        // a new version for slot 3 (the lock still holds the old PIN)
        { pin: pin(3), version: 3, present: true, slot: 3, reported: 2, onLock: pin(7), state: 'pending' },
        // revoked, still in slot 4
        { pin: pin(4), version: 1, present: false, slot: 4, reported: 1, onLock: pin(4), state: 'removing' },
        // new, no slot yet
        { pin: pin(5), version: 1, present: true, slot: null, reported: null, onLock: null, state: 'pending' },
      ];
      if (variant === 'drifted') codes[1] = { ...codes[1]!, onLock: pin(8) };
      if (variant === 'backoff') codes[2] = { ...codes[2]!, state: 'failed' };
      const slots: { slot: number; code: string | null }[] = codes.flatMap((c) =>
        c.slot === null || c.onLock === null ? [] : [{ slot: c.slot, code: c.onLock }],
      );
      if (variant === 'foreign')
        slots.push({ slot: 5, code: `99${String(n).padStart(4, '0')}` }, { slot: 6, code: null });
      const masked = variant === 'masked';
      const inventory = variant === 'blind' ? null : slots.map((s) => ({ slot: s.slot, code: masked ? null : s.code }));
      await tx.insert(locks).values({
        id: lockId,
        communityId: h.communityId,
        accessPointId,
        hubId: variant === 'bluetooth' ? null : hubId,
        address: `addr-${n}`,
        connectivity: variant === 'bluetooth' ? 'bluetooth' : 'hub',
        codeLengths: [4, 6],
        slotCount: 6,
        nativeSchedules: false,
        readableCodes: !masked,
        // Every other round of variants stores its inventory the way an inventory stored before migration 0009
        // is (sealed, not printed): the pass prints it itself, and plans the same.
        ...(inventory === null
          ? {}
          : Math.floor(i / VARIANTS.length) % 2 === 0
            ? storedInventory(cipher, lockId, inventory)
            : { inventoryEnc: sealInventory(cipher, lockId, inventory) }),
        inventoryAt: inventory === null ? null : at,
        createdAt: at,
      });
      for (const [k, c] of codes.entries()) {
        const id = random.uuid();
        const prints = cipher.fingerprints(c.pin);
        await tx.insert(accessCodes).values({
          id,
          communityId: h.communityId,
          holderId: staffId,
          kind: 'staff',
          scope: null,
          origin: 'generated',
          pinEnc: cipher.encrypt(c.pin, id),
          fp: prints.fp,
          fp4: prints.fp4,
          codeLength: c.pin.length,
          version: c.version,
          status: c.present ? 'active' : 'revoked',
          createdAt: at,
          updatedAt: at,
          revokedAt: c.present ? null : at,
        });
        const held = c.onLock === null ? null : cipher.fingerprints(c.onLock);
        await tx.insert(lockCodes).values({
          id: random.uuid(),
          communityId: h.communityId,
          accessCodeId: id,
          lockId,
          slot: c.slot,
          state: c.state as 'active',
          reason: c.state === 'active' ? null : c.state === 'failed' ? 'rejected_by_lock' : 'awaiting_sync',
          intent: c.present ? 'present' : 'absent',
          desiredVersion: c.version,
          reportedVersion: c.reported,
          reportedFp: held?.fp ?? null,
          reportedFp4: held?.fp4 ?? null,
          reportedLength: held ? 6 : null,
          attempts: 0,
          nextAttemptAt: variant === 'backoff' && k === 4 ? new Date(at.getTime() + 60_000) : null,
          updatedAt: at,
        });
      }
    }
  });
  return fleet;
}

function deps(published: { hubId: string; command: HubCommand }[], extra: Partial<ReconcileLocksDeps> = {}) {
  return {
    db: h.db,
    clock: h.clock,
    random: h.random,
    cipher: h.cipher,
    hubs: { publishCommand: async (hubId: string, command: HubCommand) => void published.push({ hubId, command }) },
    ...extra,
  } satisfies ReconcileLocksDeps;
}

/** A lock's rows and commands, by position (row k = the k-th code seeded), without ids and times. */
async function stateOf(lockId: string) {
  const rows = await h.db
    .select({
      version: accessCodes.version,
      state: lockCodes.state,
      reason: lockCodes.reason,
      slot: lockCodes.slot,
      reportedVersion: lockCodes.reportedVersion,
      reportedFp: lockCodes.reportedFp,
      nextAttemptAt: lockCodes.nextAttemptAt,
    })
    .from(lockCodes)
    .innerJoin(accessCodes, eq(accessCodes.id, lockCodes.accessCodeId))
    .where(eq(lockCodes.lockId, lockId));
  const commands = await h.db
    .select({
      type: lockCommands.type,
      slot: lockCommands.slot,
      version: lockCommands.version,
      fp: lockCommands.codeFp,
    })
    .from(lockCommands)
    .where(eq(lockCommands.lockId, lockId));
  const [lock] = await h.db.select({ unmanaged: locks.unmanagedSlots }).from(locks).where(eq(locks.id, lockId));
  return {
    rows: rows
      .map(
        (r) =>
          `${r.version}:${r.state}:${r.reason}:${r.slot}:${r.reportedVersion}:${r.nextAttemptAt?.getTime() ?? '-'}`,
      )
      .sort(),
    commands: commands.map((c) => `${c.type}@${c.slot}v${c.version}:${c.fp === null ? '-' : 'fp'}`).sort(),
    unmanaged: lock?.unmanaged,
  };
}

describe('reconcileLocks', () => {
  it('a batch of many locks gives the same rows, commands and events as one pass per lock', async () => {
    const batch = await seedFleet(VARIANTS.length * 3);
    const single = await seedFleet(VARIANTS.length * 3);
    const viaBatch: { hubId: string; command: HubCommand }[] = [];
    const viaSingle: { hubId: string; command: HubCommand }[] = [];
    const results = await reconcileLocks(deps(viaBatch, { chunkSize: 7 }), batch.lockIds);
    for (const lockId of single.lockIds) await reconcileLock(deps(viaSingle), lockId);

    expect(results.map((r) => r.sent)).toEqual(
      batch.lockIds.map(
        (id) =>
          ({ online: 3, masked: 3, blind: 3, foreign: 2, drifted: 4, backoff: 1 })[batch.variantOf.get(id) as string] ??
          0,
      ),
    );
    for (const [i, lockId] of batch.lockIds.entries()) {
      const other = single.lockIds[i] as string;
      expect({ variant: batch.variantOf.get(lockId), ...(await stateOf(lockId)) }).toEqual({
        variant: single.variantOf.get(other),
        ...(await stateOf(other)),
      });
    }
    expect(viaBatch.length).toBe(viaSingle.length);
    // The drifted lock's slot 2 is rewritten: its PIN was fetched after all, and is what is sent.
    const drifted = batch.lockIds.find((id) => batch.variantOf.get(id) === 'drifted') as string;
    const [{ address } = { address: '' }] = await h.db
      .select({ address: locks.address })
      .from(locks)
      .where(eq(locks.id, drifted));
    const sets = viaBatch.filter((p) => p.command.type === 'set_code' && p.command.lockId === address);
    expect(sets.map((p) => (p.command.type === 'set_code' ? p.command.slot : 0)).sort()).toEqual([2, 3, 5]);
    // The foreign code is shown to managers once.
    const foreign = batch.lockIds.find((id) => batch.variantOf.get(id) === 'foreign') as string;
    expect((await h.eventsAbout(foreign)).map((e) => [e.type, (e.data as { slots: number[] }).slots])).toEqual([
      ['lock.unmanaged_codes_found', [5, 6]],
    ]);
    // Nothing new: a second pass sends and writes nothing.
    const before = await Promise.all(batch.lockIds.map(stateOf));
    const again: { hubId: string; command: HubCommand }[] = [];
    expect((await reconcileLocks(deps(again), batch.lockIds)).every((r) => r.sent === 0)).toBe(true);
    expect(again).toEqual([]);
    expect(await Promise.all(batch.lockIds.map(stateOf))).toEqual(before);
  });

  it('publishes each lock’s commands to its own hub, under the lock’s address, and stamps the sender', async () => {
    const fleet = await seedFleet(16, 4);
    const published: { hubId: string; command: HubCommand }[] = [];
    const passes: number[] = [];
    await reconcileLocks(
      deps(published, { instanceId: 'keyway-a', metrics: { reconcilePass: (n) => void passes.push(n) } }),
      fleet.lockIds,
    );
    expect(passes).toEqual([16]);
    const hubOf = new Map(
      (
        await h.db
          .select({ address: locks.address, hubId: locks.hubId })
          .from(locks)
          .where(inArray(locks.id, fleet.lockIds))
      ).map((l) => [l.address, l.hubId]),
    );
    expect(new Set(published.map((p) => p.hubId)).size).toBe(4);
    for (const { hubId, command } of published) expect(hubOf.get(command.lockId)).toBe(hubId);
    const stored = await h.db
      .select({ sentBy: lockCommands.sentBy })
      .from(lockCommands)
      .where(inArray(lockCommands.lockId, fleet.lockIds));
    expect(stored.length).toBe(published.length);
    expect(stored.every((c) => c.sentBy === 'keyway-a')).toBe(true);
  });

  it('two batches over overlapping locks at once never send a command twice', async () => {
    const fleet = await seedFleet(40);
    const published: { hubId: string; command: HubCommand }[] = [];
    await Promise.all([
      reconcileLocks(deps(published, { instanceId: 'a', chunkSize: 9 }), fleet.lockIds.slice(0, 30)),
      reconcileLocks(deps(published, { instanceId: 'b', chunkSize: 11 }), fleet.lockIds.slice(10).reverse()),
    ]);
    const stored = await h.db
      .select({ lockId: lockCommands.lockId, slot: lockCommands.slot, type: lockCommands.type })
      .from(lockCommands)
      .where(inArray(lockCommands.lockId, fleet.lockIds));
    const keys = stored.map((c) => `${c.lockId}/${c.type}/${c.slot}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(published.length).toBe(stored.length);
    expect(new Set(published.map((p) => p.command.id)).size).toBe(published.length);
    // …and every lock got its pass from one of them.
    const online = fleet.lockIds.filter((id) => fleet.variantOf.get(id) === 'online');
    for (const id of online) expect(stored.filter((c) => c.lockId === id).length).toBe(3);
  });

  it('a transition is written only if the row is still what the pass read', async () => {
    const fleet = await seedFleet(1);
    const [row] = await h.db
      .select()
      .from(lockCodes)
      .where(and(eq(lockCodes.lockId, fleet.lockIds[0] as string), eq(lockCodes.slot, 3)));
    const stale = {
      id: row!.id,
      expected: { state: 'active' as const, intent: 'present' as const },
      state: 'removed' as const,
      reason: null,
    };
    const current = {
      id: row!.id,
      expected: { state: 'pending' as const, intent: 'present' as const },
      state: 'pending' as const,
      reason: 'sending' as const,
      slot: 3,
    };
    expect(await moveLockCodes(h.db, [stale], h.clock.now())).toEqual(new Set());
    expect(await moveLockCodes(h.db, [current], h.clock.now())).toEqual(new Set([row!.id]));
    const [after] = await h.db.select().from(lockCodes).where(eq(lockCodes.id, row!.id));
    expect([after?.state, after?.reason, after?.reportedVersion]).toEqual(['pending', 'sending', 2]);
  });

  it.skipIf(!process.env.DATABASE_URL)(
    'a row a concurrent change moved while the pass ran keeps the change’s wish (PostgreSQL)',
    async () => {
      const fleet = await seedFleet(1);
      const lockId = fleet.lockIds[0] as string;
      const [row] = await h.db
        .select()
        .from(lockCodes)
        .where(and(eq(lockCodes.lockId, lockId), eq(lockCodes.slot, 3)));
      // A code change revokes the credential of slot 3 and holds its row until the pass is waiting on it.
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const change = h.db.transaction(async (tx) => {
        await tx
          .update(lockCodes)
          .set({ state: 'removing', reason: 'awaiting_sync', intent: 'absent' })
          .where(eq(lockCodes.id, row!.id));
        locked();
        await held;
      });
      await isLocked;
      const pass = reconcileLocks(deps([]), [lockId]);
      for (let i = 0; i < 200; i++) {
        const [waiting] = await h.db
          .execute(
            sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
          )
          .then((r) => (r as unknown as { rows: { n: number }[] }).rows);
        if ((waiting?.n ?? 0) > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      release();
      await change;
      await pass;
      const [after] = await h.db.select().from(lockCodes).where(eq(lockCodes.id, row!.id));
      expect([after?.state, after?.intent, after?.reason]).toEqual(['removing', 'absent', 'awaiting_sync']);
    },
  );

  it('one lock that cannot be planned fails alone: the others get their pass, the caller learns which', async () => {
    const fleet = await seedFleet(8);
    const broken = fleet.lockIds[0] as string; // an online lock
    await h.db
      .update(locks)
      .set({ inventoryEnc: 'v1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', inventoryPrints: null })
      .where(eq(locks.id, broken));
    const published: { hubId: string; command: HubCommand }[] = [];
    const error = await reconcileLocks(deps(published), fleet.lockIds).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReconcileFailed);
    expect([...(error as ReconcileFailed).failures.keys()]).toEqual([broken]);
    const sentTo = new Set(
      (
        await h.db
          .select({ lockId: lockCommands.lockId })
          .from(lockCommands)
          .where(inArray(lockCommands.lockId, fleet.lockIds))
      ).map((c) => c.lockId),
    );
    expect(sentTo.has(broken)).toBe(false);
    for (const id of fleet.lockIds.slice(1)) {
      const variant = fleet.variantOf.get(id);
      if (variant !== 'offline' && variant !== 'bluetooth') expect(sentTo.has(id), variant).toBe(true);
    }
    // One lock alone: its own error, as before.
    await expect(reconcileLock(deps([]), broken)).rejects.not.toBeInstanceOf(ReconcileFailed);
  });
});
