/**
 * A manager disconnects the community's Seam workspace. Refused while doors still use its locks: removing a
 * lock takes Keyway's codes off it first (through the account), so the locks go first, then the account. Its
 * webhook is removed at Seam when Seam still accepts the key; the key itself is deleted from Keyway.
 */
import { KeywayError } from '../../domain/errors.ts';
import { deleteCloudAccount, findCloudAccount, seamLocksOf } from '../../store/repositories/cloud.ts';
import { recordEvent } from '../../store/repositories/events.ts';
import type { ServiceDeps } from '../deps.ts';
import { authorize } from '../policies.ts';
import { actorOf, type Principal } from '../principal.ts';
import { openAccount } from './cloudSupport.ts';

export async function disconnectCloud(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'cipher' | 'cloud'>,
  principal: Principal,
): Promise<void> {
  authorize(principal, 'property.manage');
  const account = await findCloudAccount(deps.db, principal.communityId);
  if (!account) throw new KeywayError('cloud_not_connected', 'No Seam workspace is connected.');
  const locks = await seamLocksOf(deps.db, principal.communityId);
  if (locks.length > 0)
    throw new KeywayError('conflict_state', 'Remove the Seam locks from their doors first.', { locks: locks.length });
  if (account.webhookId && deps.cloud) {
    await openAccount(deps, account)
      .deleteWebhook(account.webhookId)
      .catch(() => undefined);
  }
  await deps.db.transaction(async (tx) => {
    await deleteCloudAccount(tx, account.id);
    await recordEvent(tx, {
      communityId: principal.communityId,
      type: 'cloud.disconnected',
      actor: actorOf(principal),
      subject: { type: 'cloud_account', id: account.id },
      data: { accountId: account.id, provider: 'seam', workspaceName: account.workspaceName },
      at: deps.clock.now(),
    });
  });
}
