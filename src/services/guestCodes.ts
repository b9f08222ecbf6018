/** Reading and revoking a resident's guest codes. */

import { addressOf } from '../domain/communitySettings.ts';
import { KeywayError } from '../domain/errors.ts';
import { findCommunity } from '../store/repositories/communities.ts';
import { recordEvent } from '../store/repositories/events.ts';
import { guestCodeById, guestCodesOfOwner, revokeGuestCodes } from '../store/repositories/guestCodes.ts';
import type { ServiceDeps } from './deps.ts';
import { type GuestCodeView, guestCodeView } from './guestCodeView.ts';
import { requirePerson } from './policies.ts';
import type { Principal } from './principal.ts';
import { requireCurrentResidency } from './support/currentResidency.ts';

export async function listMyGuestCodes(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'cipher' | 'publicUrl'>,
  principal: Principal,
): Promise<GuestCodeView[]> {
  const person = requirePerson(principal);
  const now = deps.clock.now();
  return (await guestCodesOfOwner(deps.db, person.personId)).map((row) => guestCodeView(row, deps, now));
}

/** Revokes one of the caller's guest codes; it leaves every lock within seconds (hub) or at the next phone visit. */
export async function revokeMyGuestCode(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'cipher' | 'publicUrl' | 'sync'>,
  principal: Principal,
  id: string,
): Promise<GuestCodeView> {
  const person = requirePerson(principal);
  return deps.db.transaction(async (tx) => {
    await requireCurrentResidency(tx, person, deps.clock.now());
    const existing = await guestCodeById(tx, id);
    if (!existing || existing.ownerId !== person.personId) throw new KeywayError('not_found', 'No such guest code.');
    const now = deps.clock.now();
    const lockIds = await revokeGuestCodes(tx, { id, ownerId: person.personId }, now);
    if (lockIds.length > 0 || existing.status === 'active') {
      await recordEvent(tx, {
        communityId: existing.communityId,
        type: 'guest_code.revoked',
        actor: { type: 'person', id: person.personId },
        subject: { type: 'access_code', id },
        data: { ownerId: person.personId, guestName: existing.guestName },
        at: now,
      });
    }
    await deps.sync.reconcileLocks(lockIds, tx);
    const row = await guestCodeById(tx, id);
    if (!row) throw new Error('guest code vanished inside its transaction');
    return guestCodeView(row, deps, now);
  });
}

export interface GuestPage {
  guestName: string;
  ownerName: string;
  status: GuestCodeView['status'];
  /** Only while the code can still open doors. */
  code: string | null;
  type: GuestCodeView['type'];
  startsAt: Date | null;
  endsAt: Date | null;
  schedule: GuestCodeView['schedule'];
  timeZone: string;
  doors: string[];
  /** The community's name and street address: where the guest is going. */
  communityName: string | null;
  communityAddress: string | null;
}

/** What the guest's link shows; undefined when the link is not genuine. */
export async function guestPage(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'cipher' | 'publicUrl'>,
  linkId: string,
  token: string,
): Promise<GuestPage | undefined> {
  if (!/^[0-9a-f-]{36}$/.test(linkId) || deps.cipher.shareToken(linkId) !== token) return undefined;
  const row = await guestCodeById(deps.db, linkId);
  if (!row) return undefined;
  const view = guestCodeView(row, deps, deps.clock.now());
  const live = view.status === 'active' || view.status === 'scheduled';
  const community = await findCommunity(deps.db, row.communityId);
  return {
    guestName: row.guestName,
    ownerName: row.ownerName,
    status: view.status,
    code: live ? view.code : null,
    type: view.type,
    startsAt: view.startsAt,
    endsAt: view.endsAt,
    schedule: view.schedule,
    timeZone: row.timeZone,
    doors: view.doors.map((d) => d.name),
    communityName: community?.name ?? null,
    communityAddress: community ? addressOf(community.settings) : null,
  };
}
