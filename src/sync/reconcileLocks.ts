/**
 * A reconcile pass over many locks in a few statements: compare what should be on each lock with what it last
 * reported, record the outcome per (code, lock), and send the commands that close the gap. Idempotent: a second
 * pass with nothing new sends nothing (in-flight commands are part of each plan's input).
 *
 * Locks go in chunks, one transaction each, which loads the chunk's locks (locking their rows, in id order, so
 * two passes over one lock never interleave, even from two processes), their code rows (without PINs, except
 * where a set_code may be due), their in-flight commands; plans each lock in memory with the pure planner
 * (decrypting only the PINs it sends); then writes every outcome in one guarded statement and every command in
 * one insert. Commands are published after the commit, per hub: a crash in between leaves them `sent` without
 * a result, and the timeout sweep retries them.
 *
 * A chunk that fails is retried lock by lock, so one bad lock never holds up the others; the locks that still
 * fail are reported together at the end (ReconcileFailed), after every other lock's pass is done.
 */
import { breakerAllows } from '../domain/sync/circuitBreaker.ts';
import { type LockCodeEvent, type LockCodeStatus, transition } from '../domain/sync/lockCodeState.ts';
import { type LockPlan, type PlannedCommand, planLock } from '../domain/sync/lockPlan.ts';
import type { Tx } from '../store/database.ts';
import { releaseCodesOfRetiringLock } from '../store/repositories/devices.ts';
import { recordEvent } from '../store/repositories/events.ts';
import { type NewLockCommand, updateLock } from '../store/repositories/lockSync.ts';
import {
  type BatchInFlight,
  type BatchLock,
  type BatchLockCodeRow,
  inFlightCommandsOf,
  insertLockCommandsBulk,
  lockCodeRowsOf,
  locksForSync,
  moveLockCodes,
  pinsOf,
  type RowMove,
  setNextBoundaries,
} from '../store/repositories/lockSyncBatch.ts';
import { commandRecord } from './commandRecord.ts';
import type { HubCommand } from './hubProtocol.ts';
import { PinNotLoaded, planInput } from './planInput.ts';
import type { ReconcileDeps, ReconcileResult } from './reconcileLock.ts';
import * as retirement from './retirement.ts';
import { killIfAskedAfterCommit } from './testKillAfterCommit.ts';
import type { Presence } from './wanted.ts';

/** Told once per pass how many locks it covered and how long it took (src/platform/metrics.ts implements it). */
export interface ReconcileMetrics {
  reconcilePass(locks: number, ms: number): void;
}

export type ReconcileLocksDeps = ReconcileDeps & {
  /** This server process's id, stored on every command it sends (`lock_commands.sent_by`). */
  instanceId?: string;
  metrics?: ReconcileMetrics;
  /** Locks per transaction (default 500). */
  chunkSize?: number;
  /** Chunks in flight at once (default 1). More than 1 only on PostgreSQL: PGlite has one connection. */
  chunkConcurrency?: number;
};

/** Some locks' passes failed (the others are done): by lock id, what went wrong. */
export class ReconcileFailed extends Error {
  constructor(readonly failures: ReadonlyMap<string, unknown>) {
    const [first] = failures.values();
    super(`reconcile failed for ${failures.size} lock(s): ${first instanceof Error ? first.message : String(first)}`, {
      cause: first,
    });
  }
}

const DEFAULT_CHUNK = 500;

/** What a row remembers of its place on the lock, cleared once the lock no longer holds the code. */
const OFF_THE_LOCK = {
  slot: null,
  reportedVersion: null,
  reportedFp: null,
  reportedFp4: null,
  reportedLength: null,
} as const;

type MoveExtra = Omit<RowMove, 'id' | 'expected' | 'state' | 'reason'>;

