/**
 * The bench's own database: in-memory PGlite by default; with DATABASE_URL, a fresh database created on
 * that server (as test/support/testDatabase.ts does) and dropped afterwards. Unlike the test helper it
 * keeps the production pool size (openDatabase's default), so the throughput figures match a real server.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { type Database, openDatabase } from '../src/store/database.ts';
import { queryRows } from '../src/store/rawQuery.ts';

export interface BenchDatabase {
  database: Database;
  /** What the report calls it, e.g. "PGlite 0.5.16 (embedded, in memory)" or "PostgreSQL 15.20 @127.0.0.1:5432". */
  label: string;
  close(): Promise<void>;
}

export async function openBenchDatabase(): Promise<BenchDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({});
    const version = await serverVersion(database);
    return { database, label: `PGlite (embedded, in memory; ${version})`, close: () => database.close() };
  }

  const name = `keyway_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name}`);
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
  };
  // Ctrl-C during a long run must not leave the database behind.
  const onSignal = () => {
    void drop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let database: Database;
  try {
    database = await openDatabase({ databaseUrl: url.toString() });
  } catch (error) {
    await drop();
    throw error;
  }
  const version = await serverVersion(database);
  return {
    database,
    label: `PostgreSQL @${url.host}, database ${name} (${version})`,
    async close() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      try {
        await database.close();
      } finally {
        await drop();
      }
    },
  };
}

async function adminQuery(serverUrl: string, text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

async function serverVersion(database: Database): Promise<string> {
  const rows = await queryRows<{ v: string }>(database.db, sql`select current_setting('server_version') as v`);
  return `server_version ${rows[0]?.v ?? '?'}`;
}
