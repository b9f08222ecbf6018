/**
 * Move-out now (the manager's button): the lease ends at this instant, its move-out date becomes today, and
 * the same path as a move-out dated in advance runs (services/leaseTransitions.ts): every code the resident
 * holds and their guests' codes are revoked and removed from every lock, their sessions end. Locks that
 * cannot be reached now are listed with the cause; the removal keeps going when they come back.
 */
import { KeywayError } from '../domain/errors.ts';
import { findCommunity } from '../store/repositories/communities.ts';
import { leasesOfPerson } from '../store/repositories/residencies.ts';
import { personInCommunity, removalProgress } from '../store/repositories/revocations.ts';
import type { ServiceDeps } from './deps.ts';
import { endLeasesNow } from './leaseTransitions.ts';
import { authorize } from './policies.ts';
import { actorOf, type Principal } from './principal.ts';

export interface RemovalView {
  lockId: string;
  doorName: string;
  connectivity: 'hub' | 'bluetooth';
  status: 'removing' | 'removed' | 'failed';
  reason: string | null;
  /** What the lock still holds: the resident's own codes and their guests' codes; since when (revoked at). */
  ownCodesLeft: number;
  guestCodesLeft: number;
  waitingSince: Date | null;
}

export interface MoveOutResult {
  residentId: string;
  moveOut: string;
  revokedCodes: number;
  removals: RemovalView[];
}

export async function moveOut(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'sync' | 'random'>,
  principal: Principal,
  residentId: string,
): Promise<MoveOutResult> {
  authorize(principal, 'residents.manage');
  return deps.db.transaction(async (tx) => {
    const community = await findCommunity(tx, principal.communityId);
    const person = await personInCommunity(tx, residentId, principal.communityId);
    if (!community || !person) throw new KeywayError('not_found', 'No such resident.');
    // A manager or staff member has no lease to end: refuse rather than answer "moved out" having done nothing.
    if ((await leasesOfPerson(tx, residentId, community.id)).length === 0)
      throw new KeywayError(
        'not_a_resident',
        'This person is not a resident of the community: there is nothing to move out.',
      );
    const now = deps.clock.now();
    const ended = await endLeasesNow(tx, deps, residentId, community.id, now, actorOf(principal));
    await deps.sync.reconcileLocks(ended.lockIds, tx);
    return {
      residentId,
      moveOut: ended.moveOut,
      revokedCodes: ended.revokedCodes,
      removals: (await removalProgress(tx, residentId)).map(removalView),
    };
  });
}

export async function moveOutProgress(
  deps: Pick<ServiceDeps, 'db'>,
  principal: Principal,
  residentId: string,
): Promise<RemovalView[]> {
  authorize(principal, 'residents.list');
  const person = await personInCommunity(deps.db, residentId, principal.communityId);
  if (!person) throw new KeywayError('not_found', 'No such resident.');
  return (await removalProgress(deps.db, residentId)).map(removalView);
}

function removalView(row: Awaited<ReturnType<typeof removalProgress>>[number]): RemovalView {
  return {
    lockId: row.lock_id,
    doorName: row.door_name,
    connectivity: row.connectivity,
    status: row.state as RemovalView['status'],
    reason: row.reason,
    ownCodesLeft: Number(row.own_left ?? 0),
    guestCodesLeft: Number(row.guests_left ?? 0),
    waitingSince: row.waiting_since ? new Date(row.waiting_since) : null,
  };
}
