/**
 * Every write a resident makes (guest codes, their own code) first checks that they live here at this instant
 * (DESIGN.md §7: after move-out they "can no longer sign in or create anything"). The check does not wait for
 * the lease sweep: between a lease's end and the sweep that ends it, the session still exists.
 */
import { moveOutTimeOf } from '../../domain/communitySettings.ts';
import { KeywayError } from '../../domain/errors.ts';
import { residencyAt } from '../../domain/residency.ts';
import type { Tx } from '../../store/database.ts';
import { leasesForWrite } from '../../store/repositories/residencyForWrite.ts';
import type { Principal } from '../principal.ts';

/** Refuses a resident whose every lease has ended (403 residency_ended). Managers and staff are not residents. */
export async function requireCurrentResidency(
  tx: Tx,
  person: Extract<Principal, { kind: 'person' }>,
  now: Date,
): Promise<void> {
  if (person.role !== 'resident') return;
  const { leases, timeZone, settings } = await leasesForWrite(tx, person.personId, person.communityId);
  const state =
    timeZone === null || settings === null ? 'ended' : residencyAt(leases, now, timeZone, moveOutTimeOf(settings));
  if (state === 'ended')
    throw new KeywayError('residency_ended', 'Your lease here has ended, so you can no longer change access.');
}