export async function reconcileLocks(deps: ReconcileLocksDeps, lockIds: readonly string[]): Promise<ReconcileResult[]> {
  const started = performance.now();
  const ids = [...new Set(lockIds)];
  const results = new Map<string, ReconcileResult>();
  const failures = new Map<string, unknown>();
  const chunkSize = Math.max(1, deps.chunkSize ?? DEFAULT_CHUNK);
  const run = async (chunk: readonly string[]) => {
    const outgoing = await passChunk(deps, chunk, results);
    killIfAskedAfterCommit(outgoing.filter((o) => o.lock.hubId !== null).flatMap((o) => o.commands.map((c) => c.id)));
    await publish(deps, outgoing, failures);
  };
  const chunks: string[][] = [];
  for (let offset = 0; offset < ids.length; offset += chunkSize) chunks.push(ids.slice(offset, offset + chunkSize));
  // Chunks side by side (PostgreSQL): one reads while another plans. Their locks are disjoint, so they never wait
  // for each other's rows.
  const lanes = Math.max(1, Math.min(deps.chunkConcurrency ?? 1, chunks.length));
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      for (let chunk = chunks[next++]; chunk !== undefined; chunk = chunks[next++]) {
        try {
          await run(chunk);
        } catch (error) {
          if (chunk.length === 1) failures.set(chunk[0] as string, error);
          else {
            // One lock's trouble (or a deadlock with a concurrent change) must not hold up the rest: one by one.
            for (const lockId of chunk) await run([lockId]).catch((e: unknown) => failures.set(lockId, e));
          }
        }
      }
    }),
  );
  deps.metrics?.reconcilePass(ids.length, performance.now() - started);
  if (failures.size > 0) throw new ReconcileFailed(failures);
  return lockIds.map((id) => results.get(id) ?? { sent: 0, hubId: null });
}

interface Outgoing {
  lock: BatchLock;
  commands: HubCommand[];
}

/** One chunk in one transaction; after its commit, its results land in `results` and its commands are returned. */
async function passChunk(
  deps: ReconcileLocksDeps,
  lockIds: readonly string[],
  results: Map<string, ReconcileResult>,
): Promise<Outgoing[]> {
  const outgoing: Outgoing[] = [];
  const done = new Map<string, ReconcileResult>();
  await deps.db.transaction(async (tx) => {
    const locks = await locksForSync(tx, [...lockIds].sort());
    if (locks.length === 0) return;
    const now = deps.clock.now();
    // A retiring lock wants nothing on it (rows added meanwhile are sent away too).
    for (const lock of locks) if (lock.retiring) await releaseCodesOfRetiringLock(tx, lock.id, now);
    const present = locks.map((l) => l.id);
    const rowsByLock = await lockCodeRowsOf(tx, present);
    const inFlightByLock = groupBy(await inFlightCommandsOf(tx, present), (c) => c.lockId);

    const passes: LockPass[] = [];
    const needPins: BatchLock[] = [];
    for (const lock of locks) {
      const pass = planOne(deps, lock, rowsByLock.get(lock.id) ?? [], inFlightByLock.get(lock.id) ?? [], now);
      if (pass) passes.push(pass);
      else needPins.push(lock);
    }
    if (needPins.length > 0) {
      // Rare (a confirmed code the lock's inventory contradicts, or a foreign code to check against): the
      // lock's PINs after all, then its plan again.
      const rows = needPins.flatMap((lock) => rowsByLock.get(lock.id) ?? []);
      const pins = await pinsOf(
        tx,
        rows.filter((r) => r.pinEnc === null).map((r) => r.accessCodeId),
      );
      for (const row of rows) row.pinEnc ??= pins.get(row.accessCodeId) ?? null;
      for (const lock of needPins) {
        const pass = planOne(deps, lock, rowsByLock.get(lock.id) ?? [], inFlightByLock.get(lock.id) ?? [], now);
        if (!pass) throw new Error(`lock ${lock.id}: a PIN is missing`);
        passes.push(pass);
      }
    }

    const boundaries = passes.flatMap((p) => p.boundaries);
    const moves = passes.flatMap((p) => p.moves);
    const records = passes.flatMap((p) => p.records);
    await setNextBoundaries(tx, boundaries, now);
    await moveLockCodes(tx, moves, now);
    await insertLockCommandsBulk(tx, records);
    for (const pass of passes) {
      await noteUnmanaged(
        tx,
        pass.lock,
        pass.plan.unmanagedSlots.map((s) => s.slot),
        now,
      );
      // After this pass's writes: once every code is confirmed gone and nothing is in flight, the lock goes.
      if (pass.lock.retiring && pass.plan.commands.length === 0) await retirement.finishIfDone(tx, pass.lock, now);
      if (pass.commands.length > 0) outgoing.push({ lock: pass.lock, commands: pass.commands });
    }
    for (const pass of passes) done.set(pass.lock.id, { sent: pass.commands.length, hubId: pass.lock.hubId });
  });
  for (const lockId of lockIds) results.set(lockId, done.get(lockId) ?? { sent: 0, hubId: null });
  return outgoing;
}

