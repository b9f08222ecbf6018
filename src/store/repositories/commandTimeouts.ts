/**
 * The sweep's timeout step in a few statements, whatever the number of commands: a fleet boot can leave tens of
 * thousands of commands unanswered at once, and one read of the lock's rows plus one update per command held the
 * sweep's transaction (and the rows results wait for) open for minutes.
 */
import { sql } from 'drizzle-orm';
import type { LockCodeIntent, LockCodeState, SyncReason } from '../../domain/sync/lockCodeState.ts';
import type { Executor } from '../database.ts';
import { queryRows } from '../rawQuery.ts';

export interface TimedOutCommand {
  id: string;
  lockId: string;
  accessCodeId: string | null;
}

/**
 * Marks up to `limit` unanswered commands as timed out, oldest first. Rows another sweep (another process) holds
 * are skipped, not waited for: that sweep is timing them out already.
 */
export async function timeOutDueCommands(
  ex: Executor,
  cutoff: { hub: Date; cloud: Date },
  limit: number,
): Promise<TimedOutCommand[]> {
  const rows = await queryRows<{ id: string; lock_id: string; access_code_id: string | null }>(
    ex,
    sql`with due as (
          select c.id from lock_commands c
          where c.status = 'sent' and c.sent_at < ${cutoff.hub.toISOString()}::timestamptz and c.bundle_counter is null
            and (c.sent_at < ${cutoff.cloud.toISOString()}::timestamptz
                 or c.lock_id not in (select id from locks where connectivity = 'seam'))
          order by c.sent_at
          limit ${limit}
          for update of c skip locked
        )
        update lock_commands c set status = 'timed_out' from due where c.id = due.id
        returning c.id, c.lock_id, c.access_code_id`,
  );
  return rows.map((r) => ({ id: r.id, lockId: r.lock_id, accessCodeId: r.access_code_id }));
}

export interface SendingRow {
  id: string;
  lockId: string;
  accessCodeId: string;
  state: LockCodeState;
  reason: SyncReason | null;
  intent: LockCodeIntent;
  attempts: number;
}

/** The rows still waiting for these commands' answers (reason `sending`), one read for all of them. */
export async function sendingRowsOf(ex: Executor, commands: readonly TimedOutCommand[]): Promise<SendingRow[]> {
  const pairs = commands.flatMap((c) =>
    c.accessCodeId ? [{ lock_id: c.lockId, access_code_id: c.accessCodeId }] : [],
  );
  if (pairs.length === 0) return [];
  const rows = await queryRows<Record<string, unknown>>(
    ex,
    sql`select l.id, l.lock_id, l.access_code_id, l.state, l.reason, l.intent, l.attempts
        from lock_codes l
        join (select distinct lock_id, access_code_id
              from jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as p(lock_id uuid, access_code_id uuid)) p
          on p.lock_id = l.lock_id and p.access_code_id = l.access_code_id
        where l.state <> 'removed' and l.reason = 'sending'
        order by l.id`,
  );
  return rows.map((r) => ({
    id: r.id as string,
    lockId: r.lock_id as string,
    accessCodeId: r.access_code_id as string,
    state: r.state as LockCodeState,
    reason: (r.reason as SyncReason | null) ?? null,
    intent: r.intent as LockCodeIntent,
    attempts: Number(r.attempts),
  }));
}

export interface TimeoutMove {
  id: string;
  /** What the row was read as: the move is written only if it still is (a newer wish must not be overwritten). */
  expected: { state: LockCodeState; intent: LockCodeIntent };
  state: LockCodeState;
  reason: SyncReason | null;
  attempts: number;
  nextAttemptAt: Date;
}

/** Writes every move in one statement; rows that changed since they were read are left alone. */
export async function applyTimeoutMoves(ex: Executor, moves: readonly TimeoutMove[], now: Date): Promise<void> {
  if (moves.length === 0) return;
  const values = moves.map((m) => ({
    id: m.id,
    exp_state: m.expected.state,
    exp_intent: m.expected.intent,
    state: m.state,
    reason: m.reason,
    attempts: m.attempts,
    next_attempt_at: m.nextAttemptAt.toISOString(),
  }));
  await ex.execute(
    sql`update lock_codes l set state = v.state, reason = v.reason, attempts = v.attempts,
               next_attempt_at = v.next_attempt_at, updated_at = ${now.toISOString()}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
             as v(id uuid, exp_state text, exp_intent text, state text, reason text, attempts int, next_attempt_at timestamptz)
        where l.id = v.id and l.state = v.exp_state and l.intent = v.exp_intent`,
  );
}
