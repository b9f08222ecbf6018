/**
 * Move-in: a manager adds a resident to a unit with a lease start (and optional end). The person gets a
 * sign-in (when a password is given) and their Home and Community cards with generated codes.
 */
import { KeywayError } from '../domain/errors.ts';
import { localDate, residencyStatus } from '../domain/residency.ts';
import { hashPassword } from '../security/passwords.ts';
import { findCommunity, findUnitByName } from '../store/repositories/communities.ts';
import type { ServiceDeps } from './deps.ts';
import type { ResidentView } from './listResidents.ts';
import { authorize } from './policies.ts';
import { actorOf, type Principal } from './principal.ts';
import { addResident } from './support/addResident.ts';

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
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'random' | 'cipher' | 'sync' | 'passwordCost'>,
  principal: Principal,
  props: MoveInProps,
): Promise<ResidentView> {
  authorize(principal, 'residents.manage');
  const email = props.email.trim().toLowerCase();
  const passwordHash = props.password ? await hashPassword(props.password, deps.passwordCost) : null;
  return deps.db.transaction(async (tx) => {
    const community = await findCommunity(tx, principal.communityId);
    if (!community) throw new KeywayError('not_found', 'Community not found.');
    const unit = await findUnitByName(tx, community.id, props.unit);
    if (!unit)
      throw new KeywayError('not_found', `There is no unit ${props.unit} in this community.`, { field: 'unit' });
    const { personId } = await addResident(tx, deps, {
      community,
      unit: { id: unit.id, name: props.unit },
      name: props.name,
      email,
      moveIn: props.moveIn,
      moveOut: props.moveOut ?? null,
      passwordHash,
      actor: actorOf(principal),
    });
    const today = localDate(deps.clock.now(), community.timeZone);
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
