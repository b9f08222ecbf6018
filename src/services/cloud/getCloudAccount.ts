/** The community's cloud connection as managers see it (never the key or the webhook secret). */
import { type CloudAccountRow, findCloudAccount, seamLocksOf } from '../../store/repositories/cloud.ts';
import type { ServiceDeps } from '../deps.ts';
import { authorize } from '../policies.ts';
import type { Principal } from '../principal.ts';

export async function getCloudAccount(
  deps: Pick<ServiceDeps, 'db'>,
  principal: Principal,
): Promise<{ account: CloudAccountRow; lockCount: number } | null> {
  authorize(principal, 'property.manage');
  const account = await findCloudAccount(deps.db, principal.communityId);
  if (!account) return null;
  return { account, lockCount: (await seamLocksOf(deps.db, principal.communityId)).length };
}
