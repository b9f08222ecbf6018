/**
 * The codes on one Seam lock as Seam last reported them: Keyway's own (slot, status, Seam's warnings) and the
 * unmanaged ones someone else set, which Keyway shows and never touches. Never a PIN.
 */
import { KeywayError } from '../../domain/errors.ts';
import { type CloudCodeRow, cloudCodesOfLock, seamLockById } from '../../store/repositories/cloud.ts';
import type { ServiceDeps } from '../deps.ts';
import { authorize } from '../policies.ts';
import type { Principal } from '../principal.ts';

export async function cloudLockCodes(
  deps: Pick<ServiceDeps, 'db'>,
  principal: Principal,
  lockId: string,
): Promise<{ lockId: string; doorName: string; deviceId: string; codes: CloudCodeRow[] }> {
  authorize(principal, 'property.manage');
  const lock = await seamLockById(deps.db, lockId);
  if (!lock || lock.communityId !== principal.communityId) throw new KeywayError('not_found', 'No such Seam lock.');
  return { lockId, doorName: lock.doorName, deviceId: lock.deviceId, codes: await cloudCodesOfLock(deps.db, lockId) };
}
