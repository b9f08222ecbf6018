/**
 * Benchmark: 100,000 scheduled guest codes (issue "guest codes") — the time to compute their next
 * boundaries, and the lag between a window opening and the set_code being sent (target p99 ≤ 1 s).
 *
 *  a. Pure: 100,000 GuestValidity values in America/Chicago (guestValidities.ts: 40% recurring, 40%
 *     temporary, 20% delivery, everything starting 10 min or more after `now`); `nextBoundary(v, now)` (the
 *     closed form) for all of them, median of 3 passes (each pass times the three types separately, in that
 *     order); one pass of the old day-by-day walk (schedule.reference.ts) beside it, every result compared; then
 *     `presence()` as a hub lock without native schedules asks it, on a 10,000-code sample of the same mix.
 *  b. With the database (PGlite in memory, or a fresh database on the PostgreSQL server of `databaseUrl`):
 *     1. a Keyway with config.demo seeds the demo community and is closed (its simulated world too);
 *     2. 1,000 extra doors are inserted: access points `community_door`, locks on the demo's Building hub,
 *        native_schedules false, 200 slots, readable codes;
 *     3. a second Keyway boots on the same database with a BenchClock (still, like a ManualClock, until the lag
 *        run; then real time), KEYWAY_SIM_LATENCY_MS 0-0, and the
 *        periodic sweep pushed to once an hour (only the bench's explicit sweepNow() runs). Its SimWorld
 *        provisions every lock, the hub announces itself and reports 1,000+ inventories, and the bench waits
 *        until that boot reconcile is over (hub online, every inventory applied, reconcile queue empty);
 *     4. N guest codes are bulk-inserted (owner Alex, kind guest, 6-digit distinct generatable PINs
 *        encrypted with keyway.deps.cipher), one lock_codes row each, spread round-robin over the 1,000
 *        locks (~100 per lock), in the state a reconcile pass leaves a guest code between windows:
 *        pending / outside_window, no slot, next_boundary_at = first window start − PUT_ON_LEAD_MS (taken
 *        from pass (a) and checked against presence() on a sample). N = 100,000 when the first 10,000
 *        project to ≤ 60 s of insert time, else 20,000. `ANALYZE access_codes` runs after the first 1,000
 *        and every 10,000 (see insertCodes: a cached foreign-key plan); lock_codes is left as loaded.
 *        The codes go in after the boot on purpose: a boot reconciles every lock of the hub, and with
 *        100,000 codes that is itself a large cost (printed as an estimate from (a)) that has nothing to do
 *        with the boundary sweep. 200 of the codes are temporary codes whose window opens exactly at
 *        T = now + 5 min, 4 on each of 50 locks; every other code's first boundary is ≥ 8 min after now;
 *     5. the sweep query, `locksDueForRetry(db, T − 2 min + 1 ms, SWEEP_DUE_ROWS)` (200 rows due, 50 locks): 50 runs
 *        after 5 warm-ups, with the planner statistics the load left behind, then after ANALYZE, with
 *        EXPLAIN ANALYZE of both; then, if the retry branch still reads every quiet row, as a what-if with a
 *        partial index on it (dropped again right after);
 *     6. the lag, with the boundary alarm (src/sync/boundaryAlarm.ts): the clock is set to 1 s before the
 *        targets' boundary (T − 2 min) and runs in real time from there; one `keyway.sync.sweepNow()` (the last
 *        periodic sweep before the boundary: nothing due) arms the alarm, whose sweep at the boundary is the only
 *        other one. An extra MQTT client subscribed to the hub topics stamps (performance.now()) every set_code of
 *        the 200 codes and its result as they cross the broker: the command is "sent" when the hub could receive it,
 *        and lags count from the instant the clock reads the boundary — no sweep period to add. Per-pass times
 *        come from pg-boss's own job rows (created/started/completed, server time). Then the reconcile jobs still
 *        waiting 2 s after the last result are counted (jobs left for the worker's backstop poll) and the queue
 *        is drained;
 *     7. why: one reconcile pass alone over each of 20 other locks (~100 codes, nothing due), and the part
 *        of it that is presence() for the lock's rows.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { createKeyway, type Keyway } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { DEMO_ACCOUNTS } from '../src/demo/seedDemo.ts';
import { walkingNextBoundary } from '../src/domain/guest/schedule.reference.ts';
import { type GuestValidity, nextBoundary } from '../src/domain/guest/schedule.ts';
import { isGeneratable } from '../src/domain/pin/codeSpace.ts';
import { createLogger } from '../src/logger.ts';
import { connectMqtt } from '../src/mqtt/connectMqtt.ts';
import type { Clock } from '../src/platform/clock.ts';
import { cryptoRandom } from '../src/platform/random.ts';
import { serverMqttIdentity } from '../src/security/hubCredentials.ts';
import type { PinCipher } from '../src/security/pinCipher.ts';
import { personPrincipal } from '../src/services/principal.ts';
import type { Db } from '../src/store/database.ts';
import { queryRows } from '../src/store/rawQuery.ts';
import { type LockCodeRow, lockCodeRows, lockForSync, locksDueForRetry } from '../src/store/repositories/lockSync.ts';
import { findPersonByEmail } from '../src/store/repositories/principals.ts';
import { type accessCodes, accessPoints, hubs, lockCodes, lockCommands, locks } from '../src/store/schema.ts';
import { HubKeyring } from '../src/sync/hubKeyring.ts';
import { hubCommandSchema, openHubCommand, parseHubTopic } from '../src/sync/hubProtocol.ts';
import { reconcileLock } from '../src/sync/reconcileLock.ts';
import { SWEEP_DUE_ROWS } from '../src/sync/sweep.ts';
import { PUT_ON_LEAD_MS, presence } from '../src/sync/wanted.ts';
import { type BenchDatabase, openBenchDatabase } from './database.ts';
import { crossesMidnight, GRACE_MINUTES, MINUTE_MS, randomValidity, seededRng } from './guestValidities.ts';
import { ms, type Summary, summarize } from './percentiles.ts';

export interface GuestBoundaryRow {
  figure: string;
  value: string;
  target: string;
  status: string;
}

const TIME_ZONE = 'America/Chicago';
const CODES = 100_000;
const FALLBACK_CODES = 20_000;
const INSERT_BUDGET_S = 60;
const PROBE_CODES = 10_000;
const EXTRA_LOCKS = 1_000;
const SLOTS = 200;
const TARGET_CODES = 200;
const TARGET_LOCKS = 50;
/** When the target windows open, after now (every other code's first window opens ≥ 10 min after now). */
const T_MS = 5 * MINUTE_MS;
/** How long a lag run waits for its set_codes and their results. */
const LAG_WAIT_MS = 45_000;
const MIN_LEAD_MS = 10 * MINUTE_MS;
const PRESENCE_SAMPLE = 10_000;
const PASS_LOCKS = 20;
const CHECK_SAMPLE = 2_000;
const SWEEP_RUNS = 50;
const SWEEP_LIMIT = SWEEP_DUE_ROWS;
const LAG_TARGET_MS = 1_000;
/** The last periodic sweep before the boundary runs this long before it (and arms the alarm). */
const ARM_LEAD_MS = 1_000;
const BATCH = 1_000;
const TYPES = ['recurring', 'temporary', 'delivery'] as const;

