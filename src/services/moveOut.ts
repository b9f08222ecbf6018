/**
 * Move-out: the lease ends today and every code the resident holds (and, once guest codes exist, their
 * guests' codes) is revoked and removed from every lock it is on. Locks that cannot be reached now are
 * listed with the cause; the removal keeps going when they come back.
 */
import { KeywayError } from '../domain/errors.ts';
import { localDate } from '../domain/residency.ts';
import { findCommunity } from '../store/repositories/communities.ts';
import { recordEvent } from '../store/repositories/events.ts';
import { revokeGuestCodes } from '../store/repositories/guestCodes.ts';
import {
  endResidencies,
  personInCommunity,
  removalProgress,
  revokeCodesOfHolder,
} from '../store/repositories/revocations.ts';
import type { ServiceDeps } from './deps.ts';
import { authorize } from './policies.ts';
import { actorOf, type Principal } from './principal.ts';

export interface RemovalView {
  lockId: string;
  doorName: string;
  connectivity: 'hub' | 'bluetooth';
  status: 'removing' | 'removed' | 'failed';
  reason: string | null;
}

export interface MoveOutResult {
  residentId: string;
  moveOut: string;
  revokedCodes: number;
  removals: RemovalView[];
}

export async function moveOut(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'sync'>,
  principal: Principal,
  residentId: string,
): Promise<MoveOutResult> {
  authorize(principal, 'residents.manage');
  return deps.db.transaction(async (tx) => {
    const community = await findCommunity(tx, principal.communityId);
    const person = await personInCommunity(tx, residentId, principal.communityId);
    if (!community || !person) throw new KeywayError('not_found', 'No such resident.');
    const now = deps.clock.now();
    const today = localDate(now, community.timeZone);
    await endResidencies(tx, residentId, community.id, today);
    const { accessCodeIds, lockIds } = await revokeCodesOfHolder(tx, residentId, now);
    const guestLocks = await revokeGuestCodes(tx, { ownerId: residentId }, now);
    await deps.sync.reconcileLocks([...new Set([...lockIds, ...guestLocks])], tx);
    await recordEvent(tx, {
      communityId: community.id,
      type: 'resident.moved_out',
      actor: actorOf(principal),
      subject: { type: 'person', id: residentId },
      data: { moveOut: today, revokedCodes: accessCodeIds.length, locks: lockIds.length },
      at: now,
    });
    return {
      residentId,
      moveOut: today,
      revokedCodes: accessCodeIds.length,
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
  };
}
