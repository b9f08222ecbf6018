/**
 * `npm run bench`: Keyway's performance figures in one run, each printed beside its target.
 * Embedded PGlite in memory by default; with DATABASE_URL, a fresh database on that PostgreSQL server
 * (created here, dropped at the end). Figures, not assertions: the exit code is 0 whether targets are met.
 */
import os from 'node:os';
import { DEFAULT_GENERATE_OPTIONS, runGenerateCode, type GenerateCodeResults } from './generateCode.ts';
import { DEFAULT_THROUGHPUT_OPTIONS, runMeAccessThroughput, type ThroughputResults } from './meAccessThroughput.ts';
import { openBenchDatabase } from './database.ts';
import { ms } from './percentiles.ts';
import { createBenchKeyway } from './setup.ts';

const log = (line: string) => console.log(line);
const GENERATE_TARGET_MS = 1;
const RATIO_TARGET = 0.4;

async function main(): Promise<void> {
  const started = performance.now();
  const cpus = os.cpus();
  log(`Keyway bench — node ${process.version}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}, ${os.platform()} ${os.release()}`);
  const benchDb = await openBenchDatabase();
  const dbKind = benchDb.database.kind;
  log(`database: ${benchDb.label}`);
  try {
    const setupStart = performance.now();
    const bench = await createBenchKeyway(benchDb.database);
    log(`Keyway ready (demo seeded, 6-digit codes on) in ${((performance.now() - setupStart) / 1000).toFixed(1)} s`);
    try {
      log('');
      log('1. Generate a Code with 50,000 active codes on one shared lock (Main Gate)');
      const gen = await runGenerateCode(bench, { ...DEFAULT_GENERATE_OPTIONS, log });
      log('');
      log('2. GET /api/v1/me/access vs a bare Fastify route (autocannon in a child process)');
      const thr = await runMeAccessThroughput(bench, { ...DEFAULT_THROUGHPUT_OPTIONS, log });
      printThroughput(thr);
      log('');
      printTable(gen, thr, dbKind, benchDb.label);
    } finally {
      await bench.keyway.close();
    }
  } finally {
    await benchDb.close();
  }
  log(`\ntotal bench time ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

function printThroughput(t: ThroughputResults): void {
  for (const [name, r] of [['Keyway GET /me/access', t.keyway], ['bare Fastify GET /hello', t.bare]] as const) {
    log(
      `  ${name.padEnd(24)} ${r.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${r.latencyP50} ms  p99 ${r.latencyP99} ms  ` +
        `(${r.total.toLocaleString('en-US')} requests: ${r.ok} 2xx, ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts)`,
    );
    log(
      `  ${''.padEnd(24)} server process CPU ${r.serverCpuPct.toFixed(0)}% of a core = ${ms(r.serverCpuMsPerRequest)}/request; ` +
        `machine ${r.machineBusyPct.toFixed(0)}% busy (${os.cpus().length} cores: servers + database + autocannon)`,
    );
  }
  log(`  ratio ${t.ratio.toFixed(3)}`);
  log(
    `  in process, no HTTP (p50): authenticate ${ms(t.inProcess.authenticate.p50)}, getMyAccess ${ms(t.inProcess.getMyAccess.p50)} ` +
      `(3 queries per request: session, community, cards)`,
  );
}

function printTable(g: GenerateCodeResults, t: ThroughputResults, kind: 'pglite' | 'postgres', label: string): void {
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const rows: [string, string, string, string][] = [
    ['Figure', 'Value', 'Target', 'Status'],
    ['1a generatePin 6-digit, DB occupancy, p50', ms(g.db6.p50), `≤ ${GENERATE_TARGET_MS} ms`, met(g.db6.p50 <= GENERATE_TARGET_MS)],
    ['   same, p95 / p99', `${ms(g.db6.p95)} / ${ms(g.db6.p99)}`, '—', ''],
    ['   same before ANALYZE (stale stats), p50', ms(g.staleStats6.p50), `≤ ${GENERATE_TARGET_MS} ms`, met(g.staleStats6.p50 <= GENERATE_TARGET_MS)],
    ['   same on the card\'s 3 locks (as the service), p50', ms(g.db6Card.p50), `≤ ${GENERATE_TARGET_MS} ms`, met(g.db6Card.p50 <= GENERATE_TARGET_MS)],
    ['1b generatePin 4-digit (fallback path), p50', ms(g.db4.p50), '— (reported)', `fallback ${g.db4.fallbacks}/${g.db4.n}`],
    ['   same, p95 / p99', `${ms(g.db4.p95)} / ${ms(g.db4.p99)}`, '—', ''],
    ['1c changeMyCode 6-digit (3 locks), p50', ms(g.service.p50), '— (reported)', ''],
    ['   same, p95', ms(g.service.p95), '—', ''],
    ['1d LockCodeIndex generatePin 6-digit, p50', ms(g.memory6.p50), '— (comparison)', ''],
    ['   LockCodeIndex 4-digit, p50', ms(g.memory4.p50), '— (comparison)', ''],
    ['2  GET /me/access req/s', t.keyway.requestsPerSecond.toFixed(0), '—', ''],
    ['   bare Fastify req/s', t.bare.requestsPerSecond.toFixed(0), '—', ''],
    [
      '   ratio Keyway / bare',
      t.ratio.toFixed(3),
      `≥ ${RATIO_TARGET} on PostgreSQL`,
      kind === 'postgres' ? met(t.ratio >= RATIO_TARGET) : `${met(t.ratio >= RATIO_TARGET)} (informational: PGlite)`,
    ],
  ];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: readonly string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  log(`Summary — ${label}`);
  log(line(rows[0]!));
  log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows.slice(1)) log(line(r));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