const count = (n: number) => n.toLocaleString('en-US');
const seconds = (msValue: number) => `${(msValue / 1000).toFixed(1)} s`;
const us = (msValue: number, n: number) => `${((msValue * 1000) / n).toFixed(1)} µs`;
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
const sleep = (msValue: number) => new Promise((resolve) => setTimeout(resolve, msValue));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function runGuestBoundaryBench(options: { databaseUrl?: string }): Promise<{ rows: GuestBoundaryRow[] }> {
  const log = (line: string) => console.log(line);
  const rows: GuestBoundaryRow[] = [];
  const row = (figure: string, value: string, target: string, status: string) =>
    rows.push({ figure, value, target, status });
  const started = performance.now();
  const now0 = new Date();
  const load = () =>
    os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ');
  log(
    `Guest codes: ${count(CODES)} scheduled guest codes in ${TIME_ZONE}, next boundaries and window-opening lag (load average ${load()})`,
  );

  // ---- a. pure -------------------------------------------------------------------------------------
  const pure = runPure(now0, log);
  row(
    `a  nextBoundary × ${count(CODES)}, closed form (median of 3 passes)`,
    `${ms(pure.totalMs)} = ${us(pure.totalMs, CODES)}/code`,
    '— (reported)',
    '',
  );
  row(
    `   the old day-by-day walk × ${count(CODES)} (1 pass), ratio`,
    `${ms(pure.walking.totalMs)} = ${us(pure.walking.totalMs, CODES)}/code; ${(pure.walking.totalMs / pure.totalMs).toFixed(1)}×`,
    'closed form faster, same results',
    `${met(pure.walking.totalMs > pure.totalMs && pure.walking.mismatches === 0)} (${pure.walking.mismatches} differ)`,
  );
  row(
    '   recurring only, per code: closed form / walk',
    `${us(pure.byTypeMs.recurring, pure.byTypeCount.recurring)} / ${us(pure.walking.byTypeMs.recurring, pure.byTypeCount.recurring)} = ${(pure.walking.byTypeMs.recurring / pure.byTypeMs.recurring).toFixed(1)}×`,
    '— (reported)',
    '',
  );
  row(
    '   by type, per code: recurring / temporary / delivery',
    TYPES.map((t) => us(pure.byTypeMs[t], pure.byTypeCount[t])).join(' / '),
    '— (reported)',
    '',
  );
  row(
    `   presence() hub lock, no native schedules (${count(PRESENCE_SAMPLE)} sample)`,
    `${us(pure.presenceMs, PRESENCE_SAMPLE)}/code ≈ ${seconds((pure.presenceMs * CODES) / PRESENCE_SAMPLE)} per ${count(CODES)}`,
    '— (reported)',
    '',
  );

  // ---- b. database ---------------------------------------------------------------------------------
  log('');
  const benchDb = await openDatabaseFor(options.databaseUrl);
  log(` b. database: ${benchDb.label}`);
  const secretKey = randomBytes(32);
  const clock = new BenchClock(now0);
  const config = loadConfig({
    KEYWAY_DEMO: 'true',
    LOG_LEVEL: 'silent',
    KEYWAY_MQTT_PORT: '0',
    KEYWAY_SIM_LATENCY_MS: '0-0',
  });
  const logger = createLogger('silent');
  let keyway: Keyway | undefined;
  try {
    let t = performance.now();
    const first = await createKeyway({ config, logger, clock, database: benchDb.database, secretKey });
    if (!first.demoSeeded) throw new Error('expected an empty database and a freshly seeded demo community');
    const cipher = first.deps.cipher;
    await first.close({ keepSim: false });
    log(`    Keyway #1 seeded the demo and was closed (with its simulated world) in ${seconds(performance.now() - t)}`);

    const db = benchDb.database.db;
    const demo = await findDemo(db);
    t = performance.now();
    const lockIds = await insertLocks(db, demo, now0);
    log(
      `    ${count(EXTRA_LOCKS)} locks inserted (community_door, Building hub, ${SLOTS} slots, no native schedules) in ${seconds(performance.now() - t)}`,
    );

    t = performance.now();
    keyway = await createKeyway({
      config,
      logger,
      clock,
      database: benchDb.database,
      secretKey,
      sweepIntervalMs: 3_600_000,
    });
    const bootMs = performance.now() - t;
    const hubLocks = (keyway.sim?.locks() ?? []).filter((l) => l.hubId === demo.buildingHubId).length;
    t = performance.now();
    const booted = await settle(keyway, db, demo.buildingHubId);
    log(
      `    Keyway #2 booted in ${seconds(bootMs)} (SimWorld: ${count(hubLocks)} locks on the Building hub); boot reconcile over ` +
        `(hub online, ${count(booted.inventories)} inventories applied, reconcile queue empty) ${seconds(performance.now() - t)} later` +
        (booted.nudges > 0
          ? ` (${booted.nudges} NOTIFY nudges for jobs left to the backstop poll, see drainQueue)`
          : ''),
    );

    // b4. the codes
    const groups: TargetGroup[] = [{ T: new Date(now0.getTime() + T_MS), lockIds: lockIds.slice(0, TARGET_LOCKS) }];
    const seed = await insertCodes(db, cipher, demo, lockIds, now0, groups, pure, log);
    row(
      `b  bulk insert guest codes + lock rows (1,000 rows/statement, jsonb_to_recordset)`,
      `${count(seed.inserted)} in ${seconds(seed.ms)}`,
      `≤ ~${INSERT_BUDGET_S} s for ${count(CODES)}, else ${count(FALLBACK_CODES)}`,
      seed.inserted === CODES
        ? `N = ${count(CODES)}`
        : `N = ${count(FALLBACK_CODES)} (projected ${seconds(seed.projectedMs)} for ${count(CODES)})`,
    );
    const bootCpuS = (pure.presenceMs * seed.inserted) / PRESENCE_SAMPLE / 1000;
    log(
      `    (for scale: a server boot reconciles every lock of the hub at least once; with these ${count(seed.inserted)} codes that is ` +
        `≥ ${count(seed.inserted)} presence() calls ≈ ≥ ${bootCpuS.toFixed(0)} s of CPU on the server's one thread, from (a), plus the database work)`,
    );

    // b5. the sweep query, when the target windows are 2 min away
    const sweepAt = new Date(groups[0]!.T.getTime() - PUT_ON_LEAD_MS + 1);
    log(
      `    sweep query locksDueForRetry(db, T − 2 min + 1 ms, ${SWEEP_LIMIT}); ${count(TARGET_CODES)} rows due on ${TARGET_LOCKS} locks, ${count(seed.inserted)} guest rows in all:`,
    );
    const stale = await measureSweep(db, sweepAt, groups[0]!.lockIds);
    log(`      planner statistics as the load left them: ${sweepLine(stale)}`);
    for (const line of stale.plan) log(`        ${line}`);
    t = performance.now();
    await db.execute(sql`analyze access_codes`);
    await db.execute(sql`analyze lock_codes`);
    log(`      ANALYZE access_codes, lock_codes: ${seconds(performance.now() - t)}`);
    const analyzed = await measureSweep(db, sweepAt, groups[0]!.lockIds);
    log(`      after ANALYZE: ${sweepLine(analyzed)}`);
    for (const line of analyzed.plan) log(`        ${line}`);
    // What-if, only where the retry branch still reads every quiet row: a partial index on exactly the rows it asks for.
    let partial: SweepMeasure | undefined;
    if (!analyzed.retry.indexed || analyzed.retry.rowsRemoved > 0) {
      await db.execute(
        sql.raw(`create index bench_lock_codes_due on lock_codes (next_attempt_at) where ${RETRY_PREDICATE}`),
      );
      await db.execute(sql`analyze lock_codes`);
      partial = await measureSweep(db, sweepAt, groups[0]!.lockIds);
      await db.execute(sql`drop index bench_lock_codes_due`);
      log(
        `      what-if, with a partial index on the retry branch (${RETRY_PREDICATE_SHORT}), dropped right after: ${sweepLine(partial)}`,
      );
      for (const line of partial.plan) log(`        ${line}`);
    } else {
      log(`      (the retry branch is already an index scan, on ${analyzed.retry.scan}: no what-if needed)`);
    }
    const scanStatus = (s: SweepMeasure) =>
      `${s.boundary.indexed ? 'met' : 'NOT met'}: boundary branch ${s.boundary.scan}; retry branch ${s.retry.scan}` +
      (s.retry.rowsRemoved > 0 ? ` reading ${count(s.retry.rowsRemoved)} rows to return none` : '');
    row(
      '   sweep query p50, stale planner stats',
      `${ms(stale.summary.p50)} (p99 ${ms(stale.summary.p99)})`,
      'index scan',
      scanStatus(stale),
    );
    row(
      '   sweep query p50, after ANALYZE',
      `${ms(analyzed.summary.p50)} (p99 ${ms(analyzed.summary.p99)})`,
      'index scan',
      scanStatus(analyzed),
    );
    if (partial) {
      row(
        '   what-if: + partial index on the retry branch',
        `${ms(partial.summary.p50)} (p99 ${ms(partial.summary.p99)})`,
        '— (not in src/)',
        scanStatus(partial).replace(/^(NOT )?met: /, ''),
      );
    }

    // b6. the lag
    const lag = await measureLag(keyway, db, clock, groups[0]!.T, seed.targets[0]!, log);
    const pass = await measurePass(keyway, lockIds.slice(TARGET_LOCKS, TARGET_LOCKS + PASS_LOCKS), log);
    const lagStatus =
      lag.missing > 0
        ? `NOT met (${lag.missing} not sent within ${seconds(LAG_WAIT_MS)})`
        : met(lag.command.p99 <= LAG_TARGET_MS);
    row(
      `   lag boundary → set_code sent (alarm, no sweep period), p50 (${TARGET_CODES} codes, ${TARGET_LOCKS} locks)`,
      ms(lag.command.p50),
      '—',
      `${lag.within}/${TARGET_CODES} within ${ms(LAG_TARGET_MS)}`,
    );
    row(
      '   lag boundary → set_code sent (alarm, no sweep period), p99',
      ms(lag.command.p99),
      `≤ ${ms(LAG_TARGET_MS)} incl. any period`,
      lagStatus,
    );
    row(
      '   earliest set_code relative to the boundary',
      ms(lag.command.min),
      '≥ 0 (never before)',
      met(lag.missing === 0 && lag.command.min >= 0),
    );
    row('   boundary → result (code on the lock), p99', ms(lag.result.p99), '—', '');
    row(
      `   one reconcile pass, ~${count(Math.round(seed.inserted / EXTRA_LOCKS))}-code lock, nothing due, alone, p50`,
      `${ms(pass.pass.p50)} (presence() of its rows ${ms(pass.presence.p50)})`,
      '— (why the lag)',
      '',
    );
    row(
      '   reconcile jobs left waiting 2 s after the last result',
      `${lag.stuck.waiting} (oldest ${seconds(lag.stuck.oldestMs)})`,
      '— (timing-dependent)',
      lag.stuck.waiting === 0 ? 'none this run' : "left for the worker's backstop poll",
    );
    row(
      '   set_code sent relative to the window opening itself (T), worst',
      lag.missing > 0 ? 'some never sent' : `${((lag.command.max - PUT_ON_LEAD_MS) / 1000).toFixed(1)} s`,
      '≤ +1 s',
      `${met(lag.missing === 0 && lag.command.max - PUT_ON_LEAD_MS <= LAG_TARGET_MS)} (put on 2 min ahead)`,
    );
  } finally {
    await keyway?.close({ keepSim: false }).catch((error: unknown) => console.error('closing Keyway #2 failed', error));
    await benchDb.close();
  }
  log(`  guest-code bench time ${seconds(performance.now() - started)} (load average now ${load()})`);
  return { rows };
}

