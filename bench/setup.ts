/**
 * The bench's Keyways. For figures 1–2 (createBenchKeyway): the demo community seeded, 6-digit codes on,
 * and 50,000 staff codes (6 digits, random, distinct and prefix-free) on the Main Gate lock, as a lock's
 * worth of resident-like codes that the doors have confirmed (lock_codes active, reported
 * version/fingerprints set). For figures 3–4 (createSyncBenchKeyway): a second one on its own database,
 * with the lock sync running.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { createKeyway, type Keyway } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { DEMO_ACCOUNTS } from '../src/demo/seedDemo.ts';
import { SimClock } from '../src/demo/simClock.ts';
import { isGeneratable } from '../src/domain/pin/codeSpace.ts';
import { LockCodeIndex } from '../src/domain/pin/lockCodeIndex.ts';
import { createLogger } from '../src/logger.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { cryptoRandom } from '../src/platform/random.ts';
import { updateCommunitySettings } from '../src/services/communitySettings.ts';
import { personPrincipal as asPrincipal, type Principal } from '../src/services/principal.ts';
import type { Database } from '../src/store/database.ts';
import { queryRows } from '../src/store/rawQuery.ts';
import { findCommunity, insertPerson } from '../src/store/repositories/communities.ts';
import { findPersonByEmail } from '../src/store/repositories/principals.ts';
import { accessCodes, accessPoints, lockCodes, locks } from '../src/store/schema.ts';

export const ALEX_EMAIL = DEMO_ACCOUNTS[1].email;
export const MANAGER_EMAIL = DEMO_ACCOUNTS[0].email;

export interface BenchKeyway {
  keyway: Keyway;
  clock: ManualClock;
  communityId: string;
  mainGateLockId: string;
  alex: Extract<Principal, { kind: 'person' }>;
  /** Every code on the Main Gate lock after seeding (the bulk codes plus the demo residents'). */
  mainGateCodes: string[];
}

/**
 * The Keyway under test. Its background lock sync is stopped once the demo is seeded: that is the
 * demo's simulated hubs, and the sync engine's MQTT client, reconcile worker and sweep. Every code
 * change asks for a reconcile of Main Gate. With the 50,000 bulk codes on it, each reconcile pass
 * loads and decrypts every code on the lock (about 0.5 s on PostgreSQL, 1.3 s on PGlite). The
 * figures would then measure the sync engine, not code generation or reads. The reconcile request is
 * still enqueued inside the change's transaction, so it stays part of changeMyCode's cost.
 */
export async function createBenchKeyway(database: Database): Promise<BenchKeyway> {
  const clock = new ManualClock(new Date());
  const keyway = await createKeyway({
    config: loadConfig({
      KEYWAY_DEMO: 'true',
      LOG_LEVEL: 'silent',
      KEYWAY_MQTT_PORT: '0',
      KEYWAY_SIM_LATENCY_MS: '0-5',
    }),
    logger: createLogger('silent'),
    clock,
    database,
    secretKey: randomBytes(32),
  });
  if (!keyway.demoSeeded) throw new Error('expected an empty database and a freshly seeded demo community');
  await keyway.sim?.stop();
  await keyway.sync.stop();
  const db = keyway.deps.db;

  const manager = await personPrincipal(keyway, MANAGER_EMAIL);
  const alex = await personPrincipal(keyway, ALEX_EMAIL);
  await updateCommunitySettings(keyway.deps, manager, { sixDigitCodes: true });
  const community = await findCommunity(db, manager.communityId);
  if (!community?.settings.sixDigitCodes) throw new Error('6-digit codes did not turn on');

  const [mainGate] = await db
    .select({ lockId: locks.id })
    .from(locks)
    .innerJoin(accessPoints, eq(accessPoints.id, locks.accessPointId))
    .where(and(eq(accessPoints.communityId, manager.communityId), eq(accessPoints.name, 'Main Gate')));
  if (!mainGate) throw new Error('demo Main Gate lock not found');

  return { keyway, clock, communityId: manager.communityId, mainGateLockId: mainGate.lockId, alex, mainGateCodes: [] };
}

async function personPrincipal(keyway: Keyway, email: string): Promise<Extract<Principal, { kind: 'person' }>> {
  const person = await findPersonByEmail(keyway.deps.db, email);
  if (!person) throw new Error(`demo person ${email} missing`);
  return asPrincipal(person);
}

/** The PINs currently on a lock, decrypted (only the bench does this; the service never needs to). */
export async function codesOnLock(bench: BenchKeyway, lockId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string; pin_enc: string }>(
    bench.keyway.deps.db,
    sql`
    select ac.id, ac.pin_enc from access_codes ac join lock_codes lc on lc.access_code_id = ac.id
    where lc.lock_id = ${lockId} and lc.state <> 'removed' and ac.status = 'active'`,
  );
  return rows.map((r) => bench.keyway.deps.cipher.decrypt(r.pin_enc, r.id));
}

export interface BulkResult {
  inserted: number;
  seconds: number;
}

