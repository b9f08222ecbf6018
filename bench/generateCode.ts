/**
 * Benchmark 1: "Generate a Code" with 50,000 active codes on one shared lock (the demo's Main Gate).
 *
 *  a. generatePin, 6 digits, against the database-backed occupancy (occupiedCodesOn) — the target figure;
 *     first briefly on the statistics the bulk load left behind, then after ANALYZE;
 *  b. the same for 4 digits: 50,000 six-digit codes shadow ~99% of the 4-digit prefixes, so most runs end
 *     in the whole-space fallback (allOccupyingFingerprints);
 *     a3: the same on the 3 locks of the resident's Community card, as the service asks it;
 *  c. the whole changeMyCode service for the demo resident Alex (Community card: Main Gate, Lobby, Pool),
 *     plus a step-by-step breakdown of the same work;
 *  d. the in-memory LockCodeIndex with the same codes, for comparison.
 */
import { generatableCodes } from '../src/domain/pin/codeSpace.ts';
import { generatePin, type OccupiedCodes } from '../src/domain/pin/generator.ts';
import { LockCodeIndex } from '../src/domain/pin/lockCodeIndex.ts';
import type { PinLength } from '../src/domain/pin/pinRules.ts';
import { localDate } from '../src/domain/residency.ts';
import { cryptoRandom } from '../src/platform/random.ts';
import { assignPin } from '../src/services/assignPin.ts';
import { changeMyCode } from '../src/services/changeMyCode.ts';
import { getMyAccess } from '../src/services/getMyAccess.ts';
import { loadCardForChange, reloadCardView } from '../src/services/loadCardForChange.ts';
import { occupiedCodesOn } from '../src/services/occupiedCodes.ts';
import { CODE_CHANGE_LIMIT, enforceRateLimit } from '../src/services/rateLimit.ts';
import type { Tx } from '../src/store/database.ts';
import { cardsOfHolder } from '../src/store/repositories/accessCards.ts';
import { allOccupyingFingerprints, lockCodeSpaces } from '../src/store/repositories/accessCodes.ts';
import { findCommunity } from '../src/store/repositories/communities.ts';
import { ms, type Summary, summarize, summaryLine, timeRuns } from './percentiles.ts';
import { analyzeCodeTables, type BenchKeyway, type BulkResult, seedBulkCodes } from './setup.ts';

export interface GenerateCodeOptions {
  codes: number;
  runs6: number;
  runs4: number;
  runs3Locks: number;
  staleRuns: number;
  serviceRuns: number;
  stepRuns: number;
  memoryRuns: number;
  log: (line: string) => void;
}

export const DEFAULT_GENERATE_OPTIONS: Omit<GenerateCodeOptions, 'log'> = {
  codes: 50_000,
  runs6: 2_000,
  runs4: 50,
  runs3Locks: 500,
  staleRuns: 30,
  serviceRuns: 500,
  stepRuns: 200,
  memoryRuns: 2_000,
};

export interface OccupancyRun extends Summary {
  /** Mean occupancy calls per generation (a batch of 16 candidates is one call = one query). */
  callsPerRun: number;
  /** Runs that needed the whole-space fallback. */
  fallbacks: number;
}

export interface GenerateCodeResults {
  bulk: BulkResult;
  analyzeSeconds: number;
  codesOnLock: number;
  staleStats6: OccupancyRun;
  db6: OccupancyRun;
  /** Same as db6 but on the 3 locks of Alex's Community card, excluding that card (as changeMyCode asks). */
  db6Card: OccupancyRun;
  db4: OccupancyRun;
  fallback: { queryMs: number; rows: number; fingerprintMs: number; candidates: number };
  service: Summary;
  steps: { step: string; p50: number; mean: number }[];
  memoryBuildMs: number;
  memory6: OccupancyRun;
  memory4: OccupancyRun;
}

const DEFAULT_ROUNDS = 4; // generator.ts: random rounds before the fallback

/** Wraps an OccupiedCodes to count calls (each DB-backed call is one query). */
function counting(inner: OccupiedCodes): { occupied: OccupiedCodes; calls: () => number } {
  let calls = 0;
  return {
    occupied: {
      conflicting(candidates) {
        calls++;
        return inner.conflicting(candidates);
      },
    },
    calls: () => calls,
  };
}