// ---- a. pure ----------------------------------------------------------------------------------------

interface PureResults {
  validities: GuestValidity[];
  /** nextBoundary(v, now) of the last pass, epoch ms (NaN: none). */
  boundaries: Float64Array;
  totalMs: number;
  byTypeMs: Record<(typeof TYPES)[number], number>;
  byTypeCount: Record<(typeof TYPES)[number], number>;
  presenceMs: number;
  /** The old day-by-day walk (schedule.reference.ts), one pass: total and per type, and results that differ. */
  walking: { totalMs: number; byTypeMs: Record<(typeof TYPES)[number], number>; mismatches: number };
}

function runPure(now: Date, log: (line: string) => void): PureResults {
  const rng = seededRng(20_260_101);
  let t = performance.now();
  const validities = Array.from({ length: CODES }, () =>
    randomValidity(rng, { now, timeZone: TIME_ZONE, minLeadMs: MIN_LEAD_MS }),
  );
  const buildMs = performance.now() - t;
  const indexes = Object.fromEntries(TYPES.map((type) => [type, [] as number[]])) as Record<
    (typeof TYPES)[number],
    number[]
  >;
  validities.forEach((v, i) => {
    indexes[v.type as (typeof TYPES)[number]].push(i);
  });
  const byTypeCount = Object.fromEntries(TYPES.map((type) => [type, indexes[type].length])) as Record<
    (typeof TYPES)[number],
    number
  >;
  const midnight = validities.filter((v) => v.schedule && crossesMidnight(v.schedule)).length;
  log(
    ` a. ${count(CODES)} validities built in ${ms(buildMs)}: ${count(byTypeCount.recurring)} recurring (${count(midnight)} crossing midnight), ` +
      `${count(byTypeCount.temporary)} temporary, ${count(byTypeCount.delivery)} delivery; all start ≥ now + 10 min`,
  );

  const boundaries = new Float64Array(CODES);
  const passes: { total: number; byType: Record<string, number> }[] = [];
  for (let pass = 0; pass < 3; pass++) {
    const byType: Record<string, number> = {};
    for (const type of TYPES) {
      const list = indexes[type];
      t = performance.now();
      for (const i of list) boundaries[i] = nextBoundary(validities[i]!, now)?.getTime() ?? Number.NaN;
      byType[type] = performance.now() - t;
    }
    const total = TYPES.reduce((sum, type) => sum + byType[type]!, 0);
    passes.push({ total, byType });
    log(
      `    nextBoundary pass ${pass + 1}: ${ms(total)} (${TYPES.map((type) => `${type} ${ms(byType[type]!)}`).join(', ')})`,
    );
  }
  const totalMs = median(passes.map((p) => p.total));
  const byTypeMs = Object.fromEntries(
    TYPES.map((type) => [type, median(passes.map((p) => p.byType[type]!))]),
  ) as Record<(typeof TYPES)[number], number>;
  const nulls = boundaries.reduce((n, b) => n + (Number.isNaN(b) ? 1 : 0), 0);
  log(
    `    nextBoundary × ${count(CODES)}: median ${ms(totalMs)} = ${us(totalMs, CODES)}/code; per code: ` +
      `${TYPES.map((type) => `${type} ${us(byTypeMs[type], byTypeCount[type])}`).join(', ')}; ${nulls} without a boundary`,
  );

  // The walk nextBoundary was before the closed form (issue 12), on the same codes: one pass (it is slow), and
  // every result compared with the closed form's.
  const walkingByType = {} as Record<(typeof TYPES)[number], number>;
  let mismatches = 0;
  for (const type of TYPES) {
    const list = indexes[type];
    const results = new Float64Array(list.length);
    t = performance.now();
    list.forEach((i, k) => {
      results[k] = walkingNextBoundary(validities[i]!, now)?.getTime() ?? Number.NaN;
    });
    walkingByType[type] = performance.now() - t;
    list.forEach((i, k) => {
      if (!Object.is(results[k], boundaries[i])) mismatches++;
    });
  }
  const walkingMs = TYPES.reduce((sum, type) => sum + walkingByType[type], 0);
  log(
    `    the old walk (schedule.reference.ts), one pass: ${ms(walkingMs)} (${TYPES.map((type) => `${type} ${ms(walkingByType[type])}`).join(', ')}); ` +
      `closed form ${(walkingMs / totalMs).toFixed(1)}× faster, recurring ${(walkingByType.recurring / byTypeMs.recurring).toFixed(1)}×; ` +
      `${mismatches} results differ`,
  );

  // presence() as reconcile asks it for a hub lock without native schedules: a sample of the same mix.
  const lock = {
    connectivity: 'hub' as const,
    nativeSchedules: false,
    timeZone: TIME_ZONE,
    deliveryGraceMinutes: GRACE_MINUTES,
  };
  const sample = validities.slice(0, PRESENCE_SAMPLE).map((v) => codeRowOf(v));
  let present = 0;
  t = performance.now();
  for (const r of sample) if (presence(r, lock, now).present) present++;
  const presenceMs = performance.now() - t;
  log(
    `    presence() (hub lock, no native schedules) on ${count(PRESENCE_SAMPLE)} of them: ${ms(presenceMs)} = ${us(presenceMs, PRESENCE_SAMPLE)}/code ` +
      `(${present} present) — it calls isValidAt twice and nextBoundary twice`,
  );
  return {
    validities,
    boundaries,
    totalMs,
    byTypeMs,
    byTypeCount,
    presenceMs,
    walking: { totalMs: walkingMs, byTypeMs: walkingByType, mismatches },
  };
}

