/** An operator invites the first (or another) manager of a community. */
import { KeywayError } from '../domain/errors.ts';
import { findCommunity, insertPerson } from '../store/repositories/communities.ts';
import { findPersonByEmail } from '../store/repositories/principals.ts';
import type { ServiceDeps } from './deps.ts';
import type { OperatorPrincipal } from './principal.ts';
import { canReinvite, type InvitationView, issueInvitation } from './support/invitation.ts';

export async function inviteManager(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'random' | 'cipher' | 'publicUrl'>,
  operator: OperatorPrincipal,
  props: { communityId: string; email: string; name: string },
): Promise<InvitationView> {
  const community = await findCommunity(deps.db, props.communityId);
  if (!community) throw new KeywayError('not_found', 'No such community.');
  const email = props.email.trim().toLowerCase();
  const name = props.name.trim();
  return deps.db.transaction(async (tx) => {
    const existing = await findPersonByEmail(tx, email);
    let personId = existing?.id;
    if (existing) await canReinvite(tx, existing, community.id, 'manager');
    else {
      personId = deps.random.uuid();
      await insertPerson(tx, {
        id: personId,
        communityId: community.id,
        name,
        email,
        passwordHash: null,
        role: 'manager',
        createdAt: deps.clock.now(),
      });
    }
    return issueInvitation(tx, deps, {
      person: { id: personId as string, email, name: existing?.name ?? name, role: 'manager' },
      community,
      actor: { type: 'person', id: operator.personId },
      inviterName: operator.name,
      reinvite: existing !== undefined,
    });
  });
}
