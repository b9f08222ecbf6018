/**
 * A manager invites someone to their community: a resident (who exists at once, with their lease and cards,
 * and signs in after choosing a password) or another manager or staff member.
 */
import { KeywayError } from '../domain/errors.ts';
import { findCommunity, insertPerson, listUnits } from '../store/repositories/communities.ts';
import { findPersonByEmail } from '../store/repositories/principals.ts';
import type { ServiceDeps } from './deps.ts';
import { authorize } from './policies.ts';
import { actorOf, type Principal } from './principal.ts';
import { addResident } from './support/addResident.ts';
import { canReinvite, type InvitationView, issueInvitation } from './support/invitation.ts';

export interface InvitePersonProps {
  email: string;
  name: string;
  role: 'resident' | 'manager' | 'staff';
  unitId?: string | undefined;
  /** YYYY-MM-DD in the community's time zone; residents only. */
  moveIn?: string | undefined;
  moveOut?: string | null | undefined;
}

export async function invitePerson(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'random' | 'cipher' | 'sync' | 'publicUrl'>,
  principal: Principal,
  props: InvitePersonProps,
): Promise<InvitationView> {
  authorize(principal, 'residents.manage');
  const email = props.email.trim().toLowerCase();
  const name = props.name.trim();
  if (props.role === 'resident' && (!props.unitId || !props.moveIn))
    throw new KeywayError('invalid_request', 'A resident needs a unit and a move-in date.', {
      field: props.unitId ? 'moveIn' : 'unitId',
    });
  const community = await findCommunity(deps.db, principal.communityId);
  if (!community) throw new KeywayError('not_found', 'No such community.');
  const actor = actorOf(principal);
  return deps.db.transaction(async (tx) => {
    const existing = await findPersonByEmail(tx, email);
    let person = existing && { id: existing.id, email: existing.email, name: existing.name, role: props.role };
    if (existing) await canReinvite(tx, existing, community.id, props.role);
    else if (props.role === 'resident') {
      const unit = (await listUnits(tx, community.id)).find((u) => u.id === props.unitId);
      if (!unit) throw new KeywayError('not_found', 'No such unit.', { field: 'unitId' });
      const { personId } = await addResident(tx, deps, {
        community,
        unit,
        name,
        email,
        moveIn: props.moveIn as string,
        moveOut: props.moveOut ?? null,
        passwordHash: null,
        actor,
      });
      person = { id: personId, email, name, role: 'resident' };
    } else {
      const id = deps.random.uuid();
      await insertPerson(tx, {
        id,
        communityId: community.id,
        name,
        email,
        passwordHash: null,
        role: props.role,
        createdAt: deps.clock.now(),
      });
      person = { id, email, name, role: props.role };
    }
    return issueInvitation(tx, deps, {
      person: person as NonNullable<typeof person>,
      community,
      actor,
      inviterName: principal.name,
      reinvite: existing !== undefined,
    });
  });
}
