/**
 * Seam's `/access_codes/delete`, and a manager's "Revoke" in the console (the same path, so the integrator's
 * webhooks say access_code.deleted either way): the code is revoked and leaves its lock through the sync engine.
 * It reads `removing` until the lock no longer holds it, then it is gone; deleting it again is not found.
 * Returns the revoked code as it now stands.
 */
import { KeywayError } from '../../domain/errors.ts';
import { findCommunity } from '../../store/repositories/communities.ts';
import { recordEvent } from '../../store/repositories/events.ts';
import { type IntegrationCodeRow, revokeIntegrationCode } from '../../store/repositories/seamAccessCodes.ts';
import type { ServiceDeps } from '../deps.ts';
import { authorize } from '../policies.ts';
import { actorOf, type Principal } from '../principal.ts';
import { accessCodeNotFound, codeEventData, codeOf } from './seamCodeSupport.ts';

type Deps = Pick<ServiceDeps, 'db' | 'clock' | 'sync'>;

export async function deleteSeamAccessCode(
  deps: Deps,
  principal: Principal,
  props: { accessCodeId: string; deviceId?: string | undefined },
): Promise<IntegrationCodeRow> {
  authorize(principal, 'property.manage');
  return deps.db.transaction(async (tx) => {
    const community = await findCommunity(tx, principal.communityId);
    if (!community) throw new KeywayError('not_found', 'Community not found.');
    const row = await codeOf(tx, community.id, props.accessCodeId, { forUpdate: true });
    if (row.status !== 'active' || (props.deviceId !== undefined && props.deviceId !== row.lockId))
      throw accessCodeNotFound();
    const now = deps.clock.now();
    const lockIds = await revokeIntegrationCode(tx, community.id, row.id, now);
    await recordEvent(tx, {
      communityId: community.id,
      type: 'integration_code.deleted',
      actor: actorOf(principal),
      subject: { type: 'access_code', id: row.id },
      // A manager revoking an integration's code is named in the activity; the integration deleting its own is not.
      data: { ...codeEventData(row), byName: principal.kind === 'person' ? principal.name : null },
      at: now,
    });
    await deps.sync.reconcileLocks(lockIds, tx);
    return codeOf(tx, community.id, row.id);
  });
}
