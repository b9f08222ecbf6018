/**
 * Benchmark 4: one full reconcile pass over 10,000 locks × 30 slots (target ≤ 1 s).
 *
 * Every lock is the same kind of "one change pending" world: 30 slots, 27 codes confirmed in slots 1–27,
 * one code whose new version must replace the old one in its own slot (28), one new code with no slot yet
 * (it gets the free slot 30), one revoked code still in slot 29 (to clear). Every fourth lock masks codes
 * on read-back; every tenth has never sent an inventory. The plan of every lock is therefore the same
 * size: 27 satisfied, 3 commands (set_code 28, set_code 30, clear_slot 29), no failure.
 *
 *  a. the pure planner: `planLock` for 10,000 such locks built in memory (median of 5 passes); and the
 *     in-memory part of a real pass on top of it: the inventory's stored prints read, the PINs sent decrypted;
 *  b. the real pass, `reconcileLock`, on a sample of `dbLocks` locks stored in the database (rows bulk
 *     inserted), one lock after another, as three passes over the same locks:
 *       b1 hubs offline: plans, holds the 3 commands (`hub_offline`), nothing sent;
 *       b2 hubs online: plans and sends (3 lock_commands rows, 3 row updates, 3 MQTT publishes — here a
 *          transport that only counts);
 *       b3 nothing new (every command of b2 still in flight): plans, writes nothing, sends nothing;
 *     then b3 again with 4 passes at a time (the reconcile worker's localConcurrency), and b3 again through
 *     the real queue (pg-boss, as the sync engine's worker runs it): b3 with the jobs sent one by one (as
 *     the sweep and hub reports send them), b4 with all of them sent in one transaction (as a change's own
 *     transaction sends the reconciles of its locks). Per-lock times are extrapolated to 10,000 locks on
 *     one process. Each of these passes is `reconcileLock`, i.e. the set-based pass over a batch of one lock.
 *  c. the set-based pass itself, `reconcileLocks`, over `passLocks` (10,000) locks stored in the database, all
 *     in one call (chunks of `chunkSize` locks per transaction), measured, not extrapolated: c1 hubs offline
 *     (hold 3 rows per lock), c2 hubs online (the target: 30,000 commands written and published), c3 nothing
 *     new (everything in flight: the "nothing pending" cost).
 */
import os from 'node:os';
import { inArray, sql } from 'drizzle-orm';
import type { Keyway } from '../src/app.ts';
import {
  type InFlightCommand,
  type LockFacts,
  type LockPlan,
  planLock,
  type WantedCode,
} from '../src/domain/sync/lockPlan.ts';
import { createLogger } from '../src/logger.ts';
import { insertPerson } from '../src/store/repositories/communities.ts';
import { accessCodes, accessPoints, hubs, lockCodes, locks } from '../src/store/schema.ts';
import type { HubCommand } from '../src/sync/hubProtocol.ts';
import { storedInventory } from '../src/sync/inventory.ts';
import { startJobQueue } from '../src/sync/jobQueue.ts';
import { reportedSlots } from '../src/sync/planInput.ts';
import { type ReconcileDeps, reconcileLock } from '../src/sync/reconcileLock.ts';
import { reconcileLocks } from '../src/sync/reconcileLocks.ts';
import { ms, type Summary, summarize, summaryLine } from './percentiles.ts';

export interface ReconcilePassOptions {
  /** Locks in the in-memory pass (a). */
  locks: number;
  /** Passes of (a); the median is reported. */
  plannerPasses: number;
  /** Locks for the in-memory decrypt + plan figure (encrypting them is the slow part of the setup). */
  decryptLocks: number;
  /** Locks stored in the database for (b). */
  dbLocks: number;
  /** Locks stored in the database for the set-based pass (c); 0 skips it. */
  passLocks: number;
  /** Locks per transaction in (c). */
  chunkSize: number;
  /** Transactions of (c) in flight at once on PostgreSQL (PGlite: 1). */
  chunkLanes: number;
  concurrency: number;
  /** The queue pass stops waiting after this long without progress. */
  queueStallMs: number;
  log: (line: string) => void;
}

