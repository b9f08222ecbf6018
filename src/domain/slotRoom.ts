/**
 * Room on a lock for residents' own codes. A lock has a fixed number of slots; residents' cards must always fit,
 * so guest codes (and every other code that is not a resident's) may use only what is left after a reserve:
 * one slot for each resident whose card opens the door (current and upcoming leases), plus headroom for those
 * who move in next. That reserve is, in effect, the door's cap on guest codes.
 */
import { KeywayError } from './errors.ts';

export interface LockRoom {
  lockId: string;
  doorName: string;
  slotCount: number;
  /** Slots taken or promised by codes that are not residents' own (guests, staff, integrations, unmanaged). */
  otherClaims: number;
  /** Slots taken or promised by residents' own codes. */
  residentClaims: number;
  /** Residents whose card opens this door (current and upcoming leases). */
  residentsWithCard: number;
}

/** Slots kept free for residents who move in next: a tenth of the lock, at least 2. */
export function residentHeadroom(slotCount: number): number {
  return Math.max(2, Math.ceil(slotCount / 10));
}

/** Slots this lock keeps for residents' own codes. */
export function residentReserve(lock: LockRoom): number {
  return Math.max(lock.residentsWithCard, lock.residentClaims) + residentHeadroom(lock.slotCount);
}

/** How many more non-resident codes (guest codes) fit on the lock without eating into the reserve. */
export function guestRoom(lock: LockRoom): number {
  return Math.max(0, lock.slotCount - residentReserve(lock) - lock.otherClaims);
}

/**
 * Refuses a new code that is not a resident's own (a guest code, a staff code) when one of its doors has no room
 * left for it (409 no_room_on_lock, naming the door).
 */
export function ensureGuestRoom(locks: readonly LockRoom[], what: 'guest code' | 'staff code' = 'guest code'): void {
  const full = locks.find((lock) => guestRoom(lock) < 1);
  if (full)
    throw new KeywayError(
      'no_room_on_lock',
      `${full.doorName} has no room for another ${what}: its remaining slots are kept for residents. Revoke a ${what} that opens it, or leave it out.`,
      { door: full.doorName, lockId: full.lockId, slotCount: full.slotCount, reserved: residentReserve(full) },
    );
}
