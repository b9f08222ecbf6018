/**
 * The lock devices of the community's Seam workspace, as Seam reports them now, with what Keyway would make
 * of each (code lengths, virtual slots) and the door it is assigned to, if any. Devices that cannot hold access
 * codes (thermostats, sensors) are left out.
 */
import type { SeamDevice } from '../../cloud/seamApi.ts';
import { capabilitiesOf, type SeamLockCapabilities } from '../../cloud/seamMapping.ts';
import { seamLocksOf } from '../../store/repositories/cloud.ts';
import type { ServiceDeps } from '../deps.ts';
import { authorize } from '../policies.ts';
import type { Principal } from '../principal.ts';
import { askSeam, connectedAccount, openAccount } from './cloudSupport.ts';

export interface CloudDeviceView {
  device: SeamDevice;
  capabilities: SeamLockCapabilities;
  assigned: { lockId: string; accessPointId: string; doorName: string } | null;
}

/** Seam lists some non-locks with the access-code capability; a lock's type ends in `_lock`. */
export function isCodeLock(device: SeamDevice): boolean {
  return device.canProgramCodes && /_lock$/.test(device.deviceType);
}

export async function listCloudDevices(
  deps: Pick<ServiceDeps, 'db' | 'cipher' | 'cloud'>,
  principal: Principal,
): Promise<CloudDeviceView[]> {
  authorize(principal, 'property.manage');
  const account = await connectedAccount(deps.db, principal.communityId);
  const devices = await askSeam(() => openAccount(deps, account).listDevices());
  const locks = await seamLocksOf(deps.db, principal.communityId);
  return devices.filter(isCodeLock).map((device) => {
    const lock = locks.find((l) => l.deviceId === device.deviceId);
    return {
      device,
      capabilities: capabilitiesOf(device),
      assigned: lock ? { lockId: lock.id, accessPointId: lock.accessPointId, doorName: lock.doorName } : null,
    };
  });
}