/** The fields presence() reads, as lockCodeRows would return them for a guest code. */
function codeRowOf(v: GuestValidity): LockCodeRow {
  return {
    id: '',
    accessCodeId: '',
    holderId: null,
    slot: null,
    state: 'pending',
    reason: 'outside_window',
    intent: 'present',
    version: 1,
    pinEnc: '',
    fp: '',
    fp4: '',
    codeLength: 6,
    reportedVersion: null,
    attempts: 0,
    nextAttemptAt: null,
    nextBoundaryAt: null,
    kind: 'guest',
    guestType: v.type,
    startsAt: v.startsAt,
    endsAt: v.endsAt,
    schedule: v.schedule ? { days: [...v.schedule.days], start: v.schedule.start, end: v.schedule.end } : null,
    firstUsedAt: v.firstUsedAt ?? null,
    oneTimeUse: false,
  };
}

// ---- b. database: setup ------------------------------------------------------------------------------

/** openBenchDatabase reads DATABASE_URL; the option decides here (absent: PGlite, whatever the environment says). */
async function openDatabaseFor(databaseUrl: string | undefined): Promise<BenchDatabase> {
  const saved = process.env.DATABASE_URL;
  if (databaseUrl) process.env.DATABASE_URL = databaseUrl;
  else delete process.env.DATABASE_URL;
  try {
    return await openBenchDatabase();
  } finally {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  }
}

interface Demo {
  communityId: string;
  alexId: string;
  buildingHubId: string;
}

async function findDemo(db: Db): Promise<Demo> {
  const alex = await findPersonByEmail(db, DEMO_ACCOUNTS[1].email);
  if (!alex) throw new Error('demo resident Alex missing');
  const { communityId } = personPrincipal(alex);
  const [hub] = await db
    .select({ id: hubs.id })
    .from(hubs)
    .where(and(eq(hubs.communityId, communityId), eq(hubs.name, 'Building hub')));
  if (!hub) throw new Error("demo 'Building hub' missing");
  return { communityId, alexId: alex.id, buildingHubId: hub.id };
}

async function insertLocks(db: Db, demo: Demo, at: Date): Promise<string[]> {
  const pointRows: (typeof accessPoints.$inferInsert)[] = [];
  const lockRows: (typeof locks.$inferInsert)[] = [];
  for (let i = 0; i < EXTRA_LOCKS; i++) {
    const accessPointId = cryptoRandom.uuid();
    pointRows.push({
      id: accessPointId,
      communityId: demo.communityId,
      name: `Bench door ${String(i + 1).padStart(4, '0')}`,
      kind: 'community_door',
      unitId: null,
      createdAt: at,
    });
    lockRows.push({
      id: cryptoRandom.uuid(),
      communityId: demo.communityId,
      accessPointId,
      hubId: demo.buildingHubId,
      connectivity: 'hub',
      codeLengths: [4, 6],
      slotCount: SLOTS,
      nativeSchedules: false,
      readableCodes: true,
      createdAt: at,
    });
  }
  await db.transaction(async (tx) => {
    for (let i = 0; i < EXTRA_LOCKS; i += 500) await tx.insert(accessPoints).values(pointRows.slice(i, i + 500));
    for (let i = 0; i < EXTRA_LOCKS; i += 500) await tx.insert(locks).values(lockRows.slice(i, i + 500));
  });
  return lockRows.map((l) => l.id);
}

/** Waits until the boot's work is over: hub online, every lock's inventory applied, then no report or reconcile job left. */
async function settle(keyway: Keyway, db: Db, hubId: string): Promise<{ inventories: number; nudges: number }> {
  const deadline = performance.now() + 180_000;
  for (;;) {
    await keyway.sync.drainReports();
    const [state] = await queryRows<{ online: boolean; missing: number; with_inventory: number }>(
      db,
      sql`select (select online from hubs where id = ${hubId}) as online,
                 (select count(*)::int from locks where hub_id = ${hubId} and inventory_at is null) as missing,
                 (select count(*)::int from locks where hub_id = ${hubId} and inventory_at is not null) as with_inventory`,
    );
    if (state?.online && state.missing === 0) {
      const { nudges } = await drainQueue(keyway, db);
      return { inventories: state.with_inventory, nudges };
    }
    if (performance.now() > deadline) throw new Error(`the boot did not settle: ${JSON.stringify(state)}`);
    await sleep(100);
  }
}

interface Target {
  accessCodeId: string;
  lockId: string;
  pin: string;
}

interface SeedResult {
  inserted: number;
  ms: number;
  projectedMs: number;
  /** Per group: its codes, in the order of `groups`. */
  targets: Target[][];
}

