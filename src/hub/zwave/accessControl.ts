/**
 * What a lock's Notification CC "Access Control" (type 0x06) event means for Keyway. Pure: takes the `args` of
 * zwave-js's node "notification" event for the Notification CC.
 *
 * Keypad events carry the user id (= slot) that matched in `parameters.userId`; some locks put a whole User Code
 * report there instead (same `userId` field). Events that say a code was refused carry no usable slot.
 */
export const ACCESS_CONTROL = 0x06;

/** "New user code not added due to duplicate code". */
export const DUPLICATE_CODE_EVENT = 0x0f;

/** Keypad / credential unlock: the door opened with the code in `userId`. */
const UNLOCK_EVENTS = new Set([0x06, 0x22, 0x24]);
/** Keypad / credential lock with a code: the code matched, the door was locked. */
const LOCK_EVENTS = new Set([0x05, 0x21, 0x23]);
/** A known code refused: user disabled (0x2f), outside its schedule (0x30). */
const MATCHED_BUT_REFUSED_EVENTS = new Set([0x2f, 0x30]);
/** No code matched: wrong code entered too often (0x13), invalid credential (0x32). */
const WRONG_CODE_EVENTS = new Set([0x13, 0x32]);

export type AccessControlMeaning =
  | { kind: 'keypad'; slot: number | null; unlocked: boolean }
  | { kind: 'duplicate_code' }
  | { kind: 'other' };

export interface NotificationArgs {
  type?: number;
  event?: number;
  parameters?: unknown;
}

export function accessControlMeaning(args: NotificationArgs): AccessControlMeaning {
  if (args.type !== ACCESS_CONTROL || typeof args.event !== 'number') return { kind: 'other' };
  const event = args.event;
  if (event === DUPLICATE_CODE_EVENT) return { kind: 'duplicate_code' };
  if (WRONG_CODE_EVENTS.has(event)) return { kind: 'keypad', slot: null, unlocked: false };
  const slot = userIdOf(args.parameters);
  // An unlock without a user id (a master/programming code) still opened the door.
  if (UNLOCK_EVENTS.has(event)) return { kind: 'keypad', slot, unlocked: true };
  if (LOCK_EVENTS.has(event) || MATCHED_BUT_REFUSED_EVENTS.has(event)) {
    // A lock event without a user id was a one-touch lock (no code involved): not keypad use of a code.
    return slot === null && LOCK_EVENTS.has(event) ? { kind: 'other' } : { kind: 'keypad', slot, unlocked: false };
  }
  return { kind: 'other' };
}

function userIdOf(parameters: unknown): number | null {
  if (typeof parameters !== 'object' || parameters === null) return null;
  const userId = (parameters as { userId?: unknown }).userId;
  return typeof userId === 'number' && Number.isInteger(userId) && userId > 0 ? userId : null;
}
