/**
 * Figure 6: a PMS import of 10,000 residents (a generated rent roll, CSV) into a community being onboarded —
 * units created by the import, no locks yet — timed as the dry run, the apply (one transaction) and a
 * re-import of the same file (all unchanged). Target: the apply within 30 s. On PostgreSQL when DATABASE_URL
 * is set, else in-memory PGlite. Run alone with `npx tsx bench/importResidents.ts [rows]`.
 */
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { DEFAULT_SETTINGS } from '../src/domain/communitySettings.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { cryptoRandom } from '../src/platform/random.ts';
import { PinCipher } from '../src/security/pinCipher.ts';
import { importResidents } from '../src/services/importResidents.ts';
import { personPrincipal } from '../src/services/principal.ts';
import { insertCommunity, insertPerson } from '../src/store/repositories/communities.ts';
import { openBenchDatabase } from './database.ts';

export const IMPORT_TARGET_MS = 30_000;

export interface ImportBenchResults {
  rows: number;
  label: string;
  dryRunMs: number;
  applyMs: number;
  reimportMs: number;
  summary: { create: number; unitsCreated: number };
}

/** A rent roll in the shape PMS exports have: spelled-out headers, US dates, formatted phones, an extra column. */
export function generateRentRoll(rows: number): string {
  const lines = [
    'Property,Unit Number,Resident First Name,Resident Last Name,Email Address,Phone Number,Move-In Date,Lease End Date,Status',
  ];
  for (let i = 0; i < rows; i++) {
    const unit = `${String.fromCharCode(65 + (i % 20))}-${String(Math.floor(i / 20) + 100).padStart(4, '0')}`;
    const month = (i % 12) + 1;
    const phone = `(303) 5${String(i).padStart(2, '0').slice(-2)}-${String(i).padStart(4, '0').slice(-4)}`;
    lines.push(
      `Bench Towers,${unit},First${i},"Last, ${i}",resident${i}@bench.example,${phone},${month}/1/2026,2027-0${(i % 9) + 1}-15,Current`,
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

export async function runImportBench(options: {
  rows: number;
  log: (line: string) => void;
}): Promise<ImportBenchResults> {
  const benchDb = await openBenchDatabase();
  try {
    const db = benchDb.database.db;
    const clock = new ManualClock(new Date('2026-06-15T15:00:00Z'));
    const communityId = cryptoRandom.uuid();
    const managerId = cryptoRandom.uuid();
    await insertCommunity(db, {
      id: communityId,
      name: 'Bench Towers',
      timeZone: 'America/Chicago',
      settings: DEFAULT_SETTINGS,
      createdAt: clock.now(),
    });
    await insertPerson(db, {
      id: managerId,
      communityId,
      name: 'Bench Manager',
      email: 'manager@bench.example',
      passwordHash: null,
      role: 'manager',
      createdAt: clock.now(),
    });
    const manager = personPrincipal({ id: managerId, communityId, role: 'manager', name: 'Bench Manager' });
    const deps = {
      db,
      clock,
      random: cryptoRandom,
      cipher: new PinCipher(randomBytes(32)),
      logger: pino({ level: 'silent' }),
      sync: { reconcileLocks: async () => undefined },
      publicUrl: 'http://localhost:3000',
    };
    const csv = generateRentRoll(options.rows);
    options.log(
      `  ${options.rows.toLocaleString('en-US')} rows, ${(csv.length / 1024).toFixed(0)} KiB of CSV, on ${benchDb.label}`,
    );
    const timed = async <T>(what: string, run: () => Promise<T>) => {
      const start = performance.now();
      const result = await run();
      const ms = performance.now() - start;
      options.log(`  ${what.padEnd(28)} ${(ms / 1000).toFixed(2)} s`);
      return { result, ms };
    };
    const dry = await timed('dry run (plan only)', () => importResidents(deps, manager, { csv, dryRun: true }));
    const apply = await timed('apply (one transaction)', () => importResidents(deps, manager, { csv, dryRun: false }));
    if (!apply.result.applied)
      throw new Error(`import not applied: ${JSON.stringify(apply.result.errors.slice(0, 3))}`);
    const again = await timed('re-import (all unchanged)', () =>
      importResidents(deps, manager, { csv, dryRun: false }),
    );
    if (again.result.summary.unchanged !== options.rows) throw new Error('re-import was not all unchanged');
    options.log(
      `  apply ${(apply.ms / 1000).toFixed(2)} s = ${(apply.ms / IMPORT_TARGET_MS).toFixed(2)} × the 30 s target (${apply.ms <= IMPORT_TARGET_MS ? 'met' : 'NOT met'}); ${(apply.ms / options.rows).toFixed(2)} ms per resident`,
    );
    return {
      rows: options.rows,
      label: benchDb.label,
      dryRunMs: dry.ms,
      applyMs: apply.ms,
      reimportMs: again.ms,
      summary: { create: apply.result.summary.create, unitsCreated: apply.result.summary.unitsCreated },
    };
  } finally {
    await benchDb.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = Number(process.argv[2] ?? 10_000);
  console.log(`6. PMS import of ${rows.toLocaleString('en-US')} residents (target: apply ≤ 30 s)`);
  runImportBench({ rows, log: (line) => console.log(line) }).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
