import type { SQL } from 'drizzle-orm';
import type { Executor } from './database.ts';

/**
 * Runs hand-written SQL and returns its rows. Both drivers (PGlite and node-postgres) answer with a
 * `rows` array; drizzle's shared type does not say so, hence this one typed doorway.
 */
export async function queryRows<T extends Record<string, unknown>>(ex: Executor, query: SQL): Promise<T[]> {
  const result = (await ex.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
