/**
 * Figures 2: boot-to-steady (processes started → every lock's codes `active`, which is the first full reconcile of
 * the fleet: every code starts pending with no slot) and one full reconcile pass (a reconcile asked for every lock
 * in one transaction, as a change's own transaction asks; timed from its commit until the queue is empty).
 */
import os from 'node:os';
import type pg from 'pg';
import { createLogger } from '../../src/logger.ts';
import type { Database } from '../../src/store/database.ts';
import { RECONCILE_QUEUE, startJobQueue } from '../../src/sync/jobQueue.ts';
import { sleep } from './api.ts';

export const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

export interface SyncState {
  active: number;
  total: number;
  hubsOnline: number;
}

export async function syncState(pool: pg.Pool): Promise<SyncState> {
  const { rows } = await pool.query<{ active: string; total: string; hubs: string }>(
    `select count(*) filter (where state = 'active' and reported_version = desired_version) as active,
            count(*) as total,
            (select count(*) from hubs where online) as hubs
       from lock_codes where intent = 'present'`,
  );
  const row = rows[0]!;
  return { active: Number(row.active), total: Number(row.total), hubsOnline: Number(row.hubs) };
}

export type Steady = { steady: true; at: number } | { steady: false; at: number; state: SyncState };

/**
 * Polls until every code is active on its lock; logs progress. Gives up at the timeout (the caller reports how far
 * the fleet got: a bench that never ends measures nothing).
 */
export async function waitSteady(
  pool: pg.Pool,
  options: { timeoutMs: number; pollMs: number; log: (line: string) => void; since: number },
): Promise<Steady> {
  const deadline = performance.now() + options.timeoutMs;
  let lastLog = performance.now();
  for (;;) {
    const state = await syncState(pool);
    const now = performance.now();
    if (state.total > 0 && state.active === state.total) return { steady: true, at: now };
    if (now - lastLog > 15_000) {
      lastLog = now;
      options.log(
        `    ${((now - options.since) / 1000).toFixed(0)} s: ${state.active.toLocaleString('en-US')} / ${state.total.toLocaleString('en-US')} codes active, ${state.hubsOnline} hubs online (load ${loadAverage()})`,
      );
    }
    if (now > deadline) return { steady: false, at: now, state };
    await sleep(options.pollMs);
  }
}

async function queueDepth(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(
    `select count(*) as n from pgboss.job where name = $1 and state in ('created', 'retry', 'active')`,
    [RECONCILE_QUEUE],
  );
  return Number(rows[0]!.n);
}

export interface FullPass {
  /** Enqueueing a reconcile of every lock in one transaction. */
  enqueueMs: number;
  /** From the commit until no reconcile job is left. */
  passMs: number;
  locks: number;
  /** Commands the pass sent (nothing was pending: 0 expected). */
  commandsSent: number;
  /** The queue was still not empty at the timeout. */
  timedOut: boolean;
}

export async function fullReconcilePass(database: Database, pool: pg.Pool, timeoutMs: number): Promise<FullPass> {
  const { rows } = await pool.query<{ id: string }>('select id from locks');
  const lockIds = rows.map((r) => r.id);
  const before = await pool.query<{ n: string }>('select count(*) as n from lock_commands');
  const queue = await startJobQueue(database, createLogger('silent'));
  try {
    const t0 = performance.now();
    await database.db.transaction((tx) => queue.enqueueReconcile(lockIds, tx));
    const t1 = performance.now();
    let timedOut = false;
    while ((await queueDepth(pool)) > 0) {
      if (performance.now() - t1 > timeoutMs) {
        timedOut = true;
        break;
      }
      await sleep(25);
    }
    const t2 = performance.now();
    const after = await pool.query<{ n: string }>('select count(*) as n from lock_commands');
    return {
      enqueueMs: t1 - t0,
      passMs: t2 - t1,
      locks: lockIds.length,
      commandsSent: Number(after.rows[0]!.n) - Number(before.rows[0]!.n),
      timedOut,
    };
  } finally {
    await queue.stop();
  }
}