/** A set of target codes: TARGET_CODES temporary codes whose window opens at T, 4 on each of `lockIds`. */
interface TargetGroup {
  T: Date;
  lockIds: string[];
}

async function insertCodes(
  db: Db,
  cipher: PinCipher,
  demo: Demo,
  lockIds: string[],
  now: Date,
  groups: TargetGroup[],
  pure: PureResults,
  log: (line: string) => void,
): Promise<SeedResult> {
  const rng = seededRng(7);
  const used = new Set<string>();
  const newPin = () => {
    for (;;) {
      const pin = String(Math.floor(rng() * 1_000_000)).padStart(6, '0');
      if (!used.has(pin) && isGeneratable(pin)) {
        used.add(pin);
        return pin;
      }
    }
  };
  const lock = {
    connectivity: 'hub' as const,
    nativeSchedules: false,
    timeZone: TIME_ZONE,
    deliveryGraceMinutes: GRACE_MINUTES,
  };
  const perLock = TARGET_CODES / TARGET_LOCKS;
  const targetCodes = groups.map((group) => {
    const validity: GuestValidity = {
      type: 'temporary',
      timeZone: TIME_ZONE,
      startsAt: group.T,
      endsAt: new Date(group.T.getTime() + 2 * 60 * MINUTE_MS),
      schedule: null,
      firstUsedAt: null,
    };
    const boundary = presence(codeRowOf(validity), lock, now).nextBoundaryAt;
    if (boundary?.getTime() !== group.T.getTime() - PUT_ON_LEAD_MS)
      throw new Error(`unexpected boundary for a window at ${group.T.toISOString()}: ${boundary?.toISOString()}`);
    return { validity, boundary, lockIds: group.lockIds };
  });
  const targetCount = groups.length * TARGET_CODES;

  // What reconcile would store, from pass (a) (first start − PUT_ON_LEAD_MS), checked against presence() on a sample.
  const storedBoundary = (i: number): Date | null => {
    const b = pure.boundaries[i]!;
    return Number.isNaN(b) ? null : new Date(b - PUT_ON_LEAD_MS);
  };
  let checked = 0;
  let mismatches = 0;
  const checkT = performance.now();
  for (let i = 0; i < CODES; i += Math.floor(CODES / CHECK_SAMPLE)) {
    const p = presence(codeRowOf(pure.validities[i]!), lock, now);
    checked++;
    if (p.present || (p.nextBoundaryAt?.getTime() ?? null) !== (storedBoundary(i)?.getTime() ?? null)) mismatches++;
  }
  log(
    `    next_boundary_at = first window start − 2 min (from pass a); presence() on ${count(checked)} of them agrees on ` +
      `${count(checked - mismatches)} (none present now) [${ms(performance.now() - checkT)}]`,
  );
  if (mismatches > 0) throw new Error(`${mismatches} stored boundaries differ from presence()`);

  const targets: Target[][] = groups.map(() => []);
  const started = performance.now();
  let total = CODES;
  let projectedMs = 0;
  let inserted = 0;
  while (inserted < total) {
    const codeRows: (typeof accessCodes.$inferInsert)[] = [];
    const lockRows: (typeof lockCodes.$inferInsert)[] = [];
    for (let k = 0; k < BATCH && inserted + k < total; k++) {
      const n = inserted + k;
      // The target codes first (group g: codes g·200 … g·200+199, 4 on each of its 50 locks); then pass (a)'s
      // codes, round-robin over every lock.
      const group = n < targetCount ? targetCodes[Math.floor(n / TARGET_CODES)]! : undefined;
      const v = group ? group.validity : pure.validities[n]!;
      const lockId = group ? group.lockIds[Math.floor((n % TARGET_CODES) / perLock)]! : lockIds[n % lockIds.length]!;
      const next = group ? group.boundary : storedBoundary(n);
      const id = cryptoRandom.uuid();
      const pin = newPin();
      if (group) targets[Math.floor(n / TARGET_CODES)]!.push({ accessCodeId: id, lockId, pin });
      codeRows.push({
        id,
        communityId: demo.communityId,
        holderId: null,
        kind: 'guest',
        scope: null,
        origin: 'generated',
        pinEnc: cipher.encrypt(pin, id),
        ...cipher.fingerprints(pin),
        codeLength: 6,
        version: 1,
        status: 'active',
        ownerId: demo.alexId,
        guestType: v.type,
        guestName: `Bench guest ${n + 1}`,
        startsAt: v.startsAt,
        endsAt: v.endsAt,
        schedule: v.schedule ? { days: [...v.schedule.days], start: v.schedule.start, end: v.schedule.end } : null,
        createdAt: now,
        updatedAt: now,
      });
      lockRows.push({
        id: cryptoRandom.uuid(),
        communityId: demo.communityId,
        accessCodeId: id,
        lockId,
        slot: null,
        state: 'pending',
        reason: 'outside_window',
        desiredVersion: 1,
        intent: 'present',
        attempts: 0,
        nextAttemptAt: null,
        nextBoundaryAt: next,
        updatedAt: now,
      });
    }
    await db.transaction(async (tx) => {
      await tx.execute(insertFromJson('access_codes', ACCESS_CODE_COLUMNS, codeRows));
      await tx.execute(insertFromJson('lock_codes', LOCK_CODE_COLUMNS, lockRows));
    });
    inserted += codeRows.length;
    // Each connection caches the plan of the foreign-key check lock_codes.access_code_id → access_codes. Planned
    // while access_codes held a handful of rows it is a seq scan, and the load turns quadratic (measured on
    // PGlite: 10,000 codes 6.4 s, the next 10,000 17 s, the next 37 s) until an ANALYZE invalidates it; this is
    // what autovacuum would do on a server (PGlite has none). lock_codes itself is not analyzed here.
    if (inserted === BATCH || inserted % 10_000 === 0) await db.execute(sql`analyze access_codes`);
    if (inserted === PROBE_CODES) {
      projectedMs = ((performance.now() - started) * CODES) / PROBE_CODES;
      if (projectedMs > INSERT_BUDGET_S * 1000) total = FALLBACK_CODES;
      log(
        `    first ${count(PROBE_CODES)} codes in ${seconds(performance.now() - started)} → ${count(CODES)} projected at ${seconds(projectedMs)}: ` +
          (total === CODES
            ? `inserting all ${count(CODES)}`
            : `over ${INSERT_BUDGET_S} s, stopping at ${count(FALLBACK_CODES)}`),
      );
    }
  }
  const elapsed = performance.now() - started;
  const [check] = await queryRows<{ codes: number; due: number; weekly: number }>(
    db,
    sql`select (select count(*)::int from access_codes where kind = 'guest') as codes,
               (select count(*)::int from lock_codes where next_boundary_at is not null and reason = 'outside_window') as due,
               (select count(*)::int from access_codes where kind = 'guest' and jsonb_typeof(schedule) = 'object') as weekly`,
  );
  const weekly = pure.validities.slice(0, inserted).filter((v, i) => i >= targetCount && v.type === 'recurring').length;
  if (check?.codes !== inserted || check.due !== inserted || check.weekly !== weekly)
    throw new Error(`bulk insert check failed: ${JSON.stringify(check)}, expected ${inserted} / ${weekly}`);
  log(
    `    ${count(inserted)} guest codes (owner Alex) + ${count(inserted)} lock_codes rows inserted in ${seconds(elapsed)} ` +
      `(${count(Math.round(inserted / EXTRA_LOCKS))} per lock; pending/outside_window, next_boundary_at set); ` +
      groups
        .map(
          (g, i) =>
            `${TARGET_CODES} open at T${groups.length > 1 ? i + 1 : ''} = now + ${(g.T.getTime() - now.getTime()) / MINUTE_MS} min (4 on each of ${g.lockIds.length} locks)`,
        )
        .join(', '),
  );
  return { inserted, ms: elapsed, projectedMs, targets };
}

