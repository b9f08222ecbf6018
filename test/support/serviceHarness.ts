/**
 * The service tier's test bench (after immich's "medium" tests): the use cases in `src/services/` called
 * directly, with real dependencies on a real, migrated database — a fresh one per test file (in-memory
 * PGlite by default; with DATABASE_URL, a new database on that server, see testDatabase.ts) — and the
 * demo community seeded. No HTTP, no MQTT broker, no job queue, no simulated locks.
 *
 * The deps are assembled as `src/app.ts` assembles them, with three differences that make tests
 * deterministic: a manual clock, a random source that can be pinned, and a sync seam that records what the
 * services ask of it instead of enqueueing reconcile jobs (so no sync engine moves rows under the test's
 * feet). `confirmOnLocks` stands in for the sync engine when a test needs codes to be on their locks.
 */
import { randomBytes } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { DEMO_ACCOUNTS, seedDemo } from '../../src/demo/seedDemo.ts';
import { localDate } from '../../src/domain/residency.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { cryptoRandom, type Random } from '../../src/platform/random.ts';
import { PinCipher } from '../../src/security/pinCipher.ts';
import { type CardView, cardView } from '../../src/services/cardView.ts';
import { type SettingsChanges, updateCommunitySettings } from '../../src/services/communitySettings.ts';
import type { ServiceDeps, SyncRequests } from '../../src/services/deps.ts';
import { moveIn } from '../../src/services/moveIn.ts';
import { type Principal, personPrincipal } from '../../src/services/principal.ts';
import type { Db, Tx } from '../../src/store/database.ts';
import { queryRows } from '../../src/store/rawQuery.ts';
import { cardsOfHolder } from '../../src/store/repositories/accessCards.ts';
import { findCommunity } from '../../src/store/repositories/communities.ts';
import { clearPreviousIfRolledOut, updateLockCode } from '../../src/store/repositories/lockSync.ts';
import { findPersonByEmail } from '../../src/store/repositories/principals.ts';
import { accessCodes, accessPoints, events, lockCodes, locks } from '../../src/store/schema.ts';
import { captureLogger } from './logCapture.ts';
import { TEST_PASSWORD_COST } from './passwordCost.ts';
import { createTestDatabase, type TestDatabase } from './testDatabase.ts';

export type PersonPrincipal = Extract<Principal, { kind: 'person' }>;

/** Randomness as in production (node:crypto), unless a test steers the draws of `int`. */
export interface TestRandom extends Random {
  /** The next draws answer these numbers (modulo the range), in order; then draws go on as before. */
  offer(...draws: number[]): void;
  /**
   * From now on every draw answers `n` (modulo the range): a source that keeps offering one code. Keep it
   * to 4-digit codes: once the random rounds fail, the generator lists the whole code space.
   */
  pin(n: number): void;
  /** Back to node:crypto, nothing offered. */
  unpin(): void;
}

function testRandom(): TestRandom {
  let pinned: number | undefined;
  const offered: number[] = [];
  return {
    int(maxExclusive) {
      const next = offered.shift() ?? pinned;
      return next === undefined ? cryptoRandom.int(maxExclusive) : next % maxExclusive;
    },
    uuid: () => cryptoRandom.uuid(),
    offer(...draws) {
      offered.push(...draws);
    },
    pin(n) {
      pinned = n;
    },
    unpin() {
      pinned = undefined;
      offered.length = 0;
    },
  };
}

export interface SyncRequest {
  lockIds: string[];
  /** True when the request came with the caller's open transaction (not the bare database). */
  inTransaction: boolean;
}

/** The services' way to ask for reconciliation, recorded; `failNext` makes the next request throw. */
export interface RecordingSync extends SyncRequests {
  requests: SyncRequest[];
  failNext(error: Error): void;
}

function recordingSync(db: Db): RecordingSync {
  let failure: Error | undefined;
  const requests: SyncRequest[] = [];
  return {
    requests,
    failNext(error) {
      failure = error;
    },
    async reconcileLocks(lockIds: readonly string[], tx: Tx) {
      if (failure) {
        const error = failure;
        failure = undefined;
        throw error;
      }
      requests.push({ lockIds: [...lockIds], inTransaction: (tx as unknown) !== db });
    },
  };
}

export type HarnessDeps = Pick<ServiceDeps, 'db' | 'cipher' | 'logger' | 'publicUrl' | 'passwordCost'> & {
  clock: ManualClock;
  random: TestRandom;
  sync: RecordingSync;
};

export interface ServiceHarness {
  database: TestDatabase;
  db: Db;
  deps: HarnessDeps;
  clock: ManualClock;
  random: TestRandom;
  sync: RecordingSync;
  cipher: PinCipher;
  communityId: string;
  manager: PersonPrincipal;
  /** Unit 101, behind a hub lock. */
  alex: PersonPrincipal;
  /** Unit 102, behind a Bluetooth lock. */
  blair: PersonPrincipal;
  /** Moves a new resident in through the moveIn use case (as the manager); returns them as a principal. */
  addResident(props: { name: string; email: string; unit: string }): Promise<PersonPrincipal>;
  /** Changes community settings through the settings use case (as the manager). */
  setSettings(changes: SettingsChanges): Promise<void>;
  /** The person's Home and Community cards as they would see them (PINs decrypted). */
  cardsOf(person: PersonPrincipal): Promise<{ home: CardView; community: CardView }>;
  /** The lock behind a door of the demo ('Unit 101 Front Door', 'Main Gate', 'Lobby', 'Pool', …). */
  lockOf(doorName: string): Promise<string>;
  /** The sync rows of one credential, by lock. */
  lockCodesOf(accessCodeId: string): Promise<(typeof lockCodes.$inferSelect)[]>;
  accessCodeRow(id: string): Promise<typeof accessCodes.$inferSelect>;
  /** Events about one subject, oldest first. */
  eventsAbout(subjectId: string): Promise<(typeof events.$inferSelect)[]>;
  /**
   * What the sync engine writes once every lock has answered: codes that should be present are `active`
   * at their current version (and the lock reports their fingerprints), codes that must go are `removed`,
   * and a card whose new code is on every door forgets its previous one.
   */
  confirmOnLocks(): Promise<void>;
  /**
   * Every row a use case could write (rate-limit counters aside: refused attempts count on purpose), for
   * "nothing was half-written" checks: take one before a refused call, compare after.
   */
  snapshot(): Promise<Record<string, unknown[]>>;
  close(): Promise<void>;
}

