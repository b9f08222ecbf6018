/**
 * The activity side of drift repair: one `lock.drift_found` per read that found drift, and one
 * `lock.drift_repaired` once every row it concerned is on the lock again ("Main Gate had lost 3 codes;
 * restored"). The open drift is remembered on its event (see repositories/verification.ts), so no column is
 * needed and the repair is written exactly once. Callers hold the lock row (lockForSync), which serialises
 * every report about one lock, so "are all rows back?" is answered on committed data.
 */
import type { Tx } from '../store/database.ts';
import { recordEvent } from '../store/repositories/events.ts';
import { driftOpenKey, endDrift, openDriftOf, rowsNotRestored } from '../store/repositories/verification.ts';

export interface DriftLock {
  id: string;
  communityId: string;
  name: string;
}

export interface FoundDrift {
  /** lock_codes ids put back to pending. */
  rowIds: string[];
  lost: number;
  replaced: number;
  wiped: boolean;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const ids = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * Records what a read found. A drift still open on the lock is folded into the new one (its rows and counts
 * carry over), so the lock has one open drift and its repair reports everything that was restored.
 */
export async function recordDriftFound(tx: Tx, lock: DriftLock, found: FoundDrift, at: Date): Promise<void> {
  const open = await openDriftOf(tx, lock.id);
  let rowIds = found.rowIds;
  let totalLost = found.lost;
  let totalReplaced = found.replaced;
  let wipedEver = found.wiped;
  if (open && (await endDrift(tx, lock.id, open.eventId, 'merged'))) {
    rowIds = [...new Set([...ids(open.data.rowIds), ...rowIds])];
    totalLost += num(open.data.totalLost);
    totalReplaced += num(open.data.totalReplaced);
    wipedEver ||= open.data.wipedEver === true;
  }
  await recordEvent(tx, {
    communityId: lock.communityId,
    type: 'lock.drift_found',
    actor: { type: 'system', id: null },
    subject: { type: 'lock', id: lock.id },
    data: {
      lockId: lock.id,
      doorName: lock.name,
      lost: found.lost,
      replaced: found.replaced,
      wiped: found.wiped,
      rowIds,
      totalLost,
      totalReplaced,
      wipedEver,
    },
    dedupeKey: driftOpenKey(lock.id),
    at,
  });
}

/** Called after a confirmation on the lock: writes the repair once every drifted row is back. */
export async function closeDriftIfRepaired(tx: Tx, lock: DriftLock, at: Date): Promise<boolean> {
  const open = await openDriftOf(tx, lock.id);
  if (!open) return false;
  if ((await rowsNotRestored(tx, ids(open.data.rowIds))) > 0) return false;
  if (!(await endDrift(tx, lock.id, open.eventId, 'closed'))) return false;
  await recordEvent(tx, {
    communityId: lock.communityId,
    type: 'lock.drift_repaired',
    actor: { type: 'system', id: null },
    subject: { type: 'lock', id: lock.id },
    data: {
      lockId: lock.id,
      doorName: lock.name,
      lost: num(open.data.totalLost),
      replaced: num(open.data.totalReplaced),
      wiped: open.data.wipedEver === true,
      driftEventId: open.eventId,
    },
    dedupeKey: `drift_repaired:${open.eventId}`,
    at,
  });
  return true;
}