/**
 * One INSERT … SELECT FROM jsonb_to_recordset($1) per table and batch: a single parameter instead of ~20 per
 * row, about twice as fast as drizzle's multi-row VALUES on PGlite. Columns: [column, property, SQL type].
 */
type Column = readonly [string, string, string];
const ACCESS_CODE_COLUMNS: readonly Column[] = [
  ['id', 'id', 'uuid'],
  ['community_id', 'communityId', 'uuid'],
  ['holder_id', 'holderId', 'uuid'],
  ['kind', 'kind', 'text'],
  ['scope', 'scope', 'text'],
  ['origin', 'origin', 'text'],
  ['pin_enc', 'pinEnc', 'text'],
  ['fp', 'fp', 'text'],
  ['fp4', 'fp4', 'text'],
  ['code_length', 'codeLength', 'int'],
  ['version', 'version', 'int'],
  ['status', 'status', 'text'],
  ['owner_id', 'ownerId', 'uuid'],
  ['guest_type', 'guestType', 'text'],
  ['guest_name', 'guestName', 'text'],
  ['starts_at', 'startsAt', 'timestamptz'],
  ['ends_at', 'endsAt', 'timestamptz'],
  ['schedule', 'schedule', 'jsonb'],
  ['created_at', 'createdAt', 'timestamptz'],
  ['updated_at', 'updatedAt', 'timestamptz'],
];
const LOCK_CODE_COLUMNS: readonly Column[] = [
  ['id', 'id', 'uuid'],
  ['community_id', 'communityId', 'uuid'],
  ['access_code_id', 'accessCodeId', 'uuid'],
  ['lock_id', 'lockId', 'uuid'],
  ['slot', 'slot', 'int'],
  ['state', 'state', 'text'],
  ['reason', 'reason', 'text'],
  ['desired_version', 'desiredVersion', 'int'],
  ['intent', 'intent', 'text'],
  ['attempts', 'attempts', 'int'],
  ['next_attempt_at', 'nextAttemptAt', 'timestamptz'],
  ['next_boundary_at', 'nextBoundaryAt', 'timestamptz'],
  ['updated_at', 'updatedAt', 'timestamptz'],
];

function insertFromJson(table: 'access_codes' | 'lock_codes', columns: readonly Column[], rows: readonly object[]) {
  const names = columns.map(([column]) => column).join(', ');
  const props = columns.map(([, prop]) => `"${prop}"`).join(', ');
  const types = columns.map(([, prop, type]) => `"${prop}" ${type}`).join(', ');
  return sql`insert into ${sql.raw(table)} (${sql.raw(names)}) select ${sql.raw(props)} from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(${sql.raw(types)})`;
}

// ---- b5. the sweep query -------------------------------------------------------------------------------

/** locksDueForRetry's retry branch, as a partial-index predicate (the what-if). */
const RETRY_PREDICATE =
  "state in ('pending', 'removing') and reason is distinct from 'sending' and reason is distinct from 'awaiting_phone' " +
  "and reason is distinct from 'hub_offline' and reason is distinct from 'outside_window'";
const RETRY_PREDICATE_SHORT =
  "next_attempt_at where state in ('pending','removing') and reason not in the four waiting reasons";

interface Branch {
  /** e.g. "seq scan", "index scan (lock_codes_next_boundary)", "bitmap scan (lock_codes_next_attempt)". */
  scan: string;
  indexed: boolean;
  rowsRemoved: number;
}

interface SweepMeasure {
  summary: Summary;
  locks: number;
  plan: string[];
  /** The plan's two union branches, in the statement's order: retry, then boundary. */
  retry: Branch;
  boundary: Branch;
}

function branchOf(lines: string[]): Branch {
  const scanLine = lines.find((l) => /Scan/.test(l)) ?? '';
  const index = /(?:Index (?:Only )?Scan using|Bitmap Index Scan on) (\w+)/.exec(
    lines.find((l) => /Index (Only )?Scan using|Bitmap Index Scan on/.test(l)) ?? '',
  )?.[1];
  const removed = lines.map((l) => /Rows Removed by Filter: (\d+)/.exec(l)?.[1]).find((x) => x !== undefined);
  const scan = scanLine.includes('Seq Scan')
    ? 'seq scan'
    : scanLine.includes('Bitmap')
      ? `bitmap scan (${index ?? '?'})`
      : `index scan (${index ?? '?'})`;
  return { scan, indexed: !scanLine.includes('Seq Scan') && index !== undefined, rowsRemoved: Number(removed ?? 0) };
}

async function measureSweep(db: Db, at: Date, expectedLocks: string[]): Promise<SweepMeasure> {
  let found: string[] = [];
  for (let i = 0; i < 5; i++) found = await locksDueForRetry(db, at, SWEEP_LIMIT);
  const samples: number[] = [];
  for (let i = 0; i < SWEEP_RUNS; i++) {
    const t = performance.now();
    found = await locksDueForRetry(db, at, SWEEP_LIMIT);
    samples.push(performance.now() - t);
  }
  const missing = expectedLocks.filter((id) => !found.includes(id));
  if (missing.length > 0)
    throw new Error(`the sweep query missed ${missing.length} of the ${expectedLocks.length} locks that are due`);

  // The same statement as locksDueForRetry (src/store/repositories/lockSync.ts), under EXPLAIN ANALYZE.
  const iso = at.toISOString();
  const planRows = await queryRows<Record<string, string>>(
    db,
    sql`explain (analyze, costs off, timing off, summary off)
        (select lock_id from lock_codes
         where state in ('pending', 'removing') and (next_attempt_at is null or next_attempt_at <= ${iso}::timestamptz)
           and reason is distinct from 'sending' and reason is distinct from 'awaiting_phone' and reason is distinct from 'hub_offline'
           and reason is distinct from 'outside_window'
         limit ${SWEEP_LIMIT})
        union
        (select lock_id from lock_codes where next_boundary_at <= ${iso}::timestamptz limit ${SWEEP_LIMIT})`,
  );
  const lines = planRows.map((r) => String(Object.values(r)[0] ?? ''));
  const plan = lines
    .filter((l) => /Scan|Rows Removed|Index Cond/.test(l))
    .map((l) =>
      l
        .replace(/\s+/g, ' ')
        .replace(/'(\d{4}-\d\d-\d\d) [\d:.+]+'::timestamp with time zone/g, "'$1…'::timestamptz")
        .trim(),
    );
  const limits = lines.map((l, i) => (/Limit/.test(l) ? i : -1)).filter((i) => i >= 0);
  if (limits.length !== 2) throw new Error(`unexpected plan shape:\n${lines.join('\n')}`);
  return {
    summary: summarize(samples),
    locks: found.length,
    plan,
    retry: branchOf(lines.slice(limits[0], limits[1])),
    boundary: branchOf(lines.slice(limits[1])),
  };
}

