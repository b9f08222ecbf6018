/**
 * Leases drive access (DESIGN.md §5): a residency's instants come from its dates, the community's time zone
 * and its move-out time; at each instant the lease sweep (src/sync/leaseSweep.ts) moves it on, and every
 * write that changes dates or rules settles the lease at once. One path per transition, whoever causes it:
 *
 * - upcoming → current: the resident's cards go on the doors of their current leases;
 * - current → ended: if it was their last open lease, exactly the move-out — every code of the resident and
 *   of their guests leaves every lock, their sessions end and they can no longer sign in; otherwise (they
 *   moved to another unit) the card leaves the doors it no longer opens.
 *
 * Runs in the caller's transaction and returns the locks to reconcile (the caller asks the sync engine,
 * which the sweep does through its queue and services through `deps.sync`).
 */
import { moveOutTimeOf } from '../domain/communitySettings.ts';
import { type LeaseState, leaseInstants, leasePosition } from '../domain/lease/leaseInstants.ts';
import { generatePin } from '../domain/pin/generator.ts';
import type { PinLength } from '../domain/pin/pinRules.ts';
import { localDate } from '../domain/residency.ts';
import type { PinCipher } from '../security/pinCipher.ts';
import type { Tx } from '../store/database.ts';
import { locksInScope } from '../store/repositories/accessCards.ts';
import { changePin, lockCodeSpaces, requireOnLocks } from '../store/repositories/accessCodes.ts';
import { recordEvent } from '../store/repositories/events.ts';
import { revokeGuestCodes } from '../store/repositories/guestCodes.ts';
import {
  deleteSessionsOf,
  hasOpenLease,
  type LeaseRow,
  leaseForUpdate,
  leasesOfPerson,
  setLease,
} from '../store/repositories/residencies.ts';
import {
  type ActiveCardRow,
  activeCardsOf,
  locksWanting,
  requestRemovalFrom,
  resendCardsToBluetoothLocks,
  revokeCodesOfHolder,
} from '../store/repositories/revocations.ts';
import type { ServiceDeps } from './deps.ts';
import { occupiedCodesOn } from './occupiedCodes.ts';

export type Actor = { type: 'person' | 'api_key' | 'system'; id: string | null };

export interface LeaseOutcome {
  /** Locks that must be reconciled. */
  lockIds: string[];
  from: LeaseState;
  to: LeaseState;
  /** Codes revoked when this ended the person's last open lease. */
  revokedCodes: number;
}

/**
 * With `cipher`, a card that goes on new doors is first checked against the codes already there (cards are
 * issued before move-in but only occupy doors once on them): on a clash it gets a fresh generated code.
 */
type LeaseDeps = Pick<ServiceDeps, 'random'> & { cipher?: PinCipher };

/**
 * Writes a new residency's instants and state (no transition: the person has no codes yet). Returns the
 * state; the caller refuses a lease that would already be over.
 */
export async function startLease(tx: Tx, residencyId: string, now: Date): Promise<LeaseState | null> {
  const lease = await leaseForUpdate(tx, residencyId);
  if (!lease) return null;
  const instants = leaseInstants(lease, lease.timeZone, moveOutTimeOf(lease.settings));
  const position = leasePosition(instants, now);
  await setLease(tx, lease.id, {
    moveIn: lease.moveIn,
    moveOut: lease.moveOut,
    ...instants,
    accessState: position.state,
    nextBoundaryAt: position.nextBoundaryAt,
  });
  return position.state;
}

/**
 * Recomputes a residency's instants and state at `now` from its (possibly new) dates and applies the
 * transition, if any. An ended lease stays ended: its dates may not be changed any more (the caller checks).
 */
