/**
 * Changing a resident's lease dates (managers): a move-in moved while it has not started, a move-out set,
 * brought forward, moved later (a renewal: nothing changes on the locks) or cleared. The instants and state
 * follow at once; a move-out whose instant has already come ends the lease now, through the move-out path.
 */
import { KeywayError } from '../domain/errors.ts';
import { localDate } from '../domain/residency.ts';
import { recordEvent } from '../store/repositories/events.ts';
import { leasesOfPerson, unitName } from '../store/repositories/residencies.ts';
import { personInCommunity } from '../store/repositories/revocations.ts';
import type { ServiceDeps } from './deps.ts';
import { settleLease } from './leaseTransitions.ts';
import type { ResidentView } from './listResidents.ts';
import { authorize } from './policies.ts';
import { actorOf, type Principal } from './principal.ts';

export interface LeaseChanges {
  /** YYYY-MM-DD in the community's time zone; only before the lease has started. */
  moveIn?: string;
  /** YYYY-MM-DD, today or later and not before the move-in; null: no planned move-out. */
  moveOut?: string | null;
}

const STATUS = { upcoming: 'future', current: 'current', ended: 'past' } as const;

export async function updateLease(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'random' | 'sync'>,
  principal: Principal,
  residentId: string,
  changes: LeaseChanges,
): Promise<ResidentView> {
  authorize(principal, 'residents.manage');
  return deps.db.transaction(async (tx) => {
    const person = await personInCommunity(tx, residentId, principal.communityId);
    if (!person) throw new KeywayError('not_found', 'No such resident.');
    const lease = (await leasesOfPerson(tx, residentId, principal.communityId)).find((l) => l.accessState !== 'ended');
    if (!lease) throw new KeywayError('conflict_state', 'This resident has no lease that is not over.');
    const now = deps.clock.now();
    const today = localDate(now, lease.timeZone);
    const moveIn = changes.moveIn ?? lease.moveIn;
    const moveOut = changes.moveOut === undefined ? lease.moveOut : changes.moveOut;
    if (moveIn !== lease.moveIn) {
      if (lease.accessState !== 'upcoming') {
        throw new KeywayError('conflict_state', 'The lease has started; its move-in date can no longer change.', {
          field: 'moveIn',
        });
      }
      if (moveIn < today) {
        throw new KeywayError('invalid_request', 'The move-in date must be today or later.', { field: 'moveIn' });
      }
    }
    if (moveOut !== null && moveOut < moveIn) {
      throw new KeywayError('invalid_request', 'The move-out date is before the move-in date.', { field: 'moveOut' });
    }
    if (moveOut !== null && moveOut !== lease.moveOut && moveOut < today) {
      throw new KeywayError('invalid_request', 'The move-out date must be today or later.', { field: 'moveOut' });
    }
    const actor = actorOf(principal);
    const outcome = await settleLease(tx, deps, lease.id, now, actor, { moveIn, moveOut });
    await deps.sync.reconcileLocks(outcome?.lockIds ?? [], tx);
    await recordEvent(tx, {
      communityId: lease.communityId,
      type: 'resident.lease_changed',
      actor,
      subject: { type: 'person', id: residentId },
      data: {
        before: { moveIn: lease.moveIn, moveOut: lease.moveOut },
        after: { moveIn, moveOut },
        accessState: outcome?.to ?? lease.accessState,
      },
      at: now,
    });
    return {
      id: residentId,
      name: person.name,
      email: person.email,
      unit: await unitName(tx, lease.unitId),
      status: STATUS[outcome?.to ?? lease.accessState],
      moveIn,
      moveOut,
    };
  });
}