/**
 * After the commit: each hub's commands in order, hubs side by side. A publish that fails fails its lock's pass
 * (its commands stay `sent`; the timeout sweep retries them), not the others'.
 */
async function publish(
  deps: ReconcileLocksDeps,
  outgoing: readonly Outgoing[],
  failures: Map<string, unknown>,
): Promise<void> {
  const byHub = groupBy(
    outgoing.filter((o) => o.lock.hubId !== null),
    (o) => o.lock.hubId as string,
  );
  await Promise.all(
    [...byHub].map(async ([hubId, items]) => {
      for (const item of items) {
        try {
          for (const command of item.commands) await deps.hubs.publishCommand(hubId, command);
        } catch (error) {
          failures.set(item.lock.id, error);
        }
      }
    }),
  );
  // A cloud lock's job reads its commands back from the database (they hold PINs: never in the job's data).
  for (const item of outgoing) {
    if (item.lock.connectivity !== 'seam') continue;
    await deps.cloud?.dispatch(item.lock.id).catch((error: unknown) => failures.set(item.lock.id, error));
  }
}

interface LockPass {
  lock: BatchLock;
  plan: LockPlan;
  boundaries: { id: string; nextBoundaryAt: Date | null }[];
  moves: RowMove[];
  records: NewLockCommand[];
  commands: HubCommand[];
}

/** Plans one lock and derives its writes (nothing is written here); undefined when it needs PINs not loaded. */
function planOne(
  deps: ReconcileLocksDeps,
  lock: BatchLock,
  rows: readonly BatchLockCodeRow[],
  inFlight: readonly BatchInFlight[],
  now: Date,
): LockPass | undefined {
  const input = planInput(deps.cipher, lock, rows, inFlight, now);
  let plan: LockPlan;
  try {
    plan = planLock(input.facts, input.wanted, input.inFlight);
  } catch (error) {
    if (error instanceof PinNotLoaded) return undefined;
    throw error;
  }
  const { presences } = input;
  const byCode = new Map(rows.map((r) => [r.accessCodeId, r]));
  const pass: LockPass = { lock, plan, boundaries: [], moves: [], records: [], commands: [] };
  const move = (row: BatchLockCodeRow, event: LockCodeEvent, extra: MoveExtra = {}) => {
    const before: LockCodeStatus = { state: row.state, reason: row.reason, intent: row.intent };
    const after = transition(before, event);
    if (after.state === before.state && after.reason === before.reason && Object.keys(extra).length === 0) return;
    pass.moves.push({
      id: row.id,
      expected: { state: row.state, intent: row.intent },
      state: after.state,
      reason: after.reason,
      ...extra,
    });
  };

  for (const row of rows) {
    const next = presences.get(row.accessCodeId)?.nextBoundaryAt ?? null;
    if ((next?.getTime() ?? null) !== (row.nextBoundaryAt?.getTime() ?? null)) {
      pass.boundaries.push({ id: row.id, nextBoundaryAt: next });
    }
  }
  for (const accessCodeId of plan.satisfied) {
    const row = byCode.get(accessCodeId);
    if (!row) continue;
    if (row.intent === 'present' && !presences.get(accessCodeId)?.present) {
      // A guest code between its windows: rightly not on this lock now; it comes back when its window opens.
      // Forget where it was on the lock, if the row still remembers.
      const remembered = row.slot !== null || row.reportedVersion !== null;
      move(row, { type: 'outside_window' }, remembered ? OFF_THE_LOCK : {});
      continue;
    }
    move(row, { type: 'already_satisfied' }, row.intent === 'absent' ? OFF_THE_LOCK : {});
  }
  for (const failure of plan.failures) {
    const row = byCode.get(failure.accessCodeId);
    if (row) move(row, { type: 'failed', reason: failure.reason, final: true });
  }

  // Another process's commands to this lock are still unanswered (it was driving the lock, or was killed while it
  // did): send nothing until they are answered or time out — either asks for a new pass — so a lock never has two
  // processes' commands in flight at once. The rows keep their state meanwhile.
  const drivenElsewhere =
    deps.instanceId !== undefined && inFlight.some((c) => c.sentBy !== null && c.sentBy !== deps.instanceId);
  if (drivenElsewhere) return pass;
  for (const command of gate(lock, plan.commands, byCode, now, move)) {
    const row = byCode.get(command.accessCodeId);
    const record = commandRecord(deps.cipher, deps.random.uuid(), lock, command, now, {
      sentBy: deps.instanceId ?? null,
      // The credential's stored prints are those of the version the set_code writes: no HMAC needed.
      ...(row && command.type === 'set_code' && command.version === row.version
        ? { prints: { fp: row.fp, fp4: row.fp4 } }
        : {}),
    });
    pass.records.push(record);
    if (row) move(row, { type: 'command_sent' }, { slot: command.slot, nextAttemptAt: null });
    pass.commands.push(hubCommand(record.id, lock, command, presences.get(command.accessCodeId), now));
  }
  return pass;
}

