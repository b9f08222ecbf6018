/** The scale bench's summary: one column per size, then each figure per lock and its ratio to the smallest size. */
import { ms } from '../percentiles.ts';
import type { FullPass } from './fleet.ts';
import type { ChangeLatency, MixedResults } from './traffic.ts';

interface Rss {
  keyway: { sum: number; max: number };
  hubs: { sum: number; max: number };
}

export interface SizeResult {
  size: number;
  locks: number;
  codes: number;
  hubs: number;
  buildMs: number;
  dbBytesBuilt: number;
  dbBytesEnd: number;
  healthyMs: number;
  bootMs: number;
  /** Set when the fleet did not reach steady state within the timeout: how far it got. */
  notSteady: string | undefined;
  pass: FullPass;
  change: ChangeLatency;
  changeLoad: string;
  rss: { steady: Rss; afterChanges: Rss; end: Rss };
  mixed: MixedResults;
  mixedLoad: string;
}

const s = (millis: number) => `${(millis / 1000).toFixed(1)} s`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

function table(rows: string[][], log: (line: string) => void): void {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  log(line(rows[0]!));
  log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows.slice(1)) log(line(r));
}

export function printReport(results: readonly SizeResult[], log: (line: string) => void): void {
  if (results.length === 0) return;
  log('\nSummary');
  const row = (name: string, f: (r: SizeResult) => string) => [name, ...results.map(f)];
  table(
    [
      ['Figure', ...results.map((r) => `${r.locks.toLocaleString('en-US')} locks`)],
      row('codes on locks / hub processes', (r) => `${r.codes.toLocaleString('en-US')} / ${r.hubs}`),
      row('1 build', (r) => s(r.buildMs)),
      row('  database size after build / at end', (r) => `${mib(r.dbBytesBuilt)} / ${mib(r.dbBytesEnd)}`),
      row('2 servers healthy', (r) => s(r.healthyMs)),
      row('  boot-to-steady (first full reconcile)', (r) =>
        r.notSteady ? `NOT steady at ${s(r.bootMs)}: ${r.notSteady}` : s(r.bootMs),
      ),
      row('  full reconcile pass (nothing pending)', (r) => `${r.pass.timedOut ? '> ' : ''}${ms(r.pass.passMs)}`),
      row('3 code change → active, p50 / p99', (r) => `${ms(r.change.latency.p50)} / ${ms(r.change.latency.p99)}`),
      row(
        '  samples, timeouts; background/s',
        (r) => `${r.change.latency.n}, ${r.change.timeouts}; ${r.change.backgroundRate}`,
      ),
      row('  load average during 3', (r) => r.changeLoad),
      row(
        '4 RSS Keyway max (after 3 / end)',
        (r) => `${r.rss.afterChanges.keyway.max.toFixed(0)} / ${r.rss.end.keyway.max.toFixed(0)} MiB`,
      ),
      row(
        '  RSS hubs sum / max (after 3)',
        (r) => `${r.rss.afterChanges.hubs.sum.toFixed(0)} / ${r.rss.afterChanges.hubs.max.toFixed(0)} MiB`,
      ),
      row('5 mixed: reads p50 / p99', (r) => `${ms(r.mixed.reads.p50)} / ${ms(r.mixed.reads.p99)}`),
      row('  code change → active p50 / p99', (r) => `${ms(r.mixed.changes.p50)} / ${ms(r.mixed.changes.p99)}`),
      row('  guest code → active p50 / p99', (r) => `${ms(r.mixed.guests.p50)} / ${ms(r.mixed.guests.p99)}`),
      row(
        '  reads / changes / guests / keypad',
        (r) => `${r.mixed.reads.n} / ${r.mixed.changesMade} / ${r.mixed.guestsMade} / ${r.mixed.keypadEvents}`,
      ),
      row(
        '  errors / lost changes (target 0)',
        (r) => `${r.mixed.errors} / ${r.mixed.lostChanges + r.mixed.lostGuests}`,
      ),
      row('  load average during 5', (r) => r.mixedLoad),
    ],
    log,
  );
  if (results.length < 2) return;
  const base = results[0]!;
  const perLock = (name: string, value: (r: SizeResult) => number, unit: (v: number) => string) => [
    name,
    ...results.map((r) => {
      const v = value(r) / r.locks;
      const ratio = v / (value(base) / base.locks);
      return r === base ? unit(v) : `${unit(v)} (×${ratio.toFixed(2)})`;
    }),
  ];
  log(
    `\nPer lock, and its ratio to ${base.locks.toLocaleString('en-US')} locks (×1.00 = linear; below 1 = better than linear)`,
  );
  table(
    [
      ['Per lock', ...results.map((r) => `${r.locks.toLocaleString('en-US')} locks`)],
      perLock(
        'build',
        (r) => r.buildMs,
        (v) => `${v.toFixed(2)} ms`,
      ),
      perLock(
        'database size',
        (r) => r.dbBytesBuilt,
        (v) => `${(v / 1024).toFixed(1)} KiB`,
      ),
      perLock(
        'boot-to-steady',
        (r) => r.bootMs,
        (v) => `${v.toFixed(2)} ms`,
      ),
      perLock(
        'full reconcile pass',
        (r) => r.pass.passMs,
        (v) => `${(v * 1000).toFixed(0)} µs`,
      ),
      perLock(
        'RSS Keyway (sum of 2, after 3)',
        (r) => r.rss.afterChanges.keyway.sum * 1024,
        (v) => `${v.toFixed(1)} KiB`,
      ),
      perLock(
        'RSS hubs (sum, after 3)',
        (r) => r.rss.afterChanges.hubs.sum * 1024,
        (v) => `${v.toFixed(1)} KiB`,
      ),
    ],
    log,
  );
  log('Latencies do not scale with the fleet: a code change p50/p99 should stay flat across sizes.');
}
