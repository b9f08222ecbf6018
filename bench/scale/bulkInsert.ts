/**
 * Fast multi-row inserts for the scale bench: one statement per batch, every column sent as one array parameter
 * and spread back into rows by `unnest` (a few parameters per statement instead of one per value, so 20,000 rows
 * go in one round trip). Constant columns are written as SQL expressions and cost nothing per row.
 */
import type pg from 'pg';

/** A column filled from the rows (`type` is the PostgreSQL element type of its array parameter). */
export interface Column<Row> {
  name: string;
  type: string;
  value: (row: Row) => unknown;
}

const BATCH = 20_000;

export async function bulkInsert<Row>(
  pool: pg.Pool,
  table: string,
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  constants: Record<string, string> = {},
): Promise<void> {
  const names = [...columns.map((c) => c.name), ...Object.keys(constants)];
  const selects = [...columns.map((_, i) => `u.c${i}`), ...Object.values(constants)];
  const unnest = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  const text = `insert into ${table} (${names.join(', ')}) select ${selects.join(', ')} from unnest(${unnest}) as u(${aliases})`;
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    await pool.query(
      text,
      columns.map((c) => batch.map(c.value)),
    );
  }
}
