/**
 * What a manager's "put this Seam device on that door" needs before the lock row is written (Seam is asked
 * outside the transaction): the account is connected, the device is in its workspace and can hold access codes,
 * and the lock's capabilities as Seam describes the device.
 */
import { capabilitiesOf, type SeamLockCapabilities } from '../../cloud/seamMapping.ts';
import { KeywayError } from '../../domain/errors.ts';
import type { ServiceDeps } from '../deps.ts';
import { askSeam, connectedAccount, openAccount } from './cloudSupport.ts';
import { isCodeLock } from './listCloudDevices.ts';

export async function seamLockSetup(
  deps: Pick<ServiceDeps, 'db' | 'cipher' | 'cloud'>,
  communityId: string,
  deviceId: string,
): Promise<SeamLockCapabilities> {
  const account = await connectedAccount(deps.db, communityId);
  if (account.status !== 'connected')
    throw new KeywayError('cloud_key_refused', 'Seam refuses the workspace’s API key; connect it again first.');
  const devices = await askSeam(() => openAccount(deps, account).listDevices());
  const device = devices.find((d) => d.deviceId === deviceId);
  if (!device) throw new KeywayError('not_found', 'No such device in the Seam workspace.', { field: 'address' });
  if (!isCodeLock(device))
    throw new KeywayError('invalid_request', 'This Seam device cannot hold access codes.', { field: 'address' });
  return capabilitiesOf(device);
}
