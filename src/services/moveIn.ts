/**
 * Move-in: a manager adds a resident to a unit with a lease start (and optional end). The person gets a
 * sign-in (when a password is given) and their Home and Community cards with generated codes.
 */
import { KeywayError } from '../domain/errors.ts';
import { localDate, residencyStatus } from '../domain/residency.ts';
import { hashPassword } from '../security/passwords.ts';
import { findCommunity, findUnitByName, insertPerson, insertResidency } from '../store/repositories/communities.ts';
import { recordEvent } from '../store/repositories/events.ts';
import { findPersonByEmail } from '../store/repositories/principals.ts';
import type { ServiceDeps } from './deps.ts';
import { issueResidentCards } from './issueResidentCards.ts';
import type { ResidentView } from './listResidents.ts';
import { authorize } from './policies.ts';
import { actorOf, type Principal } from './principal.ts';

export interface MoveInProps {
  name: string;
  email: string;
  unit: string;
  /** YYYY-MM-DD in the community's time zone. */
  moveIn: string;
  moveOut?: string | null;
  /** Initial password; without one the person cannot sign in until a password is set. */
  password?: string;
}

export async function moveIn(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'random' | 'cipher' | 'sync'>,
  principal: Principal,
  props: MoveInProps,
): Promise<ResidentView> {
  authorize(principal, 'residents.manage');
  if (props.moveOut && props.moveOut < props.moveIn) {
    throw new KeywayError('invalid_request', 'The move-out date is before the move-in date.', { field: 'moveOut' });
  }
  const email = props.email.trim().toLowerCase();
  const passwordHash = props.password ? await hashPassword(props.password) : null;
  return deps.db.transaction(async (tx) => {
    const community = await findCommunity(tx, principal.communityId);
    if (!community) throw new KeywayError('not_found', 'Community not found.');
    const unit = await findUnitByName(tx, community.id, props.unit);
    if (!unit)
      throw new KeywayError('not_found', `There is no unit ${props.unit} in this community.`, { field: 'unit' });
    if (await findPersonByEmail(tx, email)) {
      throw new KeywayError('conflict_state', 'Someone with this email already has an account.', { field: 'email' });
    }
    const at = deps.clock.now();
    const personId = deps.random.uuid();
    await insertPerson(tx, {
      id: personId,
      communityId: community.id,
      name: props.name,
      email,
      passwordHash,
      role: 'resident',
      createdAt: at,
    });
    await insertResidency(tx, {
      id: deps.random.uuid(),
      communityId: community.id,
      personId,
      unitId: unit.id,
      moveIn: props.moveIn,
      moveOut: props.moveOut ?? null,
      createdAt: at,
    });
    const today = localDate(at, community.timeZone);
    await issueResidentCards(tx, deps, { communityId: community.id, personId, today, actor: actorOf(principal) });
    await recordEvent(tx, {
      communityId: community.id,
      type: 'resident.moved_in',
      actor: actorOf(principal),
      subject: { type: 'person', id: personId },
      data: { unit: props.unit, moveIn: props.moveIn, moveOut: props.moveOut ?? null },
      at,
    });
    return {
      id: personId,
      name: props.name,
      email,
      unit: props.unit,
      status: residencyStatus(props.moveIn, props.moveOut ?? null, today),
      moveIn: props.moveIn,
      moveOut: props.moveOut ?? null,
    };
  });
}