export async function settleLease(
  tx: Tx,
  deps: LeaseDeps,
  residencyId: string,
  now: Date,
  actor: Actor,
  dates?: { moveIn: string; moveOut: string | null },
): Promise<LeaseOutcome | null> {
  const lease = await leaseForUpdate(tx, residencyId);
  if (!lease) return null;
  const moveIn = dates?.moveIn ?? lease.moveIn;
  const moveOut = dates === undefined ? lease.moveOut : dates.moveOut;
  if (lease.accessState === 'ended') {
    return { lockIds: [], from: 'ended', to: 'ended', revokedCodes: 0 };
  }
  const instants = leaseInstants({ moveIn, moveOut }, lease.timeZone, moveOutTimeOf(lease.settings));
  const position = leasePosition(instants, now);
  await setLease(tx, lease.id, {
    moveIn,
    moveOut,
    accessStartsAt: instants.accessStartsAt,
    accessEndsAt: instants.accessEndsAt,
    accessState: position.state,
    nextBoundaryAt: position.nextBoundaryAt,
  });
  const outcome = await transition(tx, deps, lease, position.state, now, actor);
  const endMoved = (lease.accessEndsAt?.getTime() ?? null) !== (instants.accessEndsAt?.getTime() ?? null);
  if (lease.accessState === 'current' && position.state === 'current' && endMoved) {
    // A renewal (or an earlier end still ahead): hub locks keep the code as it is; Bluetooth locks carry the
    // lease end inside the code's validity and get it again with the next phone.
    const resent = await resendCardsToBluetoothLocks(tx, lease.personId, now);
    return { ...outcome, lockIds: [...new Set([...outcome.lockIds, ...resent])] };
  }
  return outcome;
}

/**
 * Ends the person's open leases now (the "Move out" button): the move-out date becomes today (a lease that
 * had not started is cancelled: it ends on its move-in day), access ends at this instant. Then the same
 * path as a move-out reached by time. Calling it again changes nothing.
 */
export async function endLeasesNow(
  tx: Tx,
  deps: LeaseDeps,
  personId: string,
  communityId: string,
  now: Date,
  actor: Actor,
): Promise<{ moveOut: string; lockIds: string[]; revokedCodes: number }> {
  const leases = await leasesOfPerson(tx, personId, communityId);
  const lockIds = new Set<string>();
  let revokedCodes = 0;
  let moveOut: string | null = null;
  for (const listed of leases) {
    const lease = await leaseForUpdate(tx, listed.id);
    if (!lease) continue;
    const today = localDate(now, lease.timeZone);
    if (lease.accessState === 'ended') {
      moveOut ??= lease.moveOut;
      continue;
    }
    const newMoveOut = lease.moveOut !== null && lease.moveOut < today ? lease.moveOut : today;
    // A lease that had not started is cancelled: it ends on its move-in day (dates compare as strings).
    const dates = { moveIn: lease.moveIn, moveOut: [newMoveOut, lease.moveIn].sort()[1] ?? lease.moveIn };
    moveOut = dates.moveOut;
    await setLease(tx, lease.id, {
      ...dates,
      accessStartsAt: leaseInstants(dates, lease.timeZone, null).accessStartsAt,
      accessEndsAt: now,
      accessState: 'ended',
      nextBoundaryAt: null,
    });
    const outcome = await transition(tx, deps, lease, 'ended', now, actor);
    for (const id of outcome.lockIds) lockIds.add(id);
    revokedCodes += outcome.revokedCodes;
  }
  // Whatever was left (a lease ended earlier while codes were restored by hand): the person holds nothing.
  if (leases.length > 0 && !(await hasOpenLease(tx, personId))) {
    const left = await closeAccess(tx, personId, now);
    for (const id of left.lockIds) lockIds.add(id);
    revokedCodes += left.revokedCodes;
  }
  return { moveOut: moveOut ?? localDate(now, leases[0]?.timeZone ?? 'UTC'), lockIds: [...lockIds], revokedCodes };
}

