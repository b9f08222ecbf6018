import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { Executor } from './database.ts';

/**
 * Runs hand-written SQL and returns its rows. Both drivers (PGlite and node-postgres) answer with a
 * `rows` array; drizzle's shared type does not say so, hence this one typed doorway.
 */
export async function queryRows<T extends Record<string, unknown>>(ex: Executor, query: SQL): Promise<T[]> {
  const result = (await ex.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

const dialect = new PgDialect();

/**
 * The same, for the hottest read paths: on a PostgreSQL server the statement is prepared once per
 * connection under `name` instead of being parsed and planned on every request (planning cost more than
 * executing these). The SQL text must be the same every time a name is used.
 */
export async function queryRowsPrepared<T extends Record<string, unknown>>(
  ex: Executor,
  name: string,
  query: SQL,
): Promise<T[]> {
  const client = (ex as { $client?: unknown }).$client;
  if (client instanceof pg.Pool) {
    const { sql: text, params } = dialect.sqlToQuery(query);
    const result = await client.query<T>({ name, text, values: params as unknown[] });
    return result.rows;
  }
  return queryRows<T>(ex, query);
}
