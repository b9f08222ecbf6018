/**
 * An invitation: a one-time token (72 h, only its hash stored) and an email whose link carries it. Re-inviting
 * replaces the person's earlier token, which stops working. Also the rule for addresses that already have an
 * account: the same neutral refusal whatever community (or none) the account belongs to, so an invitation never
 * tells a manager who has an account elsewhere.
 */
import { KeywayError } from '../../domain/errors.ts';
import { queueSecretEmail, SECRET_PLACEHOLDER } from '../../events/outbox.ts';
import { hashToken, newToken } from '../../security/tokens.ts';
import type { Tx } from '../../store/database.ts';
import {
  deletePendingTokens,
  hasPendingInvitation,
  insertAccountToken,
} from '../../store/repositories/accountTokens.ts';
import { recordEvent } from '../../store/repositories/events.ts';
import type { PersonRow } from '../../store/repositories/principals.ts';
import type { ServiceDeps } from '../deps.ts';

export const INVITATION_HOURS = 72;

export interface InvitationView {
  personId: string;
  email: string;
  name: string;
  role: 'manager' | 'resident' | 'staff';
  expiresAt: Date;
}

/**
 * Whether an existing account with this address may be invited again: only a person of this community, with
 * this role, who has not accepted yet. Anything else is refused with the same neutral message.
 */
export async function canReinvite(
  tx: Tx,
  existing: PersonRow,
  communityId: string,
  role: 'manager' | 'resident' | 'staff',
): Promise<boolean> {
  const reinvitable =
    existing.communityId === communityId &&
    existing.role === role &&
    existing.passwordHash === null &&
    (await hasPendingInvitation(tx, existing.id));
  if (!reinvitable)
    throw new KeywayError(
      'conflict_state',
      'This address cannot be invited. If the person already has a Keyway account, they can sign in with it.',
      { field: 'email' },
    );
  return true;
}

export async function issueInvitation(
  tx: Tx,
  deps: Pick<ServiceDeps, 'clock' | 'random' | 'cipher' | 'publicUrl'>,
  invitation: {
    person: { id: string; email: string; name: string; role: 'manager' | 'resident' | 'staff' };
    community: { id: string; name: string };
    actor: { type: 'person' | 'api_key'; id: string };
    inviterName: string;
    reinvite: boolean;
  },
): Promise<InvitationView> {
  const { person, community } = invitation;
  const at = deps.clock.now();
  const expiresAt = new Date(at.getTime() + INVITATION_HOURS * 3_600_000);
  const token = newToken('kwi');
  await deletePendingTokens(tx, person.id, 'invitation');
  await insertAccountToken(tx, {
    id: deps.random.uuid(),
    personId: person.id,
    purpose: 'invitation',
    tokenHash: hashToken(token),
    expiresAt,
    createdAt: at,
  });
  const what = person.role === 'manager' ? `manage ${community.name}` : `your access at ${community.name}`;
  await queueSecretEmail(tx, deps.cipher, {
    id: deps.random.uuid(),
    communityId: community.id,
    kind: 'invitation',
    recipient: person.email,
    subject: `You're invited to Keyway — ${community.name}`,
    body: [
      `Hello ${person.name},`,
      '',
      `${invitation.inviterName} invited you to Keyway to ${person.role === 'manager' ? what : `see and manage ${what}`}.`,
      'Choose your password here (the link works once, for 72 hours):',
      '',
      `${deps.publicUrl}/invite#${SECRET_PLACEHOLDER}`,
      '',
      'If you did not expect this, you can ignore this email.',
    ].join('\n'),
    secret: token,
    createdAt: at,
  });
  await recordEvent(tx, {
    communityId: community.id,
    type: invitation.reinvite ? 'invitation.renewed' : 'invitation.sent',
    actor: invitation.actor,
    subject: { type: 'person', id: person.id },
    data: { role: person.role, expiresAt: expiresAt.toISOString() },
    at,
  });
  return { personId: person.id, email: person.email, name: person.name, role: person.role, expiresAt };
}
