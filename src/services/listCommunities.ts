/** Every community of the installation (operators only: the type says so). */
import { listAllCommunities } from '../store/repositories/communityDirectory.ts';
import type { CommunityView } from './createCommunity.ts';
import type { ServiceDeps } from './deps.ts';
import type { OperatorPrincipal } from './principal.ts';

export async function listCommunities(
  deps: Pick<ServiceDeps, 'db'>,
  _operator: OperatorPrincipal,
): Promise<CommunityView[]> {
  return listAllCommunities(deps.db);
}
