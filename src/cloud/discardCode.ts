/**
 * A code Seam could not put on the lock for good (refused, duplicate, no room): Keyway's row failed, so the
 * half-made code must not stay at Seam — it would sit in error there, and be forgotten once the lock goes.
 * Failures that may pass (the device offline) keep the code: the retry updates it.
 */
import { isRetryable } from '../domain/sync/retryPolicy.ts';
import { deleteCloudCode } from '../store/repositories/cloud.ts';
import type { CloudDeps } from './cloudDeps.ts';
import type { SeamApi } from './seamApi.ts';
import { classifySeamError } from './seamMapping.ts';

export function isFinalFailure(failure: string | null): boolean {
  return failure !== null && !isRetryable(failure);
}

export async function discardCode(
  deps: CloudDeps,
  seam: SeamApi,
  row: { id: string; externalId: string; lockId: string },
): Promise<void> {
  try {
    await seam.deleteCode(row.externalId);
  } catch (error) {
    const seen = classifySeamError(error);
    if (seen.kind !== 'gone') {
      // Left as it is: the row stays, so the next refresh tries again.
      deps.logger.warn({ lockId: row.lockId, seam: seen.code }, 'could not delete a failed code at Seam');
      return;
    }
  }
  await deleteCloudCode(deps.db, row.id);
}
