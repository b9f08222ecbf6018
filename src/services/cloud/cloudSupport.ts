/** Shared by the cloud use cases: the cloud side must be wired, and the community's Seam account opened. */
import { apiKeyLabel, type CloudAccess } from '../../cloud/cloudDeps.ts';
import type { SeamApi } from '../../cloud/seamApi.ts';
import { classifySeamError } from '../../cloud/seamMapping.ts';
import { KeywayError } from '../../domain/errors.ts';
import type { Executor } from '../../store/database.ts';
import { type CloudAccountRow, findCloudAccount } from '../../store/repositories/cloud.ts';
import type { ServiceDeps } from '../deps.ts';

export function requireCloud(deps: Pick<ServiceDeps, 'cloud'>): CloudAccess {
  if (!deps.cloud) throw new KeywayError('not_supported_yet', 'Cloud locks are not enabled on this server.');
  return deps.cloud;
}

export async function connectedAccount(ex: Executor, communityId: string): Promise<CloudAccountRow> {
  const account = await findCloudAccount(ex, communityId);
  if (!account)
    throw new KeywayError('cloud_not_connected', 'Connect the community’s Seam workspace first.', { provider: 'seam' });
  return account;
}

export function openAccount(deps: Pick<ServiceDeps, 'cloud' | 'cipher'>, account: CloudAccountRow): SeamApi {
  return requireCloud(deps).openSeam(account.endpoint, deps.cipher.decrypt(account.apiKeyEnc, apiKeyLabel(account.id)));
}

/** A Seam call a manager is waiting on: its failure becomes a clear refusal. */
export async function askSeam<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const seen = classifySeamError(error);
    if (seen.kind === 'account')
      throw new KeywayError('cloud_key_refused', 'Seam refused the workspace’s API key.', { seam: seen.code });
    if (seen.kind === 'transient')
      throw new KeywayError('cloud_unavailable', 'Seam did not answer; try again in a moment.', { seam: seen.code });
    throw new KeywayError('invalid_request', 'Seam refused the request.', { seam: seen.code });
  }
}