/**
 * Adds `count` random 6-digit generatable codes to the Main Gate lock, distinct and prefix-free among
 * themselves and against what is already there, held by one staff person (kind 'staff', scope null: the
 * one-card-per-scope index only binds active resident cards). Multi-row inserts of `batch` rows, one
 * transaction. Planner statistics are left as they are; see analyzeCodeTables.
 */
export async function seedBulkCodes(bench: BenchKeyway, count: number, batch = 1_000): Promise<BulkResult> {
  const { keyway, communityId, mainGateLockId } = bench;
  const { db, cipher } = keyway.deps;
  const started = performance.now();
  const at = bench.clock.now();

  const staffId = cryptoRandom.uuid();
  await insertPerson(db, {
    id: staffId,
    communityId,
    name: 'Bench Staff',
    email: 'bench-staff@maplecourt.example',
    passwordHash: null,
    role: 'staff',
    createdAt: at,
  });

  const existing = await codesOnLock(bench, mainGateLockId);
  const index = new LockCodeIndex(existing);
  const codes: string[] = [];
  while (codes.length < count) {
    const pin = String(cryptoRandom.int(1_000_000)).padStart(6, '0');
    if (!isGeneratable(pin) || index.conflictsWith(pin)) continue;
    index.add(pin);
    codes.push(pin);
  }

  await db.transaction(async (tx) => {
    // A demo hub lock has 30 slots; make Main Gate a controller that really holds every code in its own
    // slot, so the rows below are consistent with the lock they are on.
    await tx
      .update(locks)
      .set({ slotCount: count + 1_000 })
      .where(eq(locks.id, mainGateLockId));
    for (let offset = 0; offset < codes.length; offset += batch) {
      const codeRows: (typeof accessCodes.$inferInsert)[] = [];
      const lockRows: (typeof lockCodes.$inferInsert)[] = [];
      codes.slice(offset, offset + batch).forEach((pin, i) => {
        const id = cryptoRandom.uuid();
        const { fp, fp4 } = cipher.fingerprints(pin);
        codeRows.push({
          id,
          communityId,
          holderId: staffId,
          kind: 'staff',
          scope: null,
          origin: 'generated',
          pinEnc: cipher.encrypt(pin, id),
          fp,
          fp4,
          codeLength: 6,
          version: 1,
          status: 'active',
          createdAt: at,
          updatedAt: at,
        });
        // On the lock and confirmed by it, like a resident's code in steady state.
        lockRows.push({
          id: cryptoRandom.uuid(),
          communityId,
          accessCodeId: id,
          lockId: mainGateLockId,
          slot: 1_000 + offset + i,
          state: 'active',
          reason: null,
          desiredVersion: 1,
          reportedVersion: 1,
          reportedFp: fp,
          reportedFp4: fp4,
          reportedLength: 6,
          attempts: 0,
          updatedAt: at,
        });
      });
      await tx.insert(accessCodes).values(codeRows);
      await tx.insert(lockCodes).values(lockRows);
    }
  });

  bench.mainGateCodes = [...existing, ...codes];
  return { inserted: codes.length, seconds: (performance.now() - started) / 1000 };
}

/**
 * What PostgreSQL's autovacuum does shortly after a load like this one (PGlite, a single standalone
 * backend, has no autovacuum and never does it by itself). Returns the seconds it took.
 */
export async function analyzeCodeTables(db: Keyway['deps']['db']): Promise<number> {
  const started = performance.now();
  await db.execute(sql`analyze access_codes`);
  await db.execute(sql`analyze lock_codes`);
  return (performance.now() - started) / 1000;
}

/**
 * A second Keyway for the lock-sync figures, on its own (empty) database: the demo seeded, and this time
 * the simulated hubs and the sync engine left running, as `npm start` runs them. Every simulated hub
 * lock answers after exactly `radioMs` (KEYWAY_SIM_LATENCY_MS = "R-R"). The clock is the demo's SimClock
 * (real time plus an offset the bench moves forward for the rate limit). MQTT_URL is honoured when set;
 * otherwise the embedded broker gets a free port. Sweep interval: the production default.
 */
export interface SyncBenchKeyway {
  keyway: Keyway;
  clock: SimClock;
  radioMs: number;
  broker: string;
}

export async function createSyncBenchKeyway(database: Database, radioMs: number): Promise<SyncBenchKeyway> {
  const clock = new SimClock();
  const mqttUrl = process.env.MQTT_URL;
  const keyway = await createKeyway({
    config: loadConfig({
      KEYWAY_DEMO: 'true',
      LOG_LEVEL: 'silent',
      KEYWAY_MQTT_PORT: '0',
      KEYWAY_SIM_LATENCY_MS: `${radioMs}-${radioMs}`,
      ...(mqttUrl ? { MQTT_URL: mqttUrl } : {}),
    }),
    logger: createLogger('silent'),
    clock,
    database,
    secretKey: randomBytes(32),
  });
  if (!keyway.demoSeeded) throw new Error('expected an empty database and a freshly seeded demo community');
  if (!keyway.sim) throw new Error('demo mode should have started the simulated world');
  return {
    keyway,
    clock,
    radioMs,
    broker: mqttUrl ? `MQTT_URL ${new URL(mqttUrl).host}` : `embedded broker ${keyway.mqttUrl}`,
  };
}