const sweepLine = (s: SweepMeasure) =>
  `p50 ${ms(s.summary.p50)}, p95 ${ms(s.summary.p95)}, p99 ${ms(s.summary.p99)} (${s.summary.n} runs; ${s.locks} locks returned)`;

// ---- b6. the lag ---------------------------------------------------------------------------------------

interface LagResult {
  command: Summary;
  result: Summary;
  /** Codes whose set_code was not seen within LAG_WAIT_MS. */
  missing: number;
  /** set_codes seen within LAG_TARGET_MS of the boundary. */
  within: number;
  /** Reconcile jobs still waiting (created) 2 s after the last result, and the oldest one's age. */
  stuck: { waiting: number; oldestMs: number };
}

async function measureLag(
  keyway: Keyway,
  db: Db,
  clock: BenchClock,
  T: Date,
  targets: Target[],
  log: (line: string) => void,
): Promise<LagResult> {
  // The rows' next_boundary_at: the put-on instant, two minutes before the window opens at T.
  const boundaryAt = T.getTime() - PUT_ON_LEAD_MS;
  const lockIds = [...new Set(targets.map((t) => t.lockId))];
  const byKey = new Map(targets.map((t, i) => [`${t.lockId}:${t.pin}`, i]));
  // Dense arrays (not `new Array(n)`: some() and filter() skip holes).
  const commandAt: (number | undefined)[] = targets.map(() => undefined);
  const resultAt: (number | undefined)[] = targets.map(() => undefined);
  const byCommandId = new Map<string, number>();
  let otherCommands = 0;
  const keyring = new HubKeyring({ db: keyway.deps.db, cipher: keyway.deps.cipher });
  const keys = new Map<string, Buffer>();
  for (const hubId of new Set(keyway.sim?.locks().map((l) => l.hubId) ?? [])) {
    const key = hubId ? await keyring.keyOf(hubId) : undefined;
    if (hubId && key) keys.set(hubId, key);
  }
  const observer = await connectMqtt(keyway.mqttUrl, {
    // The embedded broker admits Keyway's own identity only (an external broker: the URL's credentials).
    ...(process.env.MQTT_URL ? {} : serverMqttIdentity(keyway.deps.cipher)),
    clientId: `keyway-bench-guest-observer-${process.pid}`,
    logger: createLogger('silent'),
  });
  try {
    observer.on('message', (topic, payload) => {
      const at = performance.now();
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(payload.toString()) as Record<string, unknown>;
      } catch {
        return;
      }
      // PINs stay in memory only, to recognise the target codes; nothing is logged.
      if (topic.endsWith('/commands')) {
        // set_codes carry their PIN sealed for the hub: open it with the hub's key to recognise the target codes.
        const hubId = parseHubTopic(topic)?.hubId ?? '';
        const wire = hubCommandSchema.safeParse(message);
        const command = wire.success ? openHubCommand(keys.get(hubId), hubId, wire.data) : undefined;
        const i = command?.type === 'set_code' ? byKey.get(`${command.lockId}:${command.code}`) : undefined;
        if (i === undefined) otherCommands++;
        else if (commandAt[i] === undefined) {
          commandAt[i] = at;
          byCommandId.set(String(message.id), i);
        }
      } else if (topic.endsWith('/results')) {
        const i = byCommandId.get(String(message.commandId));
        if (i !== undefined && resultAt[i] === undefined && message.ok === true) resultAt[i] = at;
      }
    });
    await observer.subscribeAsync(['keyway/v1/hubs/+/commands', 'keyway/v1/hubs/+/results'], { qos: 1 });

    const [dbNow] = await queryRows<{ now: string | Date }>(db, sql`select clock_timestamp() as now`);
    const wallStart = new Date(dbNow?.now ?? Date.now()).toISOString();
    // From here the clock runs in real time, from ARM_LEAD_MS before the boundary. The sweep then is the last
    // periodic one before it (the server's own timer is an hour here, so no other sweep runs): it finds nothing
    // due and arms the boundary alarm; the alarm's sweep at the boundary is what hands the locks to the queue.
    clock.set(new Date(boundaryAt - ARM_LEAD_MS));
    const tSet = performance.now();
    clock.run();
    /** performance.now() at which the server's clock reads the boundary. */
    const t0 = tSet + ARM_LEAD_MS;
    await keyway.sync.sweepNow();
    const sweepMs = performance.now() - tSet;
    if (sweepMs >= ARM_LEAD_MS)
      log(`      (the sweep before the boundary took ${ms(sweepMs)}: it armed the alarm late)`);
    const deadline = t0 + LAG_WAIT_MS;
    while (resultAt.some((x) => x === undefined) && performance.now() < deadline) await sleep(5);
    const lags = commandAt.filter((x): x is number => x !== undefined).map((x) => x - t0);
    const results = resultAt.filter((x): x is number => x !== undefined).map((x) => x - t0);
    const command = summarize(lags);
    const result = summarize(results);
    const missing = targets.length - lags.length;
    const within = lags.filter((x) => x <= LAG_TARGET_MS).length;
    log(
      `    lag (${TARGET_CODES} codes on ${lockIds.length} locks, simulated radio 0 ms): the clock set to ${seconds(ARM_LEAD_MS)} before ` +
        `their boundary (T − 2 min) and running in real time; the sweep then (nothing due; it arms the boundary alarm) took ${ms(sweepMs)}; ` +
        `times below are from the instant the clock reads the boundary, the alarm's sweep being the only one`,
    );
    log(
      `      set_code of the ${targets.length} codes seen on the broker: p50 ${ms(command.p50)}, p95 ${ms(command.p95)}, p99 ${ms(command.p99)}, ` +
        `first ${ms(command.min)}, last ${ms(command.max)} after the boundary; ${within} within ${ms(LAG_TARGET_MS)}` +
        (missing > 0 ? `; ${missing} NOT sent within ${seconds(LAG_WAIT_MS)}` : ''),
    );
    log(
      `      their results (code on the simulated lock): p50 ${ms(result.p50)}, p99 ${ms(result.p99)}, last ${ms(result.max)} (${results.length} seen)`,
    );

    // The pipeline behind the broker: rows active, commands recorded, and the reconcile jobs left behind.
    await keyway.sync.drainReports();
    const ids = targets.map((t) => t.accessCodeId);
    const [active] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(lockCodes)
      .where(and(eq(lockCodes.state, 'active'), inArray(lockCodes.accessCodeId, ids)));
    const commands = await db
      .select({ status: lockCommands.status, n: sql<number>`count(*)::int` })
      .from(lockCommands)
      .where(inArray(lockCommands.accessCodeId, ids))
      .groupBy(lockCommands.status);
    const [boundary] = await queryRows<{ next: string | Date | null; n: number }>(
      db,
      sql`select min(next_boundary_at) as next, count(distinct next_boundary_at)::int as n from lock_codes
          where access_code_id in (${sql.join(
            ids.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`,
    );
    log(
      `      lock_codes rows active: ${active?.n ?? 0}/${targets.length} once every report was applied (${seconds(performance.now() - t0)} after the boundary); ` +
        `lock_commands for them: ${commands.map((c) => `${c.n} ${c.status}`).join(', ') || 'none'}; other commands on the broker: ${otherCommands}; ` +
        `their next_boundary_at now: ${describeBoundary(boundary, T)}`,
    );
    await sleep(2_000);
    const [left] = await queryRows<{ waiting: number; oldest_ms: number | null }>(
      db,
      sql`select count(*)::int as waiting, (extract(epoch from clock_timestamp() - min(created_on)) * 1000)::int as oldest_ms
          from pgboss.job where name = 'reconcile-lock' and state = 'created'`,
    );
    const stuck = { waiting: left?.waiting ?? 0, oldestMs: Number(left?.oldest_ms ?? 0) };
    const passes = await queryRows<{ lock_id: string; wait_ms: number; run_ms: number; created_ms: number }>(
      db,
      sql`select data->>'lockId' as lock_id,
                 extract(epoch from (started_on - created_on)) * 1000 as wait_ms,
                 extract(epoch from (completed_on - started_on)) * 1000 as run_ms,
                 extract(epoch from (created_on - ${wallStart}::timestamptz)) * 1000 as created_ms
          from pgboss.job where name = 'reconcile-lock' and created_on >= ${wallStart}::timestamptz and completed_on is not null`,
    );
    if (passes.length > 0) {
      const run = summarize(passes.map((p) => Number(p.run_ms)));
      const wait = summarize(passes.map((p) => Number(p.wait_ms)));
      log(
        `      reconcile passes run since the sweep (pg-boss job rows, server clock): ${passes.length} on ${new Set(passes.map((p) => p.lock_id)).size} locks ` +
          `(the boundary pass, then the passes the results ask for); created → started p50 ${ms(wait.p50)}, max ${ms(wait.max)}; ` +
          `started → completed p50 ${ms(run.p50)}, p99 ${ms(run.p99)} (pg-boss's timestamps, as the worker runs them: passes share one event ` +
          `loop and, on PGlite, one connection; a job fetched in a batch also waits for the ones before it)`,
      );
    }
    log(
      `      reconcile jobs still waiting 2 s after that: ${stuck.waiting}${
        stuck.waiting > 0
          ? ` (oldest ${seconds(stuck.oldestMs)}): left for the ` +
            "worker's backstop poll (pg-boss's notify poll is 30 s unless the worker sets notifyPollingIntervalSeconds)"
          : ''
      }`,
    );
    const drained = await drainQueue(keyway, db);
    if (drained.nudges > 0) {
      log(
        `      (the bench then woke the workers with ${drained.nudges} NOTIFYs — jobs for a lock id that does not exist — until the queue was empty: ${seconds(drained.ms)}, so the next figure runs alone)`,
      );
    }
    return { command, result, missing, within, stuck };
  } finally {
    await observer.endAsync(true).catch(() => undefined);
  }
}

