/**
 * A guest code's status as residents and guests see it (API.md GuestCode.status), as a pure function of the
 * code's validity and revocation at `now`. Nothing is stored: the status can never drift from the rules.
 *
 * - 'revoked'   revokedAt <= now — wins over everything (the resident said stop).
 * - 'active'    the code opens doors right now.
 * - 'used'      a delivery code that was used and no longer opens doors (its grace period, or its expiry,
 *               came after the first use) — "used" tells the resident the courier came.
 * - 'scheduled' it does not open doors now but will later: before its start, and also a recurring code
 *               between two windows. "Active" would read as "works now", which it does not.
 * - 'expired'   it will never open doors again.
 */

import type { GuestValidity } from './schedule.ts';
import { isValidAt, nextBoundary } from './schedule.ts';

export type GuestStatus = 'scheduled' | 'active' | 'used' | 'expired' | 'revoked';

export const GUEST_STATUSES: readonly GuestStatus[] = ['scheduled', 'active', 'used', 'expired', 'revoked'];

export function guestStatusAt(v: GuestValidity & { revokedAt: Date | null }, now: Date): GuestStatus {
  if (v.revokedAt !== null && v.revokedAt.getTime() <= now.getTime()) return 'revoked';
  if (isValidAt(v, now)) return 'active';
  if (v.type === 'delivery' && v.firstUsedAt != null && v.firstUsedAt.getTime() <= now.getTime()) return 'used';
  // Not valid now: the next change, if any, is the start of a window.
  return nextBoundary(v, now) === null ? 'expired' : 'scheduled';
}