async function generateRuns(runs: number, length: PinLength, occupiedFor: () => OccupiedCodes): Promise<OccupancyRun> {
  let totalCalls = 0;
  let fallbacks = 0;
  const samples = await timeRuns(runs, async () => {
    const counter = counting(occupiedFor());
    await generatePin({ length, randomInt: cryptoRandom.int, occupied: counter.occupied });
    totalCalls += counter.calls();
    if (counter.calls() > DEFAULT_ROUNDS) fallbacks++;
  });
  return { ...summarize(samples), callsPerRun: totalCalls / runs, fallbacks };
}

const occupancyLine = (r: OccupancyRun) =>
  `${summaryLine(r)}; ${r.callsPerRun.toFixed(2)} occupancy calls/run, fallback in ${r.fallbacks}/${r.n}`;

export async function runGenerateCode(bench: BenchKeyway, options: GenerateCodeOptions): Promise<GenerateCodeResults> {
  const { log } = options;
  const { db, cipher } = bench.keyway.deps;
  const lockIds = [bench.mainGateLockId];
  const dbOccupied = () => occupiedCodesOn(db, cipher, lockIds, null);
  const count = (n: number) => n.toLocaleString('en-US');

  const bulk = await seedBulkCodes(bench, options.codes);
  const codesOnLock = bench.mainGateCodes.length;
  log(
    `  bulk insert: ${count(bulk.inserted)} codes + lock rows in ${bulk.seconds.toFixed(1)} s (batches of 1,000); ${count(codesOnLock)} codes on Main Gate`,
  );

  // a0. Right after the load, before any ANALYZE: the statistics describe (nearly) empty tables.
  const staleStats6 = await generateRuns(options.staleRuns, 6, dbOccupied);
  log(`  a0. 6-digit, DB occupancy, planner stats stale (before ANALYZE): ${occupancyLine(staleStats6)}`);

  const analyzeSeconds = await analyzeCodeTables(db);
  log(`      ANALYZE access_codes, lock_codes: ${analyzeSeconds.toFixed(2)} s (all figures below are after it)`);

  // a. The target figure.
  await generateRuns(50, 6, dbOccupied); // warm-up
  const db6 = await generateRuns(options.runs6, 6, dbOccupied);
  log(`  a.  6-digit, DB occupancy, Main Gate only: ${occupancyLine(db6)}`);

  // a3. The occupancy question as changeMyCode asks it: the card's locks, the card's own code left out.
  const alex = bench.alex;
  const community = (await getMyAccess(bench.keyway.deps, alex)).find((card) => card.scope === 'community');
  if (!community) throw new Error('Alex has no Community card');
  const timeZone = (await findCommunity(db, alex.communityId))?.timeZone ?? 'UTC';
  const [withDoors] = await cardsOfHolder(db, alex.personId, localDate(bench.clock.now(), timeZone), community.id);
  if (!withDoors?.doors.some((d) => d.lockId === bench.mainGateLockId))
    throw new Error("Alex's Community card does not cover Main Gate");
  if (!community.allowed.generateLengths.includes(6))
    throw new Error('6-digit codes are not allowed on the Community card');
  const doorNames = withDoors.doors.map((d) => d.name).join(', ');
  const cardLockIds = withDoors.doors.map((d) => d.lockId);
  const db6Card = await generateRuns(options.runs3Locks, 6, () =>
    occupiedCodesOn(db, cipher, cardLockIds, community.id),
  );
  log(
    `  a3. 6-digit, DB occupancy on the Community card's ${cardLockIds.length} locks (${doorNames}): ${occupancyLine(db6Card)}`,
  );

  // b. 4 digits: mostly the fallback path.
  const db4 = await generateRuns(options.runs4, 4, dbOccupied);
  log(`  b.  4-digit, DB occupancy, Main Gate only: ${occupancyLine(db4)}`);
  const all4 = generatableCodes(4);
  let rows = 0;
  const queryMs = summarize(
    await timeRuns(5, async () => (rows = (await allOccupyingFingerprints(db, lockIds, null)).length)),
  ).p50;
  const fingerprintMs = summarize(await timeRuns(5, () => all4.map((code) => cipher.fingerprints(code)))).p50;
  const fallback = { queryMs, rows, fingerprintMs, candidates: all4.length };
  log(
    `      fallback parts (p50 of 5): allOccupyingFingerprints ${ms(queryMs)} returning ${count(rows)} rows; ` +
      `fingerprints of all ${count(all4.length)} generatable 4-digit candidates ${ms(fingerprintMs)}`,
  );

  // c. The whole service, and the same steps timed one by one.
  const props = { cardId: community.id, length: 6 };
  const tick = () => bench.clock.advance(3_100); // 20 changes per minute per person
  await timeRuns(20, () => changeMyCode(bench.keyway.deps, alex, props), tick); // warm-up
  const service = summarize(
    await timeRuns(options.serviceRuns, () => changeMyCode(bench.keyway.deps, alex, props), tick),
  );
  log(`  c.  changeMyCode (Alex, Community card: ${doorNames}; 6 digits): ${summaryLine(service)}`);

  const steps = await serviceSteps(bench, community.id, options.stepRuns, tick);
  log(
    `      same work step by step, p50 (n=${options.stepRuns}): ${steps.map((s) => `${s.step} ${ms(s.p50)}`).join(' | ')}`,
  );

  // d. In memory.
  const buildStart = performance.now();
  const index = new LockCodeIndex(bench.mainGateCodes);
  const memoryBuildMs = performance.now() - buildStart;
  await generateRuns(200, 6, () => index); // warm-up
  const memory6 = await generateRuns(options.memoryRuns, 6, () => index);
  const memory4 = await generateRuns(options.runs4, 4, () => index);
  log(
    `  d.  LockCodeIndex (built in ${ms(memoryBuildMs)} from ${count(index.size)} codes), 6-digit: ${occupancyLine(memory6)}`,
  );
  log(`      LockCodeIndex, 4-digit: ${occupancyLine(memory4)}`);

  return {
    bulk,
    analyzeSeconds,
    codesOnLock,
    staleStats6,
    db6,
    db6Card,
    db4,
    fallback,
    service,
    steps,
    memoryBuildMs,
    memory6,
    memory4,
  };
}