const SNAPSHOT_TABLES = [
  'communities',
  'units',
  'people',
  'residencies',
  'access_points',
  'locks',
  'access_codes',
  'lock_codes',
  'lock_commands',
  'events',
  'messages',
] as const;

export async function startServiceHarness(options: { now?: Date; publicUrl?: string } = {}): Promise<ServiceHarness> {
  const database = await createTestDatabase();
  const db = database.db;
  const clock = new ManualClock(options.now ?? new Date('2026-06-15T15:00:00Z'));
  const random = testRandom();
  const cipher = new PinCipher(randomBytes(32));
  const sync = recordingSync(db);
  const deps: HarnessDeps = {
    db,
    clock,
    random,
    cipher,
    sync,
    logger: captureLogger(),
    publicUrl: options.publicUrl ?? 'https://keyway.test',
    passwordCost: TEST_PASSWORD_COST,
  };
  try {
    const seeded = await seedDemo(deps);
    if (!seeded.communityId) throw new Error('the demo community was not seeded on a fresh database');
    const communityId = seeded.communityId;
    sync.requests.length = 0;

    const principalOf = async (email: string): Promise<PersonPrincipal> => {
      const person = await findPersonByEmail(db, email);
      if (!person) throw new Error(`no person ${email}`);
      return personPrincipal(person);
    };
    const [manager, alex, blair] = await Promise.all(DEMO_ACCOUNTS.map((a) => principalOf(a.email)));
    if (!manager || !alex || !blair) throw new Error('demo accounts missing');

    return {
      database,
      db,
      deps,
      clock,
      random,
      sync,
      cipher,
      communityId,
      manager,
      alex,
      blair,
      async addResident(props) {
        await moveIn(deps, manager, { ...props, moveIn: '2026-01-01' });
        return principalOf(props.email);
      },
      async setSettings(changes) {
        await updateCommunitySettings(deps, manager, changes);
      },
      async cardsOf(person) {
        const community = await findCommunity(db, person.communityId);
        if (!community) throw new Error('community missing');
        const cards = await cardsOfHolder(db, person.personId, localDate(clock.now(), community.timeZone));
        const view = (scope: 'home' | 'community') => {
          const card = cards.find((c) => c.scope === scope);
          if (!card) throw new Error(`${person.name} has no ${scope} card`);
          return cardView(card, community.settings, cipher);
        };
        return { home: view('home'), community: view('community') };
      },
      async lockOf(doorName) {
        const rows = await db
          .select({ id: locks.id })
          .from(locks)
          .innerJoin(accessPoints, eq(accessPoints.id, locks.accessPointId))
          .where(and(eq(accessPoints.communityId, communityId), eq(accessPoints.name, doorName)));
        const id = rows[0]?.id;
        if (!id) throw new Error(`no lock behind ${doorName}`);
        return id;
      },
      lockCodesOf: (accessCodeId) =>
        db.select().from(lockCodes).where(eq(lockCodes.accessCodeId, accessCodeId)).orderBy(asc(lockCodes.lockId)),
      async accessCodeRow(id) {
        const [row] = await db.select().from(accessCodes).where(eq(accessCodes.id, id));
        if (!row) throw new Error(`no access code ${id}`);
        return row;
      },
      eventsAbout: (subjectId) =>
        db.select().from(events).where(eq(events.subjectId, subjectId)).orderBy(asc(events.id)),
      async confirmOnLocks() {
        const rows = await db
          .select({
            id: lockCodes.id,
            accessCodeId: lockCodes.accessCodeId,
            intent: lockCodes.intent,
            version: accessCodes.version,
            fp: accessCodes.fp,
            fp4: accessCodes.fp4,
            codeLength: accessCodes.codeLength,
          })
          .from(lockCodes)
          .innerJoin(accessCodes, eq(accessCodes.id, lockCodes.accessCodeId))
          .where(sql`${lockCodes.state} <> 'removed'`);
        const at = clock.now();
        for (const row of rows) {
          const present = row.intent === 'present';
          await updateLockCode(db, row.id, {
            state: present ? 'active' : 'removed',
            reason: null,
            reportedVersion: present ? row.version : null,
            reportedFp: present ? row.fp : null,
            reportedFp4: present ? row.fp4 : null,
            reportedLength: present ? row.codeLength : null,
            attempts: 0,
            nextAttemptAt: null,
            updatedAt: at,
          });
        }
        for (const id of new Set(rows.map((r) => r.accessCodeId))) await clearPreviousIfRolledOut(db, id);
      },
      async snapshot() {
        const result: Record<string, unknown[]> = {};
        for (const table of SNAPSHOT_TABLES) {
          result[table] = await queryRows(db, sql.raw(`select * from ${table} order by 1`));
        }
        return result;
      },
      close: () => database.close(),
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