/** What reconcile stored as the rows' next boundary after their window-opening pass. */
function describeBoundary(boundary: { next: string | Date | null; n: number } | undefined, T: Date): string {
  if (boundary?.n !== 1 || boundary.next === null) return JSON.stringify(boundary ?? null);
  const next = new Date(boundary.next);
  return next.getTime() === T.getTime()
    ? `T itself, the window opening (presence() counts it although the code is already wanted): one more pass of each lock then, with nothing to change`
    : next.toISOString();
}

/**
 * Waits until no report and no reconcile job is left. When jobs are waiting and none is running (pg-boss leaves a
 * job it could not hand out when its NOTIFY came — its lock's pass was running — for the worker's backstop poll,
 * which is 30 s by default with NOTIFY on), the bench wakes the workers the way any new job would: it sends one
 * for a lock id that does not exist (its pass finds no lock and ends), which makes pg-boss NOTIFY the workers.
 */
async function drainQueue(keyway: Keyway, db: Db): Promise<{ ms: number; nudges: number }> {
  const started = performance.now();
  let nudges = 0;
  let calm = 0;
  for (;;) {
    await keyway.sync.drainReports();
    const [jobs] = await queryRows<{ waiting: number; running: number }>(
      db,
      sql`select count(*) filter (where state in ('created', 'retry'))::int as waiting, count(*) filter (where state = 'active')::int as running
          from pgboss.job where name = 'reconcile-lock' and state in ('created', 'retry', 'active')`,
    );
    const waiting = jobs?.waiting ?? 0;
    const running = jobs?.running ?? 0;
    calm = waiting + running === 0 ? calm + 1 : 0;
    if (calm >= 3) return { ms: performance.now() - started, nudges };
    if (performance.now() - started > 120_000)
      throw new Error(`the reconcile queue did not drain: ${waiting} waiting, ${running} running`);
    if (waiting > 0 && running === 0) {
      await keyway.queue.enqueueReconcile([cryptoRandom.uuid()]);
      nudges++;
    }
    await sleep(100);
  }
}

/**
 * Why the lag is what it is: one reconcile pass over a lock like the target ones (~100 guest codes, none due),
 * run alone, one lock after another, and the part of it that is presence() for each of the lock's rows.
 */
async function measurePass(
  keyway: Keyway,
  lockIds: string[],
  log: (line: string) => void,
): Promise<{ pass: Summary; presence: Summary }> {
  const { db, clock, random, cipher } = keyway.deps;
  const passes: number[] = [];
  const presences: number[] = [];
  let sent = 0;
  let rowCount = 0;
  for (const lockId of lockIds) {
    const t = performance.now();
    sent += (await reconcileLock({ db, clock, random, cipher, hubs: keyway.sync }, lockId)).sent;
    passes.push(performance.now() - t);
    const { lock, rows } = await db.transaction(async (tx) => ({
      lock: await lockForSync(tx, lockId),
      rows: await lockCodeRows(tx, lockId),
    }));
    if (!lock) throw new Error(`lock ${lockId} vanished`);
    rowCount += rows.length;
    const now = clock.now();
    const p = performance.now();
    for (const r of rows) presence(r, lock, now);
    presences.push(performance.now() - p);
  }
  const pass = summarize(passes);
  const presenceTime = summarize(presences);
  log(
    `    one reconcile pass alone on ${lockIds.length} other locks (${Math.round(rowCount / lockIds.length)} codes each on average, nothing due, ${sent} commands): ` +
      `p50 ${ms(pass.p50)}, max ${ms(pass.max)}; of which presence() for the lock's rows p50 ${ms(presenceTime.p50)} (CPU, one thread)`,
  );
  return { pass, presence: presenceTime };
}

/**
 * The bench's clock: still (like a ManualClock) while the bench builds its data, so every instant it computes from
 * `now` holds however long the inserts take; then, from run(), real time from the reading it was set to — as
 * Keyway's clocks run, which the boundary alarm needs (its timer waits real milliseconds for the clock to get there).
 */
class BenchClock implements Clock {
  #at: number;
  /** performance.now() when run() was called; undefined while still. */
  #since: number | undefined;
  constructor(start: Date) {
    this.#at = start.getTime();
  }
  now(): Date {
    return new Date(this.#since === undefined ? this.#at : this.#at + (performance.now() - this.#since));
  }
  advance(msValue: number): Date {
    this.#at += msValue;
    return this.now();
  }
  /** Sets the reading (the bench only: it may go back, which Keyway's clocks never do). */
  set(to: Date): void {
    this.#at = to.getTime();
    if (this.#since !== undefined) this.#since = performance.now();
  }
  run(): void {
    this.#since ??= performance.now();
  }
}