function hubCommand(
  id: string,
  lock: BatchLock,
  command: PlannedCommand,
  presence: Presence | undefined,
  now: Date,
): HubCommand {
  // The hub knows its locks by address (the demo's: their ids).
  const lockId = lock.hubId ? lock.address : lock.id;
  const sentAt = now.toISOString();
  if (command.type === 'clear_slot') return { id, type: 'clear_slot', lockId, slot: command.slot, sentAt };
  const schedule = presence?.schedule;
  return {
    id,
    type: 'set_code',
    lockId,
    slot: command.slot,
    code: command.code,
    ...(schedule ? { schedule } : {}),
    sentAt,
  };
}

/**
 * Decides which planned commands may go now. Bluetooth locks wait for a phone; a hub lock whose hub is
 * offline, or whose breaker is open, or whose row is backing off after a failure, waits too — and says why.
 */
function gate(
  lock: BatchLock,
  commands: readonly PlannedCommand[],
  byCode: Map<string, BatchLockCodeRow>,
  now: Date,
  move: (row: BatchLockCodeRow, event: LockCodeEvent, extra?: MoveExtra) => void,
): PlannedCommand[] {
  if (commands.length === 0) return [];
  const hold = (event: LockCodeEvent, nextAttemptAt: Date | null = null) => {
    for (const command of commands) {
      const row = byCode.get(command.accessCodeId);
      if (row) move(row, event, { nextAttemptAt });
    }
    return [];
  };
  if (lock.connectivity === 'bluetooth') return hold({ type: 'awaiting_phone' });
  // A Seam lock whose account is failing or whose device is offline: wait, say why, look again in a minute
  // (the poll also asks for a pass as soon as the device is back).
  if (lock.connectivity === 'seam' && !lock.hubOnline)
    return hold({ type: 'failed', reason: 'lock_unreachable', final: false }, new Date(now.getTime() + 60_000));
  if (!lock.hubOnline) return hold({ type: 'hub_offline' });
  const breaker = { consecutiveFailures: lock.breakerFailures, openedAt: lock.breakerOpenedAt?.getTime() ?? null };
  if (!breakerAllows(breaker, now.getTime())) {
    return hold(
      { type: 'failed', reason: 'circuit_open', final: false },
      new Date((breaker.openedAt ?? now.getTime()) + 60_000),
    );
  }
  return commands.filter((command) => {
    const row = byCode.get(command.accessCodeId);
    // The lock answered for good (a refusal, a duplicate, a length it does not take): asking again gets the same
    // answer, so the row stays failed until its wish changes — a new PIN, a removal, drift found on the lock (a
    // failed row is always final; a retryable failure waits as pending). Re-sending looped: every result asks for
    // a pass, and every pass sent the command again.
    if (row?.state === 'failed') return false;
    return !row?.nextAttemptAt || row.nextAttemptAt.getTime() <= now.getTime();
  });
}

async function noteUnmanaged(tx: Tx, lock: BatchLock, slots: number[], now: Date): Promise<void> {
  const sorted = [...slots].sort((a, b) => a - b);
  if (sorted.join(',') === lock.unmanagedSlots.join(',')) return;
  await updateLock(tx, lock.id, { unmanagedSlots: sorted });
  const added = sorted.filter((s) => !lock.unmanagedSlots.includes(s));
  if (added.length > 0) {
    await recordEvent(tx, {
      communityId: lock.communityId,
      type: 'lock.unmanaged_codes_found',
      actor: { type: 'system', id: null },
      subject: { type: 'lock', id: lock.id },
      data: { lockId: lock.id, name: lock.name, slots: added },
      at: now,
    });
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
