/** An integration code as the Seam-compatible API and the console show it: its status read off its lock row. */
import { type AccessCodeStatus, accessCodeStatus } from '../../domain/seam/accessCodeStatus.ts';
import { seamCodeType } from '../../domain/seam/codeValidity.ts';
import type { LockCodeIntent, LockCodeState } from '../../domain/sync/lockCodeState.ts';
import type { PinCipher } from '../../security/pinCipher.ts';
import type { IntegrationCodeRow } from '../../store/repositories/seamAccessCodes.ts';
import type { SeamAccessCodeView } from './seamViews.ts';

export function statusOf(row: IntegrationCodeRow, now: Date): AccessCodeStatus {
  return accessCodeStatus(
    { startsAt: row.startsAt, endsAt: row.endsAt, oneTimeUse: row.oneTimeUse, firstUsedAt: row.firstUsedAt },
    {
      state: row.lockRow.state as LockCodeState,
      intent: row.lockRow.intent as LockCodeIntent,
      reason: row.lockRow.reason,
      since: row.lockRow.updatedAt,
    },
    now,
  );
}

/** Null once the code has left its lock after a delete: from then on it is not found. */
export function seamAccessCodeView(row: IntegrationCodeRow, cipher: PinCipher, now: Date): SeamAccessCodeView | null {
  const status = statusOf(row, now);
  if (!status.listed) return null;
  return {
    accessCodeId: row.id,
    deviceId: row.lockId,
    workspaceId: row.communityId,
    name: row.name,
    code: cipher.decrypt(row.pinEnc, row.id),
    type: seamCodeType(row),
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    status: status.status,
    isManaged: true,
    isOneTimeUse: row.oneTimeUse,
    commonCodeKey: row.commonCodeKey,
    createdAt: row.createdAt,
    errors: status.errors,
    warnings: status.warnings,
    keyway: { integration: row.integration, doorName: row.doorName },
  };
}
