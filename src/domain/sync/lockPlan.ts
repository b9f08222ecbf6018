/**
 * Slot planning for one lock (DESIGN.md §4): what Keyway wants on the lock, what the lock last reported
 * and what is already on its way → the commands that close the gap, and the credentials that cannot be
 * placed and why.
 *
 * Idempotent by construction: a command already in flight is never planned again, so feeding a plan's
 * commands back as in-flight yields an empty plan. Slots are the unit of safety:
 * - a slot is claimed by the credential Keyway assigned it to, from the first set_code until the caller
 *   releases it after the credential is removed (absent and satisfied). A claimed slot is never handed
 *   to anyone else, even while it waits to be cleared;
 * - an occupied slot no credential claims holds a code Keyway did not put there. It is never written
 *   to, never allocated, and its code blocks equal or prefix-related PINs, as the lock itself would.
 *   So the caller must keep a credential in `wanted` (as absent) until it is removed from the lock,
 *   and must store the slot of a set_code in the same transaction that records the command.
 *
 * Make-before-break: a new version of a PIN goes into the holder's own slot in one set_code, so the old
 * PIN keeps working until the lock swaps it. A new version that cannot be placed (wrong length, clash
 * with a foreign code) is a failure and leaves the old PIN where it is.
 *
 * When no inventory has ever arrived (`reported` null), confirmations are trusted as they are and free
 * slots are those nobody claims; there is nothing better to go on, and locks that cannot report (e.g.
 * Bluetooth) would otherwise never get a code.
 */

export interface WantedCode {
  accessCodeId: string;
  /** The version Keyway wants. */
  version: number;
  /** Digits of that version's PIN. */
  length: number;
  /** Keyed fingerprint of that version's PIN (`access_codes.fp`): how a readable slot is matched without the PIN. */
  fp: string;
  /**
   * The PIN of that version, decrypted on demand: the planner asks only for a set_code it plans, or to check it
   * against foreign codes on the lock (which need the digits), so a pass over confirmed codes decrypts nothing.
   */
  pin(): string;
  /** true: should be on the lock now; false: must not be (revoked, outside its window). */
  present: boolean;
  /** Slot Keyway assigned to this credential on this lock, null = none yet. */
  slot: number | null;
  /** Version the lock last confirmed in that slot; null = nothing confirmed there. */
  reportedVersion: number | null;
  /**
   * A command for it went unanswered (timed out) or failed since the lock last confirmed a change: a set_code may
   * have landed all the same, whatever an older inventory shows, so an unwanted code's slot is cleared.
   */
  unanswered?: boolean;
}

/** An occupied slot; code null = the lock masks codes on read-back. */
export interface ReportedSlot {
  slot: number;
  /** May be a getter that decrypts: the planner reads it only to check a PIN against a foreign code. */
  readonly code: string | null;
  /**
   * The keyed fingerprint of `code` when the caller already has it (null: masked), so matching a confirmation
   * reads neither the code nor computes a fingerprint. Absent: the planner fingerprints `code` itself.
   */
  readonly fp?: string | null;
}

/** How an inventory's fingerprints are stored: [slot, fp] in slot order, fp null where the lock masks the code. */
export type InventoryPrints = [slot: number, fp: string | null][];

export interface InFlightCommand {
  accessCodeId: string | null;
  slot: number;
  type: 'set_code' | 'clear_slot';
  version: number | null;
}

export interface LockFacts {
  /** Slots are numbered 1..slotCount. */
  slotCount: number;
  codeLengths: readonly number[];
  /** The lock's last full inventory; null = never received. */
  reported: readonly ReportedSlot[] | null;
  /** The keyed fingerprint of a code read back from the lock (the same function as `WantedCode.fp`'s). */
  fingerprint(code: string): string;
}

export type PlannedCommand =
  | { type: 'set_code'; accessCodeId: string; version: number; slot: number; code: string }
  | { type: 'clear_slot'; accessCodeId: string; version: number; slot: number };

export type PlanFailureReason = 'no_free_slot' | 'length_not_supported' | 'duplicate_on_lock';

export interface PlanFailure {
  accessCodeId: string;
  reason: PlanFailureReason;
}

export interface LockPlan {
  commands: PlannedCommand[];
  failures: PlanFailure[];
  /** Credentials already as wanted (present & confirmed at this version; or absent and nothing on the lock for them). */
  satisfied: string[];
  /** Occupied slots that no credential claims: codes Keyway did not put there. Never overwritten, never allocated. */
  unmanagedSlots: ReportedSlot[];
}

/**
 * Plans one lock. Credentials are handled in the order given, so slot allocation (lowest free slot
 * first) is deterministic for a given input.
 */
