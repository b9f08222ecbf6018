import { sql } from 'drizzle-orm';
import { openBenchDatabase } from './database.ts';
import { createBenchKeyway, seedBulkCodes } from './setup.ts';
import { queryRows } from '../src/store/rawQuery.ts';
import { generatePin } from '../src/domain/pin/generator.ts';
import { occupiedCodesOn } from '../src/services/occupiedCodes.ts';
import { cryptoRandom } from '../src/platform/random.ts';
import { summarize, summaryLine, timeRuns } from './percentiles.ts';

const bdb = await openBenchDatabase();
console.log(bdb.label);
try {
  let t = performance.now();
  const bench = await createBenchKeyway(bdb.database);
  console.log('keyway', performance.now() - t);
  const r = await seedBulkCodes(bench, 50_000);
  console.log(r);
  const { db, cipher } = bench.keyway.deps;
  const cands = Array.from({ length: 16 }, () => String(cryptoRandom.int(1e6)).padStart(6, '0'));
  const prints = cands.map((c) => cipher.fingerprints(c));
  const fpList = sql.join([...prints.map((p) => p.fp), ...prints.map((p) => p.fp4)].map((f) => sql`${f}`), sql`, `);
  const lock = bench.mainGateLockId;
  const plan = await queryRows<Record<string, string>>(db, sql`explain analyze
    select ac.fp, ac.fp4, ac.code_length as length
    from access_codes ac join lock_codes lc on lc.access_code_id = ac.id
    where (ac.fp in (${fpList}) or ac.fp4 in (${fpList}))
      and lc.lock_id in (${lock}::uuid) and lc.state <> 'removed' and ac.id <> ${'00000000-0000-0000-0000-000000000000'}::uuid
    union all
    select lc.reported_fp, lc.reported_fp4, lc.reported_length
    from lock_codes lc
    where lc.lock_id in (${lock}::uuid) and lc.access_code_id <> ${'00000000-0000-0000-0000-000000000000'}::uuid
      and (lc.reported_fp in (${fpList}) or lc.reported_fp4 in (${fpList}))`);
  for (const row of plan) console.log(Object.values(row)[0]);
  const occ = occupiedCodesOn(db, cipher, [lock], null);
  for (const len of [6] as const) {
    const s = await timeRuns(300, () => generatePin({ length: len, randomInt: cryptoRandom.int, occupied: occ }));
    console.log(len, summaryLine(summarize(s)));
  }
  const s4 = await timeRuns(5, () => generatePin({ length: 4, randomInt: cryptoRandom.int, occupied: occ }));
  console.log(4, summaryLine(summarize(s4)));
  await bench.keyway.close();
} finally {
  await bdb.close();
}
