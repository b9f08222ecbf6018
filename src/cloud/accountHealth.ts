/**
 * An account's health as managers see it: `failing` once Seam refuses its key (401/403) — with an event, once —
 * and `connected` again as soon as a call succeeds. Outages (5xx, network) only note the last error: the key is
 * fine, Seam is not, and the queue retries.
 */
import type { Db } from '../store/database.ts';
import { type CloudAccountRow, cloudAccountById, updateCloudAccount } from '../store/repositories/cloud.ts';
import { recordEvent } from '../store/repositories/events.ts';

export async function markAccountFailing(db: Db, accountId: string, errorCode: string, at: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const account = await cloudAccountById(tx, accountId);
    if (!account) return;
    await updateCloudAccount(tx, account.id, {
      status: 'failing',
      lastError: `Seam refused the API key (${errorCode})`,
    });
    if (account.status === 'failing') return;
    await recordEvent(tx, {
      communityId: account.communityId,
      type: 'cloud.account_failing',
      actor: { type: 'system', id: null },
      subject: { type: 'cloud_account', id: account.id },
      data: { accountId: account.id, provider: account.provider, error: errorCode },
      at,
    });
  });
}

export async function noteAccountError(db: Db, account: CloudAccountRow, errorCode: string): Promise<void> {
  await updateCloudAccount(db, account.id, { lastError: `Seam did not answer (${errorCode}); retrying` });
}

/** A call worked: the account is healthy (an event only when it was failing). */
export async function markAccountHealthy(db: Db, accountId: string, at: Date, polled: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    const account = await cloudAccountById(tx, accountId);
    if (!account) return;
    await updateCloudAccount(tx, account.id, {
      status: 'connected',
      lastError: null,
      ...(polled ? { lastPolledAt: at } : {}),
    });
    if (account.status !== 'failing') return;
    await recordEvent(tx, {
      communityId: account.communityId,
      type: 'cloud.account_recovered',
      actor: { type: 'system', id: null },
      subject: { type: 'cloud_account', id: account.id },
      data: { accountId: account.id, provider: account.provider },
      at,
    });
  });
}