export const DEFAULT_RECONCILE_OPTIONS: Omit<ReconcilePassOptions, 'log'> = {
  locks: 10_000,
  plannerPasses: 5,
  decryptLocks: 2_000,
  dbLocks: 200,
  passLocks: 10_000,
  chunkSize: 500,
  chunkLanes: 1,
  concurrency: 4,
  queueStallMs: 3_000,
};

export const PASS_TARGET_MS = 1_000;
const SLOTS = 30;
const CODE_LENGTHS = [4, 6];

// ---- the lock worlds ---------------------------------------------------------------------------------

type Role = 'confirmed' | 'changed' | 'new' | 'revoked';

interface WorldCode {
  role: Role;
  pin: string;
  /** The version before the change (what the lock holds) for `changed`. */
  previousPin: string | null;
  version: number;
  present: boolean;
  slot: number | null;
  reportedVersion: number | null;
}

interface LockWorld {
  readable: boolean;
  /** The lock has sent a full inventory (else Keyway trusts its confirmations as they are). */
  inventoried: boolean;
  codes: WorldCode[];
  /** What the lock really holds: slot → code. */
  onLock: { slot: number; code: string }[];
}

/** Small deterministic generator, so every run plans the same locks. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function lockWorld(index: number): LockWorld {
  const random = mulberry32(index + 1);
  const used = new Set<string>();
  const pin = () => {
    for (;;) {
      const code = String(Math.floor(random() * 1_000_000)).padStart(6, '0');
      if (!used.has(code)) {
        used.add(code);
        return code;
      }
    }
  };
  const codes: WorldCode[] = [];
  for (let slot = 1; slot <= 27; slot++) {
    const version = 1 + (slot % 3);
    codes.push({
      role: 'confirmed',
      pin: pin(),
      previousPin: null,
      version,
      present: true,
      slot,
      reportedVersion: version,
    });
  }
  codes.push({
    role: 'changed',
    pin: pin(),
    previousPin: pin(),
    version: 3,
    present: true,
    slot: 28,
    reportedVersion: 2,
  });
  codes.push({
    role: 'revoked',
    pin: pin(),
    previousPin: null,
    version: 1,
    present: false,
    slot: 29,
    reportedVersion: 1,
  });
  codes.push({
    role: 'new',
    pin: pin(),
    previousPin: null,
    version: 1,
    present: true,
    slot: null,
    reportedVersion: null,
  });
  const onLock = codes.flatMap((c) =>
    c.slot === null ? [] : [{ slot: c.slot, code: c.role === 'changed' ? c.previousPin! : c.pin }],
  );
  return { readable: index % 4 !== 3, inventoried: index % 10 !== 9, codes, onLock };
}

const reportedOf = (w: LockWorld) =>
  w.inventoried ? w.onLock.map((s) => ({ slot: s.slot, code: w.readable ? s.code : null })) : null;

/** The plan every world must get; anything else means the bench built the worlds wrong. */
function checkPlan(plan: LockPlan, where: string): void {
  const commands = plan.commands
    .map((c) => `${c.type}@${c.slot}`)
    .sort()
    .join(',');
  if (
    plan.satisfied.length !== 27 ||
    plan.failures.length !== 0 ||
    commands !== 'clear_slot@29,set_code@28,set_code@30' ||
    plan.unmanagedSlots.length !== 0
  ) {
    throw new Error(
      `${where}: unexpected plan ${JSON.stringify({ satisfied: plan.satisfied.length, failures: plan.failures, commands })}`,
    );
  }
}

// ---- results -----------------------------------------------------------------------------------------

export interface DbPass {
  /** b1, b2, … */
  id: string;
  name: string;
  perLock: Summary;
  /** Wall time of the pass over all dbLocks. */
  wallMs: number;
  /** wallMs / dbLocks × 10,000. */
  extrapolatedMs: number;
  sent: number;
  /** Only for the pass through the queue. */
  queue?: { enqueuedMs: number; done: number; stalled: boolean; stallMs: number };
}

