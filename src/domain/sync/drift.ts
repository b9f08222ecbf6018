/**
 * Drift (DESIGN.md §7, "truth is verified"): what a full read of a lock says about the codes Keyway
 * believes are on it. Pure: the caller gives the lock's rows and the slots the lock reported.
 *
 * Only a row Keyway believes holds its current PIN on the lock can drift; a row still on its way (pending,
 * a new version not yet confirmed) is the reconcile pass's business, not drift. For such a row:
 * - confirmed: the slot holds exactly its PIN;
 * - missing: the slot is empty (a masked read-back proves this too: it shows occupancy);
 * - replaced: the slot holds another code (reprogrammed at the keypad, another system) — Keyway's code is
 *   NOT on the lock, and the slot is still Keyway's to overwrite;
 * - unverifiable: the lock masks codes and the slot is occupied: it may or may not be Keyway's code.
 * The lock is `wiped` when every code Keyway believed there is missing. Occupied slots no row claims are
 * unmanaged (codes Keyway did not set; never overwritten).
 */

export interface DriftRow {
  id: string;
  /** Keyway's slot for the code on this lock, null = none. */
  slot: number | null;
  /** Keyway believes the lock holds the current PIN (the row is active at the confirmed version). */
  believedOnLock: boolean;
  intent: 'present' | 'absent';
  /** The current PIN (compared, never reported back). */
  pin: string;
}

export interface ReadSlot {
  slot: number;
  /** null: the lock masks codes on read-back (only occupancy is known). */
  code: string | null;
}

export type DriftVerdict = 'confirmed' | 'missing' | 'replaced' | 'unverifiable';

export interface DriftReport {
  /** Verdicts for the rows believed on the lock, by row id (other rows are not judged). */
  verdicts: Map<string, DriftVerdict>;
  missing: string[];
  replaced: string[];
  confirmed: string[];
  unverifiable: string[];
  /** Every code Keyway believed on the lock is gone (at least one was believed there). */
  wiped: boolean;
  /** Occupied slots no row claims, ascending. */
  unmanagedSlots: number[];
}

export function classifyDrift(rows: readonly DriftRow[], slots: readonly ReadSlot[]): DriftReport {
  const bySlot = new Map(slots.map((s) => [s.slot, s.code]));
  const report: DriftReport = {
    verdicts: new Map(),
    missing: [],
    replaced: [],
    confirmed: [],
    unverifiable: [],
    wiped: false,
    unmanagedSlots: [],
  };
  const claimed = new Set<number>();
  for (const row of rows) {
    if (row.slot !== null) claimed.add(row.slot);
    if (!row.believedOnLock || row.intent !== 'present' || row.slot === null) continue;
    const verdict = judge(bySlot, row.slot, row.pin);
    report.verdicts.set(row.id, verdict);
    report[verdict].push(row.id);
  }
  report.wiped = report.verdicts.size > 0 && report.missing.length === report.verdicts.size;
  report.unmanagedSlots = slots
    .filter((s) => !claimed.has(s.slot))
    .map((s) => s.slot)
    .sort((a, b) => a - b);
  return report;
}

/** True when the read found something Keyway must put right. */
export function hasDrift(report: DriftReport): boolean {
  return report.missing.length + report.replaced.length > 0;
}

function judge(bySlot: ReadonlyMap<number, string | null>, slot: number, pin: string): DriftVerdict {
  if (!bySlot.has(slot)) return 'missing';
  const held = bySlot.get(slot);
  if (held === null || held === undefined) return 'unverifiable';
  return held === pin ? 'confirmed' : 'replaced';
}