/**
 * changeMyCode's work with each step timed: the same exported functions in the same order and
 * transaction as src/services/changeMyCode.ts, so the breakdown shows where the service's time goes.
 * The reconcile request that assignPin makes (a job insert in the same transaction) is timed apart.
 */
async function serviceSteps(bench: BenchKeyway, cardId: string, runs: number, tick: () => void) {
  const deps = bench.keyway.deps;
  const person = bench.alex;
  const names = [
    'rate limit',
    'load card',
    'advisory locks',
    'generatePin',
    'assignPin',
    'enqueue reconcile',
    'reload card',
    'begin+commit',
  ] as const;
  type Step = (typeof names)[number];
  const samples = new Map<Step, number[]>(names.map((n) => [n, []]));
  let enqueueMs = 0;
  const timedDeps = {
    ...deps,
    sync: {
      async reconcileLocks(lockIds: readonly string[], tx: Tx) {
        const start = performance.now();
        await deps.sync.reconcileLocks(lockIds, tx);
        enqueueMs += performance.now() - start;
      },
    },
  };
  const record = (name: Step, start: number, minus = 0) => {
    const elapsed = performance.now() - start - minus;
    samples.get(name)!.push(elapsed);
    return elapsed;
  };
  for (let i = 0; i < runs; i++) {
    tick();
    let t = performance.now();
    await enforceRateLimit(deps.db, `code-change:${person.personId}`, CODE_CHANGE_LIMIT, deps.clock.now());
    record('rate limit', t);
    let inner = 0;
    const txStart = performance.now();
    await deps.db.transaction(async (tx) => {
      t = performance.now();
      const { card, community, lockIds } = await loadCardForChange(tx, deps.clock, person, cardId);
      inner += record('load card', t);
      t = performance.now();
      await lockCodeSpaces(tx, lockIds);
      inner += record('advisory locks', t);
      t = performance.now();
      const pin = await generatePin({
        length: 6,
        randomInt: deps.random.int,
        occupied: occupiedCodesOn(tx, deps.cipher, lockIds, card.id),
      });
      inner += record('generatePin', t);
      t = performance.now();
      enqueueMs = 0;
      await assignPin(tx, timedDeps, {
        communityId: card.communityId,
        accessCodeId: card.id,
        currentPinEnc: card.pinEnc,
        lockIds,
        pin,
        origin: 'generated',
        actor: { type: 'person', id: person.personId },
        eventType: 'access_code.generated',
        eventData: { scope: card.scope },
        at: deps.clock.now(),
      });
      inner += record('assignPin', t, enqueueMs);
      samples.get('enqueue reconcile')!.push(enqueueMs);
      inner += enqueueMs;
      t = performance.now();
      await reloadCardView(tx, deps, person.personId, card.id, community);
      inner += record('reload card', t);
    });
    samples.get('begin+commit')!.push(performance.now() - txStart - inner);
  }
  return names.map((step) => {
    const s = summarize(samples.get(step)!);
    return { step, p50: s.p50, mean: s.mean };
  });
}
