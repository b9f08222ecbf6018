/**
 * A manager removes a lock. A door whose lock is removed loses its codes first; nothing is orphaned: the
 * lock stops taking codes, every code on it is asked to leave (the state machine's removal), and once the
 * lock has confirmed each one gone, the reconciler deletes the lock with its rows and command log. When the
 * lock is gone or unreachable, the manager can confirm with `force` and the lock is deleted at once.
 */
import { KeywayError } from '../domain/errors.ts';
import { findLock, type RetirementProgress, retireLock, retirementProgress } from '../store/repositories/devices.ts';
import { recordEvent } from '../store/repositories/events.ts';
import { inFlightCommands } from '../store/repositories/lockSync.ts';
import { listAccessPoints } from '../store/repositories/provisioning.ts';
import { removeLockNow } from '../sync/retirement.ts';
import type { ServiceDeps } from './deps.ts';
import { authorize } from './policies.ts';
import { actorOf, type Principal } from './principal.ts';

export interface LockRemoval {
  lockId: string;
  /** True once the lock is deleted; false while its codes are still leaving it. */
  removed: boolean;
  progress: RetirementProgress;
}

export async function removeLock(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'sync'>,
  principal: Principal,
  id: string,
  props: { force?: boolean | undefined } = {},
): Promise<LockRemoval> {
  authorize(principal, 'property.manage');
  const at = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const lock = await findLock(tx, principal.communityId, id);
    if (!lock) throw new KeywayError('not_found', 'No such lock.');
    const [door] = await listAccessPoints(tx, principal.communityId, lock.accessPointId);
    const facts = { id, communityId: lock.communityId, accessPointId: lock.accessPointId, name: door?.name ?? '' };
    const started = await retireLock(tx, id, at);
    if (started) {
      await recordEvent(tx, {
        communityId: principal.communityId,
        type: 'lock.retiring',
        actor: actorOf(principal),
        subject: { type: 'lock', id },
        data: { lockId: id, doorName: facts.name },
        at,
      });
    }
    const progress = await retirementProgress(tx, id);
    const nothingLeft = progress.removed === progress.total && (await inFlightCommands(tx, id)).length === 0;
    if (props.force || nothingLeft) {
      await removeLockNow(tx, facts, at, Boolean(props.force) && !nothingLeft);
      return { lockId: id, removed: true, progress };
    }
    await deps.sync.reconcileLocks([id], tx);
    return { lockId: id, removed: false, progress };
  });
}