async function transition(
  tx: Tx,
  deps: LeaseDeps,
  lease: LeaseRow,
  to: LeaseState,
  now: Date,
  actor: Actor,
): Promise<LeaseOutcome> {
  const from = lease.accessState;
  const base = { from, to, revokedCodes: 0 };
  if (from === to) return { ...base, lockIds: [] };
  const subject = { type: 'person', id: lease.personId };
  if (to === 'ended' && !(await hasOpenLease(tx, lease.personId))) {
    const closed = await closeAccess(tx, lease.personId, now);
    await recordEvent(tx, {
      communityId: lease.communityId,
      type: 'resident.moved_out',
      actor,
      subject,
      data: {
        moveOut: localDate(now, lease.timeZone),
        revokedCodes: closed.revokedCodes,
        locks: closed.cardLocks,
        sessionsEnded: closed.sessions,
      },
      at: now,
    });
    return { ...base, lockIds: closed.lockIds, revokedCodes: closed.revokedCodes };
  }
  // Started, or one of several leases ended: the cards follow the person's current leases.
  const lockIds = await planCards(tx, deps, lease.personId, now);
  await recordEvent(tx, {
    communityId: lease.communityId,
    type: to === 'current' ? 'resident.access_started' : 'resident.lease_ended',
    actor,
    subject,
    data: { residencyId: lease.id, locks: lockIds.length },
    at: now,
  });
  return { ...base, lockIds };
}

/** Puts each active card on the locks its current leases open and takes it off the others. */
export async function planCards(tx: Tx, deps: LeaseDeps, personId: string, at: Date): Promise<string[]> {
  const changed = new Set<string>();
  for (const card of await activeCardsOf(tx, personId)) {
    const wanted = new Set((await locksInScope(tx, card.communityId, personId, card.scope)).map((l) => l.lockId));
    const held = new Set(await locksWanting(tx, card.id));
    let add = [...wanted].filter((id) => !held.has(id));
    const drop = [...held].filter((id) => !wanted.has(id));
    let version = card.version;
    if (add.length > 0 && deps.cipher) {
      const fresh = await freshPinIfTaken(tx, { ...deps, cipher: deps.cipher }, card, [...wanted], personId, at);
      if (fresh !== null) {
        version = fresh;
        add = [...wanted];
      }
    }
    await requireOnLocks(
      tx,
      add.map((lockId) => ({ id: deps.random.uuid(), communityId: card.communityId, accessCodeId: card.id, lockId })),
      version,
      at,
    );
    for (const id of add) changed.add(id);
    for (const id of await requestRemovalFrom(tx, card.id, drop, at)) changed.add(id);
  }
  return [...changed];
}

/**
 * The card's code clashes with a code already on one of `lockIds` (someone else took it while this card was
 * off the doors): a fresh generated code replaces it, unseen so far (codes show from move-in on). Returns
 * the new version, or null when the code is free.
 */
async function freshPinIfTaken(
  tx: Tx,
  deps: Pick<ServiceDeps, 'random' | 'cipher'>,
  card: ActiveCardRow,
  lockIds: string[],
  personId: string,
  at: Date,
): Promise<number | null> {
  const pin = deps.cipher.decrypt(card.pinEnc, card.id);
  const clash = await occupiedCodesOn(tx, deps.cipher, lockIds, card.id).conflicting([pin]);
  if (clash.size === 0) return null;
  await lockCodeSpaces(tx, lockIds);
  const fresh = await generatePin({
    length: (pin.length === 6 ? 6 : 4) as PinLength,
    randomInt: deps.random.int,
    occupied: occupiedCodesOn(tx, deps.cipher, lockIds, card.id),
  });
  const version = await changePin(
    tx,
    card.id,
    {
      origin: 'generated',
      pinEnc: deps.cipher.encrypt(fresh, card.id),
      ...deps.cipher.fingerprints(fresh),
      codeLength: fresh.length,
      at,
    },
    null,
  );
  await recordEvent(tx, {
    communityId: card.communityId,
    type: 'access_code.regenerated',
    actor: { type: 'system', id: null },
    subject: { type: 'access_code', id: card.id },
    data: { holderId: personId, scope: card.scope, reason: 'taken_before_move_in', version, length: fresh.length },
    at,
  });
  return version;
}

/** The move-out itself: cards and guests' codes revoked and leaving every lock, sessions ended. */
async function closeAccess(tx: Tx, personId: string, now: Date) {
  const { accessCodeIds, lockIds } = await revokeCodesOfHolder(tx, personId, now);
  const guestLocks = await revokeGuestCodes(tx, { ownerId: personId }, now);
  const sessions = await deleteSessionsOf(tx, personId);
  return {
    revokedCodes: accessCodeIds.length,
    cardLocks: lockIds.length,
    lockIds: [...new Set([...lockIds, ...guestLocks])],
    sessions,
  };
}
