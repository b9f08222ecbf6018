/**
 * Adds a resident to a unit inside the caller's transaction: the person (with or without a password), the
 * residency with its lease dates, and the Home and Community cards. Shared by move-in, invitations and the
 * PMS import, so a resident is made the same way whichever door they come through.
 */
import { KeywayError } from '../../domain/errors.ts';
import { localDate } from '../../domain/residency.ts';
import type { Tx } from '../../store/database.ts';
import { insertPerson, insertResidency } from '../../store/repositories/communities.ts';
import { recordEvent } from '../../store/repositories/events.ts';
import { findPersonByEmail } from '../../store/repositories/principals.ts';
import type { ServiceDeps } from '../deps.ts';
import { issueResidentCards } from '../issueResidentCards.ts';
import { startLease } from '../leaseTransitions.ts';

export interface NewResident {
  community: { id: string; timeZone: string };
  unit: { id: string; name: string };
  name: string;
  /** Lower-cased by the caller. */
  email: string;
  phone?: string | null;
  /** YYYY-MM-DD in the community's time zone. */
  moveIn: string;
  moveOut: string | null;
  /** Null: the person signs in only after setting a password (invitation). */
  passwordHash: string | null;
  actor: { type: 'person' | 'api_key' | 'system'; id: string | null };
}

export async function addResident(
  tx: Tx,
  deps: Pick<ServiceDeps, 'clock' | 'random' | 'cipher' | 'sync'>,
  resident: NewResident,
): Promise<{ personId: string }> {
  if (resident.moveOut && resident.moveOut < resident.moveIn) {
    throw new KeywayError('invalid_request', 'The move-out date is before the move-in date.', { field: 'moveOut' });
  }
  if (resident.moveOut && resident.moveOut < localDate(deps.clock.now(), resident.community.timeZone)) {
    throw new KeywayError('invalid_request', 'The move-out date is in the past.', { field: 'moveOut' });
  }
  if (await findPersonByEmail(tx, resident.email)) {
    throw new KeywayError('conflict_state', 'Someone with this email already has an account.', { field: 'email' });
  }
  const at = deps.clock.now();
  const personId = deps.random.uuid();
  await insertPerson(tx, {
    id: personId,
    communityId: resident.community.id,
    name: resident.name,
    email: resident.email,
    phone: resident.phone ?? null,
    passwordHash: resident.passwordHash,
    role: 'resident',
    createdAt: at,
  });
  const residencyId = deps.random.uuid();
  await insertResidency(tx, {
    id: residencyId,
    communityId: resident.community.id,
    personId,
    unitId: resident.unit.id,
    moveIn: resident.moveIn,
    moveOut: resident.moveOut,
    createdAt: at,
  });
  // Instants and state first: the cards go on the doors only if the lease is current (else at its start).
  const accessState = await startLease(tx, residencyId, at);
  if (accessState === 'ended') {
    throw new KeywayError('invalid_request', 'This lease is already over (its move-out time has passed).', {
      field: 'moveOut',
    });
  }
  await issueResidentCards(tx, deps, { communityId: resident.community.id, personId, actor: resident.actor });
  await recordEvent(tx, {
    communityId: resident.community.id,
    type: 'resident.moved_in',
    actor: resident.actor,
    subject: { type: 'person', id: personId },
    data: {
      unit: resident.unit.name,
      moveIn: resident.moveIn,
      moveOut: resident.moveOut,
      accessState,
    },
    at,
  });
  return { personId };
}
