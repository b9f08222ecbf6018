/**
 * Runs the guest-code boundary bench alone: `npx tsx bench/guestBoundaries.main.ts`
 * (PGlite in memory; with DATABASE_URL, a fresh database on that PostgreSQL server, dropped at the end).
 */
import os from 'node:os';
import { runGuestBoundaryBench } from './guestBoundaries.ts';

const cpus = os.cpus();
console.log(`node ${process.version}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}`);
try {
  const { rows } = await runGuestBoundaryBench({ databaseUrl: process.env.DATABASE_URL });
  const table: [string, string, string, string][] = [
    ['Figure', 'Value', 'Target', 'Status'],
    ...rows.map((r) => [r.figure, r.value, r.target, r.status] as [string, string, string, string]),
  ];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...table.map((r) => r[c]!.length)));
  const line = (r: readonly string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  console.log('');
  console.log(line(table[0]!));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of table.slice(1)) console.log(line(r));
} catch (error) {
  console.error(error);
  process.exitCode = 1;
}
