/**
 * The resident's phone as courier for Bluetooth locks: fetch the sealed bundle for a door, hand it to the
 * lock, upload the lock's receipt. The phone sees ciphertext only; a receipt is accepted once.
 */
import { KeywayError } from '../domain/errors.ts';
import { lockCommunity, personUsesLock } from '../store/repositories/lockSync.ts';
import { acceptReceipt, issueBundle } from '../sync/bluetoothCourier.ts';
import type { Receipt, SealedBundle } from '../sync/bluetoothEnvelope.ts';
import type { ServiceDeps } from './deps.ts';
import type { Principal } from './principal.ts';

async function authorizeCourier(deps: Pick<ServiceDeps, 'db'>, principal: Principal, lockId: string): Promise<void> {
  const communityId = await lockCommunity(deps.db, lockId);
  const allowed =
    communityId === principal.communityId &&
    (principal.kind === 'api_key' ||
      principal.role === 'manager' ||
      // "Sync this door": staff carry pending changes to any Bluetooth door of their community too.
      principal.role === 'staff' ||
      (await personUsesLock(deps.db, principal.personId, lockId)));
  if (!allowed) throw new KeywayError('not_found', 'No such lock among your doors.');
}

export async function fetchBundle(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'random' | 'cipher'>,
  principal: Principal,
  lockId: string,
): Promise<SealedBundle & { operations: number }> {
  await authorizeCourier(deps, principal, lockId);
  return deps.db.transaction((tx) => issueBundle(tx, deps, lockId));
}

export async function uploadReceipt(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'random' | 'cipher' | 'sync'>,
  principal: Principal,
  lockId: string,
  receipt: Receipt,
): Promise<void> {
  await authorizeCourier(deps, principal, lockId);
  if (receipt.lockId !== lockId) throw new KeywayError('receipt_rejected', 'This receipt is for another lock.');
  const lockIds = await acceptReceipt(deps, receipt);
  await deps.db.transaction((tx) => deps.sync.reconcileLocks(lockIds, tx));
}