export function planLock(
  facts: LockFacts,
  wanted: readonly WantedCode[],
  inFlight: readonly InFlightCommand[],
): LockPlan {
  const reported = facts.reported === null ? null : new Map(facts.reported.map((s) => [s.slot, s]));
  // Each occupied readable slot is fingerprinted at most once, and only when a confirmation is checked against it
  // (and not at all when the caller gave its print). null: the lock masks the code.
  const printed = new Map<number, string | null>();
  const printOf = (s: ReportedSlot): string | null => {
    if (s.fp !== undefined) return s.fp;
    let fp = printed.get(s.slot);
    if (fp === undefined) {
      fp = s.code === null ? null : facts.fingerprint(s.code);
      printed.set(s.slot, fp);
    }
    return fp;
  };
  const claimed = new Set<number>();
  for (const w of wanted) if (w.slot !== null) claimed.add(w.slot);
  // Fresh objects whose code is read through, not copied: copying would read a code the plan may never need.
  const unmanagedSlots: ReportedSlot[] = (facts.reported ?? [])
    .filter((s) => !claimed.has(s.slot))
    .sort((a, b) => a.slot - b.slot)
    .map((s) => ({
      slot: s.slot,
      get code() {
        return s.code;
      },
      ...(s.fp !== undefined ? { fp: s.fp } : {}),
    }));
  // Their digits, read only when a PIN must be checked against them.
  let foreign: string[] | undefined;
  const foreignCodes = () => {
    foreign ??= unmanagedSlots.flatMap((s) => {
      const code = printOf(s) === null ? null : s.code;
      return code === null ? [] : [code];
    });
    return foreign;
  };

  const settingVersion = new Set<string>(); // `${accessCodeId}\n${version}` of in-flight set_codes
  const settingSlots = new Set<number>();
  const clearingSlots = new Set<number>();
  const busySlots = new Set<number>(); // any in-flight command targets it
  for (const c of inFlight) {
    busySlots.add(c.slot);
    if (c.type === 'clear_slot') clearingSlots.add(c.slot);
    else {
      settingSlots.add(c.slot);
      if (c.accessCodeId !== null && c.version !== null) settingVersion.add(key(c.accessCodeId, c.version));
    }
  }

  const plan: LockPlan = { commands: [], failures: [], satisfied: [], unmanagedSlots };
  const taken = new Set<number>([...claimed, ...busySlots, ...unmanagedSlots.map((s) => s.slot)]);
  const fail = (accessCodeId: string, reason: PlanFailureReason) => plan.failures.push({ accessCodeId, reason });

  for (const w of wanted) {
    const { accessCodeId, version, slot } = w;
    const onLock = slot === null || reported === null ? undefined : reported.get(slot);
    // undefined: the inventory does not show the slot occupied (or there is no inventory / no slot).

    if (!w.present) {
      if (slot === null) {
        plan.satisfied.push(accessCodeId);
        continue;
      }
      if (clearingSlots.has(slot)) continue;
      // A set_code still in flight may yet land: clear behind it, or a revoked code could stay on the door.
      const mayBeThere =
        w.reportedVersion !== null || onLock !== undefined || settingSlots.has(slot) || w.unanswered === true;
      if (mayBeThere) plan.commands.push({ type: 'clear_slot', accessCodeId, version, slot });
      else plan.satisfied.push(accessCodeId);
      continue;
    }

    if (settingVersion.has(key(accessCodeId, version))) continue;
    const confirmed =
      slot !== null &&
      w.reportedVersion === version &&
      // A clear still in flight for the slot (the code was briefly unwanted) will take it away again.
      !clearingSlots.has(slot) &&
      (reported === null || (onLock !== undefined && maskedOr(printOf(onLock), w.fp)));
    if (confirmed) {
      plan.satisfied.push(accessCodeId);
      continue;
    }
    if (!facts.codeLengths.includes(w.length)) {
      fail(accessCodeId, 'length_not_supported');
      continue;
    }
    if (unmanagedSlots.length > 0 && foreignCodes().some((code) => conflicts(code, w.pin()))) {
      fail(accessCodeId, 'duplicate_on_lock');
      continue;
    }
    const target = slot ?? lowestFree(facts.slotCount, taken);
    if (target === null) {
      fail(accessCodeId, 'no_free_slot');
      continue;
    }
    taken.add(target);
    plan.commands.push({ type: 'set_code', accessCodeId, version, slot: target, code: w.pin() });
  }
  return plan;
}

/** The slot's print matches the wanted one, or the lock masks it (occupancy is all it shows). */
function maskedOr(print: string | null, wanted: string): boolean {
  return print === null || print === wanted;
}

/** Equal, or one a prefix of the other: a keypad without an Enter key opens on the shorter one. */
function conflicts(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

function lowestFree(slotCount: number, taken: ReadonlySet<number>): number | null {
  for (let slot = 1; slot <= slotCount; slot++) if (!taken.has(slot)) return slot;
  return null;
}

function key(accessCodeId: string, version: number): string {
  return `${accessCodeId}\n${version}`;
}
