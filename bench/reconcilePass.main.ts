/**
 * Runs figure 4 (the reconcile pass) alone: `npx tsx bench/reconcilePass.main.ts`
 * (PGlite in memory; with DATABASE_URL, a fresh database on that PostgreSQL server, dropped at the end).
 * RECONCILE_PASS_LOCKS / RECONCILE_CHUNK / RECONCILE_LANES override the size of the set-based pass (c), its chunk
 * and the chunks in flight at once (PostgreSQL).
 */
import os from 'node:os';
import { openBenchDatabase } from './database.ts';
import { DEFAULT_RECONCILE_OPTIONS, runReconcilePass } from './reconcilePass.ts';
import { createSyncBenchKeyway } from './setup.ts';

const cpus = os.cpus();
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
console.log(`node ${process.version}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}; load ${load()}`);
const bench = await openBenchDatabase();
console.log(`database: ${bench.label}`);
try {
  const sync = await createSyncBenchKeyway(bench.database, 300);
  try {
    const [communityId] = (await sync.keyway.deps.db.query.communities.findMany({ columns: { id: true } })).map(
      (c) => c.id,
    );
    if (!communityId) throw new Error('no demo community');
    await runReconcilePass(sync.keyway, communityId, {
      ...DEFAULT_RECONCILE_OPTIONS,
      passLocks: Number(process.env.RECONCILE_PASS_LOCKS ?? DEFAULT_RECONCILE_OPTIONS.passLocks),
      chunkSize: Number(process.env.RECONCILE_CHUNK ?? DEFAULT_RECONCILE_OPTIONS.chunkSize),
      chunkLanes: Number(process.env.RECONCILE_LANES ?? DEFAULT_RECONCILE_OPTIONS.chunkLanes),
      log: (line) => console.log(line),
    });
  } finally {
    await sync.keyway.close();
  }
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await bench.close();
  console.log(`load after: ${load()}`);
}