/** One set-based pass over all the stored locks of (c), wall time measured. */
export interface SetPass {
  id: string;
  name: string;
  ms: number;
  sent: number;
  /** Load average (1 min) when it ran: on a shared machine the figure means little without it. */
  load: number;
}

export interface ReconcilePassResults {
  locks: number;
  /** (c): null when skipped (passLocks 0). */
  setBased: { locks: number; chunkSize: number; seedSeconds: number; passes: SetPass[] } | null;
  planner: { passesMs: number[]; medianMs: number; perLockUs: number };
  decryptAndPlan: { locks: number; medianMs: number; perLockUs: number; extrapolatedMs: number };
  dbLocks: number;
  seedSeconds: number;
  passes: DbPass[];
}

// ---- a. in memory ------------------------------------------------------------------------------------

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function runPlanner(
  options: ReconcilePassOptions,
  keyway: Keyway,
): Pick<ReconcilePassResults, 'planner' | 'decryptAndPlan'> {
  const { log, locks: count } = options;
  const inputs: { facts: LockFacts; wanted: WantedCode[]; inFlight: InFlightCommand[] }[] = [];
  for (let i = 0; i < count; i++) {
    const world = lockWorld(i);
    inputs.push({
      facts: { slotCount: SLOTS, codeLengths: CODE_LENGTHS, reported: reportedOf(world), fingerprint: fakePrint },
      wanted: world.codes.map((c, k) => ({
        accessCodeId: `code-${i}-${k}`,
        version: c.version,
        length: c.pin.length,
        fp: fakePrint(c.pin),
        pin: () => c.pin,
        present: c.present,
        slot: c.slot,
        reportedVersion: c.reportedVersion,
      })),
      inFlight: [],
    });
  }
  // also the warm-up
  inputs.forEach((input, i) => {
    checkPlan(planLock(input.facts, input.wanted, input.inFlight), `lock ${i}`);
  });
  const passesMs: number[] = [];
  for (let pass = 0; pass < options.plannerPasses; pass++) {
    const start = performance.now();
    for (const input of inputs) planLock(input.facts, input.wanted, input.inFlight);
    passesMs.push(performance.now() - start);
  }
  const medianMs = median(passesMs);
  const planner = { passesMs, medianMs, perLockUs: (medianMs * 1000) / count };
  log(
    `  a.  planLock × ${count.toLocaleString('en-US')} locks (30 slots: 27 confirmed, 1 new version, 1 new code, 1 revoked; 1/4 masked, 1/10 never inventoried):` +
      ` median of ${options.plannerPasses} passes ${ms(medianMs)} = ${planner.perLockUs.toFixed(1)} µs/lock (passes: ${passesMs.map((p) => ms(p)).join(', ')})`,
  );

  // The rest of a pass's in-memory work, as planInput does it: the inventory's stored prints read (nothing
  // decrypted or fingerprinted for a confirmation), and only the PINs of the set_codes decrypted.
  const { cipher } = keyway.deps;
  const sealed = inputs.slice(0, options.decryptLocks).map((input, i) => ({
    lockId: `lock-${i}`,
    ...(input.facts.reported === null
      ? { inventoryEnc: null, inventoryPrints: null }
      : storedInventory(cipher, `lock-${i}`, input.facts.reported)),
    codes: input.wanted.map((w) => {
      const pin = w.pin();
      return { ...w, fp: cipher.fingerprint(pin), pinEnc: cipher.encrypt(pin, w.accessCodeId) };
    }),
    facts: input.facts,
  }));
  const decryptPass = () => {
    for (const lock of sealed) {
      const reported = reportedSlots(cipher, { id: lock.lockId, ...lock });
      const wanted = lock.codes.map((c) => ({ ...c, pin: () => cipher.decrypt(c.pinEnc, c.accessCodeId) }));
      checkPlan(
        planLock({ ...lock.facts, reported, fingerprint: (code) => cipher.fingerprint(code) }, wanted, []),
        lock.lockId,
      );
    }
  };
  decryptPass();
  const decryptMs = median(timeRunsSync(3, decryptPass));
  const perLockUs = (decryptMs * 1000) / sealed.length;
  const decryptAndPlan = {
    locks: sealed.length,
    medianMs: decryptMs,
    perLockUs,
    extrapolatedMs: (perLockUs * count) / 1000,
  };
  log(
    `      + read the inventory's prints, decrypt the 2 PINs sent (as planInput does) × ${sealed.length.toLocaleString('en-US')} locks: median of 3 ${ms(decryptMs)}` +
      ` = ${perLockUs.toFixed(1)} µs/lock → ${ms(decryptAndPlan.extrapolatedMs)} for ${count.toLocaleString('en-US')} locks`,
  );
  return { planner, decryptAndPlan };
}

