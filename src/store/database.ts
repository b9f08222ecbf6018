/**
 * Opens Keyway's database: embedded PGlite (data folder on disk, or in memory for tests) by default,
 * a PostgreSQL server when a URL is given. Migrations are applied on open, under an advisory lock so that
 * several processes starting together do not race.
 *
 * PGlite is a single connection: while a transaction is open, a query issued outside it waits for the
 * transaction to end. Code inside a transaction must therefore use the transaction handle only.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything a repository can run a query on: the database, or an open transaction. */
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** The raw PGlite instance in embedded mode (pg-boss and the broker's persistence can share it). */
  pglite?: PGlite;
  pool?: pg.Pool;
  /** The server URL in PostgreSQL mode (pg-boss opens its own small pool on it). */
  url?: string;
  /** Routine upkeep: refreshes planner statistics where nothing else does (PGlite has no autovacuum). */
  maintain(): Promise<void>;
  close(): Promise<void>;
}

const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
const migrationConfig = { migrationsFolder, migrationsSchema: 'public', migrationsTable: '__drizzle_migrations' };
const MIGRATION_LOCK = 4_711_000_001;

export interface OpenOptions {
  /** postgres://… for a server; otherwise PGlite. */
  databaseUrl?: string;
  /** PGlite data folder; omitted = in memory. */
  dataDir?: string;
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options.dataDir);
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = dataDir ? new PGlite(join(dataDir, 'pglite')) : new PGlite();
  await client.waitReady;
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, migrationConfig);
  // Without statistics the planner picks nested loops over whole tables for the occupancy checks.
  const maintain = async () => {
    await client.exec('analyze');
  };
  await maintain();
  return {
    db: db as unknown as Db,
    kind: 'pglite',
    pglite: client,
    maintain,
    close: () => client.close(),
  };
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle connection can die under us (server restart, admin command); the pool replaces it. Without a
  // listener, node-postgres would turn that into an uncaught exception and take the process down.
  pool.on('error', () => undefined);
  const migrationClient = await pool.connect();
  try {
    await migrationClient.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrateNodePg(drizzleNodePg(migrationClient, { schema }), migrationConfig);
  } finally {
    await migrationClient.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    migrationClient.release();
  }
  const db = drizzleNodePg(pool, { schema });
  retryDeadlockVictims(db);
  return {
    db: db as unknown as Db,
    kind: 'postgres',
    pool,
    url,
    maintain: async () => undefined,
    close: () => pool.end(),
  };
}

/** PostgreSQL's deadlock_detected and serialization_failure: the transaction was rolled back whole, and may run again. */
const RETRYABLE = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 4;

function retryableCode(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string' && RETRYABLE.has(e.code)) return true;
    e = e.cause as typeof e;
  }
  return false;
}

/**
 * Several processes on one database can meet in a deadlock that no single lock order rules out (a code change
 * holding its card and a lock's code space, a result holding the lock and waiting for the card). PostgreSQL
 * then rolls one transaction back whole; running it again is what a person retrying would do, so every
 * top-level transaction is retried a few times, after a short random pause, before the error reaches anyone.
 * Callbacks only touch the database (messages go out after the commit), so a rerun is safe.
 */
function retryDeadlockVictims(db: { transaction: (...args: never[]) => Promise<unknown> }): void {
  const transaction = db.transaction.bind(db) as (...args: unknown[]) => Promise<unknown>;
  (db as { transaction: unknown }).transaction = async (...args: unknown[]) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await transaction(...args);
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !retryableCode(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
      }
    }
  };
}

/** Liveness check used by the health endpoint. */
export async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
