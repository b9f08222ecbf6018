/**
 * The scale bench's own PostgreSQL database: `keyway_scale_<pid>_<hex>` created on the server of DATABASE_URL and
 * dropped at the end, also on Ctrl-C (as bench/database.ts does for `npm run bench`). Every size gets a fresh one.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface ScaleDatabase {
  name: string;
  /** The URL of the new database (what the Keyway processes get as DATABASE_URL). */
  url: string;
  drop(): Promise<void>;
}

const cleanups = new Set<() => Promise<void>>();
let signalsInstalled = false;

/** Ctrl-C: run every registered cleanup (stop processes, drop databases), then exit. */
export function onInterrupt(cleanup: () => Promise<void>): () => void {
  cleanups.add(cleanup);
  if (!signalsInstalled) {
    signalsInstalled = true;
    const run = (signal: NodeJS.Signals) => {
      console.log(`\n${signal}: cleaning up…`);
      void Promise.allSettled([...cleanups].map((c) => c())).finally(() => process.exit(130));
    };
    process.once('SIGINT', run);
    process.once('SIGTERM', run);
  }
  return () => cleanups.delete(cleanup);
}

export async function createScaleDatabase(serverUrl: string): Promise<ScaleDatabase> {
  const name = `keyway_scale_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    forget();
    await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
  };
  const forget = onInterrupt(drop);
  return { name, url: url.toString(), drop };
}

export async function adminQuery(serverUrl: string, text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}