/** A stand-in for the keyed fingerprint in the pure-planner figure (the real one is timed in a's second line). */
function fakePrint(code: string): string {
  return `fp:${code}`;
}

function timeRunsSync(runs: number, fn: () => void): number[] {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

// ---- b. in the database ------------------------------------------------------------------------------

interface SeededLocks {
  lockIds: string[];
  hubIds: string[];
  seconds: number;
}

/** `count` hub locks, each on its own (offline) hub and door, with the 30 codes of its world. Multi-row inserts. */
async function seedLocks(keyway: Keyway, communityId: string, count: number, label = 'Bench'): Promise<SeededLocks> {
  const { db, cipher, random, clock } = keyway.deps;
  const started = performance.now();
  const at = clock.now();
  const staffId = random.uuid();
  const lockIds: string[] = [];
  const hubIds: string[] = [];
  await db.transaction(async (tx) => {
    await insertPerson(tx, {
      id: staffId,
      communityId,
      name: `${label} Fleet Staff`,
      email: `${label.toLowerCase()}-fleet@maplecourt.example`,
      passwordHash: null,
      role: 'staff',
      createdAt: at,
    });
    const hubRows: (typeof hubs.$inferInsert)[] = [];
    const pointRows: (typeof accessPoints.$inferInsert)[] = [];
    const lockRows: (typeof locks.$inferInsert)[] = [];
    const codeRows: (typeof accessCodes.$inferInsert)[] = [];
    const lockCodeRows: (typeof lockCodes.$inferInsert)[] = [];
    for (let i = 0; i < count; i++) {
      const world = lockWorld(i);
      const hubId = random.uuid();
      const accessPointId = random.uuid();
      const lockId = random.uuid();
      hubIds.push(hubId);
      lockIds.push(lockId);
      hubRows.push({ id: hubId, communityId, name: `${label} hub ${i}`, online: false, createdAt: at });
      pointRows.push({
        id: accessPointId,
        communityId,
        name: `${label} door ${i}`,
        kind: 'community_door',
        unitId: null,
        createdAt: at,
      });
      const reported = reportedOf(world);
      lockRows.push({
        id: lockId,
        communityId,
        accessPointId,
        hubId,
        connectivity: 'hub',
        codeLengths: CODE_LENGTHS,
        slotCount: SLOTS,
        nativeSchedules: false,
        readableCodes: world.readable,
        ...(reported === null ? { inventoryEnc: null } : storedInventory(cipher, lockId, reported)),
        inventoryAt: reported === null ? null : at,
        createdAt: at,
      });
      for (const c of world.codes) {
        const id = random.uuid();
        const prints = cipher.fingerprints(c.pin);
        codeRows.push({
          id,
          communityId,
          holderId: staffId,
          kind: 'staff',
          scope: null,
          origin: 'generated',
          pinEnc: cipher.encrypt(c.pin, id),
          fp: prints.fp,
          fp4: prints.fp4,
          codeLength: c.pin.length,
          previousPinEnc: c.previousPin === null ? null : cipher.encrypt(c.previousPin, id),
          version: c.version,
          status: c.present ? 'active' : 'revoked',
          createdAt: at,
          updatedAt: at,
          revokedAt: c.present ? null : at,
        });
        const held = c.role === 'changed' ? cipher.fingerprints(c.previousPin!) : prints;
        const confirmed = c.reportedVersion !== null;
        lockCodeRows.push({
          id: random.uuid(),
          communityId,
          accessCodeId: id,
          lockId,
          slot: c.slot,
          state: c.role === 'confirmed' ? 'active' : c.role === 'revoked' ? 'removing' : 'pending',
          reason: c.role === 'confirmed' ? null : 'awaiting_sync',
          intent: c.present ? 'present' : 'absent',
          desiredVersion: c.version,
          reportedVersion: c.reportedVersion,
          reportedFp: confirmed ? held.fp : null,
          reportedFp4: confirmed ? held.fp4 : null,
          reportedLength: confirmed ? 6 : null,
          attempts: 0,
          updatedAt: at,
        });
      }
    }
    const insertAll = async <T>(rows: T[], insert: (batch: T[]) => Promise<unknown>) => {
      for (let offset = 0; offset < rows.length; offset += 1_000) await insert(rows.slice(offset, offset + 1_000));
    };
    await insertAll(hubRows, (b) => tx.insert(hubs).values(b));
    await insertAll(pointRows, (b) => tx.insert(accessPoints).values(b));
    await insertAll(lockRows, (b) => tx.insert(locks).values(b));
    await insertAll(codeRows, (b) => tx.insert(accessCodes).values(b));
    await insertAll(lockCodeRows, (b) => tx.insert(lockCodes).values(b));
  });
  await db.execute(sql`analyze`);
  return { lockIds, hubIds, seconds: (performance.now() - started) / 1000 };
}

async function dbPass(
  id: string,
  name: string,
  lockIds: readonly string[],
  concurrency: number,
  pass: (lockId: string) => Promise<number>,
): Promise<DbPass> {
  const perLock: number[] = [];
  let sent = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < lockIds.length) {
      const lockId = lockIds[next++]!;
      const start = performance.now();
      sent += await pass(lockId);
      perLock.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wallMs = performance.now() - started;
  return { id, name, perLock: summarize(perLock), wallMs, extrapolatedMs: (wallMs / lockIds.length) * 10_000, sent };
}

export async function runReconcilePass(
  keyway: Keyway,
  communityId: string,
  options: ReconcilePassOptions,
): Promise<ReconcilePassResults> {
  const { log } = options;
  const { planner, decryptAndPlan } = runPlanner(options, keyway);

  // b. The simulated hubs and the sync engine stop first: nothing else may reconcile these locks meanwhile.
  await keyway.sim?.stop();
  await keyway.sync.stop();
  const seeded = await seedLocks(keyway, communityId, options.dbLocks);
  const codes = options.dbLocks * SLOTS;
  log(
    `  b.  ${options.dbLocks} locks × ${SLOTS} codes in the database (${codes.toLocaleString('en-US')} access_codes + lock_codes rows, ` +
      `each lock on its own offline hub) inserted in ${seeded.seconds.toFixed(1)} s, then ANALYZE`,
  );

  const published: HubCommand[] = [];
  const deps: ReconcileDeps = {
    db: keyway.deps.db,
    clock: keyway.deps.clock,
    random: keyway.deps.random,
    cipher: keyway.deps.cipher,
    hubs: { publishCommand: async (_hubId, command) => void published.push(command) },
  };
  const reconcile = async (lockId: string) => (await reconcileLock(deps, lockId)).sent;
  const passes: DbPass[] = [];
  const report = (p: DbPass) => {
    passes.push(p);
    log(
      `      ${`${p.id} ${p.name}`.padEnd(44)} per lock ${summaryLine(p.perLock)}; mean ${ms(p.perLock.mean)}; ${p.sent} commands sent; ` +
        `wall ${ms(p.wallMs)}${p.queue?.stalled ? '' : ` → ${ms(p.extrapolatedMs)} for 10,000 locks`}`,
    );
    if (p.queue) {
      log(
        `      ${''.padEnd(44)} ${p.queue.done}/${options.dbLocks} passes done; enqueueing the ${options.dbLocks} jobs took ${ms(p.queue.enqueuedMs)}` +
          (p.queue.stalled
            ? `; STALLED: no pass finished in the ${p.queue.stallMs / 1000} s after the last one at ${ms(p.wallMs)}, ${options.dbLocks - p.queue.done} jobs left`
            : ''),
      );
    }
  };

  report(await dbPass('b1', 'hubs offline (plan, hold 3 rows)', seeded.lockIds, 1, reconcile));
  await keyway.deps.db.update(hubs).set({ online: true }).where(inArray(hubs.id, seeded.hubIds));
  report(await dbPass('b2', 'hubs online (plan, send 3 commands)', seeded.lockIds, 1, reconcile));
  const expected = options.dbLocks * 3;
  if (passes[1]!.sent !== expected || published.length !== expected) {
    throw new Error(
      `b2 should have sent ${expected} commands, sent ${passes[1]!.sent} (published ${published.length})`,
    );
  }
  report(await dbPass('b3', 'nothing new (all in flight)', seeded.lockIds, 1, reconcile));
  report(await dbPass('b3', `same, ${options.concurrency} at a time`, seeded.lockIds, options.concurrency, reconcile));
  report(await queuePass(keyway, seeded.lockIds, deps, options.queueStallMs, false));
  // As a change's own transaction enqueues its locks (assignPin, moveOut, issueResidentCards…).
  report(await queuePass(keyway, seeded.lockIds, deps, options.queueStallMs, true));
  if (passes.slice(2).some((p) => p.sent !== 0)) throw new Error('a pass with nothing new sent commands');
  const setBased = options.passLocks > 0 ? await runSetBased(keyway, communityId, deps, options) : null;
  if (passes.some((p) => p.queue?.stalled)) {
    log(
      "      (a queue pass that STALLED stopped waiting: the jobs left are only found by pg-boss's backstop poll, " +
        'notifyPollingIntervalSeconds, 30 s by default while LISTEN/NOTIFY is up)',
    );
  }
  return {
    locks: options.locks,
    setBased,
    planner,
    decryptAndPlan,
    dbLocks: options.dbLocks,
    seedSeconds: seeded.seconds,
    passes,
  };
}

/**
 * c. The set-based pass over `passLocks` stored locks, all in one reconcileLocks call, as the reconcile worker
 * runs it for a batch of jobs (here: every lock at once). Wall time, measured.
 */
async function runSetBased(
  keyway: Keyway,
  communityId: string,
  deps: ReconcileDeps,
  options: ReconcilePassOptions,
): Promise<NonNullable<ReconcilePassResults['setBased']>> {
  const { log } = options;
  const count = options.passLocks;
  const seeded = await seedLocks(keyway, communityId, count, 'Set');
  // Chunks in flight at once on PostgreSQL (RECONCILE_LANES); PGlite has one connection. On a 2-core machine two
  // lanes measured no faster than one (PostgreSQL's side of the reads is the bottleneck), so the default is one.
  const lanes = keyway.database.kind === 'postgres' ? options.chunkLanes : 1;
  log(
    `  c.  ${count.toLocaleString('en-US')} locks × ${SLOTS} codes in the database (${(count * SLOTS).toLocaleString('en-US')} access_codes + ` +
      `lock_codes rows) inserted in ${seeded.seconds.toFixed(1)} s, then ANALYZE; reconcileLocks over all of them, ` +
      `${options.chunkSize} locks per transaction, ${lanes} transaction${lanes === 1 ? '' : 's'} at a time`,
  );
  let published = 0;
  const passDeps = {
    ...deps,
    hubs: { publishCommand: async () => void published++ },
    instanceId: 'bench',
    chunkSize: options.chunkSize,
    chunkConcurrency: lanes,
  };
  const passes: SetPass[] = [];
  const run = async (id: string, name: string, expectSent: number) => {
    const load = os.loadavg()[0] ?? 0;
    const started = performance.now();
    const results = await reconcileLocks(passDeps, seeded.lockIds);
    const elapsed = performance.now() - started;
    const sent = results.reduce((sum, r) => sum + r.sent, 0);
    if (sent !== expectSent) throw new Error(`${id} should have sent ${expectSent} commands, sent ${sent}`);
    passes.push({ id, name, ms: elapsed, sent, load });
    log(
      `      ${`${id} ${name}`.padEnd(44)} ${ms(elapsed)} for ${count.toLocaleString('en-US')} locks (${((elapsed * 1000) / count).toFixed(0)} µs/lock); ` +
        `${sent.toLocaleString('en-US')} commands sent; target ≤ ${PASS_TARGET_MS} ms: ${elapsed <= PASS_TARGET_MS ? 'met' : 'NOT met'}; load ${load.toFixed(2)}`,
    );
  };
  await run('c1', 'hubs offline (plan, hold 3 rows each)', 0);
  await keyway.deps.db.update(hubs).set({ online: true }).where(inArray(hubs.id, seeded.hubIds));
  await run('c2', 'hubs online (plan, send 3 commands each)', count * 3);
  if (published !== count * 3) throw new Error(`c2 published ${published} commands, expected ${count * 3}`);
  await run('c3', 'nothing new (all in flight)', 0);
  return { locks: count, chunkSize: options.chunkSize, seedSeconds: seeded.seconds, passes };
}

/**
 * The no-op pass again, but as the system runs it: one reconcile job per lock on the pg-boss queue, taken
 * by a worker with the sync engine's settings (a new JobQueue on the same database, like a second server
 * process, in a pg-boss schema of its own), the jobs sent one by one as the sweep and hub reports send
 * them, or all in one transaction as a change's own transaction sends them. Wall time from the first
 * enqueue to the last pass done. If no pass finishes for `stallMs` while jobs are left, the wait ends there
 * and the figure says so (pg-boss then only finds them at its next backstop poll).
 */
async function queuePass(
  keyway: Keyway,
  lockIds: readonly string[],
  deps: ReconcileDeps,
  stallMs: number,
  oneTransaction: boolean,
): Promise<DbPass> {
  // A pg-boss schema of its own, so jobs left over by an earlier pass (or by the Keyway) are not in this one.
  const queue = await startJobQueue(keyway.database, createLogger('silent'), {
    schema: oneTransaction ? 'bench_queue_tx' : 'bench_queue',
  });
  const perLock: number[] = [];
  const doneAt: number[] = [];
  let sent = 0;
  let started = performance.now();
  try {
    await queue.work(async (jobs) => {
      // As the sync engine's worker: one set-based pass per batch of jobs. Per-lock time = the batch's / its size.
      const start = performance.now();
      const results = await reconcileLocks(
        deps,
        jobs.map((job) => job.lockId),
      );
      const each = (performance.now() - start) / jobs.length;
      for (const result of results) {
        sent += result.sent;
        perLock.push(each);
        doneAt.push(performance.now() - started);
      }
    });
    started = performance.now();
    if (oneTransaction) await keyway.deps.db.transaction((tx) => queue.enqueueReconcile(lockIds, tx));
    else await queue.enqueueReconcile(lockIds);
    const enqueuedMs = performance.now() - started;
    while (doneAt.length < lockIds.length && performance.now() - started - (doneAt.at(-1) ?? enqueuedMs) < stallMs) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const lastMs = doneAt.at(-1) ?? Number.NaN;
    const stalled = doneAt.length < lockIds.length;
    return {
      id: oneTransaction ? 'b4' : 'b3',
      name: oneTransaction ? 'same via the queue, sent in 1 transaction' : 'same, through the queue (pg-boss)',
      perLock: summarize(perLock),
      wallMs: lastMs,
      // A stalled pass has no honest total: the jobs left wait for pg-boss's next backstop poll.
      extrapolatedMs: stalled ? Number.NaN : (lastMs / lockIds.length) * 10_000,
      sent,
      queue: { enqueuedMs, done: doneAt.length, stalled, stallMs },
    };
  } finally {
    await queue.stop();
  }
}
