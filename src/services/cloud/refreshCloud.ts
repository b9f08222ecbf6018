/** A manager asks Keyway to look at the Seam workspace now instead of at the next poll. */
import type { ServiceDeps } from '../deps.ts';
import { authorize } from '../policies.ts';
import type { Principal } from '../principal.ts';
import { connectedAccount, requireCloud } from './cloudSupport.ts';

export async function refreshCloud(deps: Pick<ServiceDeps, 'db' | 'cloud'>, principal: Principal): Promise<void> {
  authorize(principal, 'property.manage');
  const cloud = requireCloud(deps);
  const account = await connectedAccount(deps.db, principal.communityId);
  await cloud.requestPoll(account.id);
}
