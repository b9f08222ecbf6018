/**
 * What every code change has in common: seal the PIN, replace it on the credential (make-before-break
 * bookkeeping), ask for it on every lock behind the card, and write the event — all in the caller's
 * transaction.
 */

import type { Random } from '../platform/random.ts';
import type { PinCipher } from '../security/pinCipher.ts';
import type { Tx } from '../store/database.ts';
import { changePin, isRolledOut, requireOnLocks } from '../store/repositories/accessCodes.ts';
import { recordEvent } from '../store/repositories/events.ts';
import type { SyncRequests } from './deps.ts';

export interface PinAssignment {
  communityId: string;
  accessCodeId: string;
  currentPinEnc: string;
  lockIds: readonly string[];
  pin: string;
  origin: 'generated' | 'custom';
  actor: { type: 'person' | 'api_key' | 'system'; id: string | null };
  eventType: string;
  eventData: Record<string, unknown>;
  at: Date;
}

export async function assignPin(
  tx: Tx,
  deps: { cipher: PinCipher; random: Random; sync: SyncRequests },
  a: PinAssignment,
): Promise<number> {
  const rolledOut = await isRolledOut(tx, a.accessCodeId);
  const version = await changePin(
    tx,
    a.accessCodeId,
    {
      origin: a.origin,
      pinEnc: deps.cipher.encrypt(a.pin, a.accessCodeId),
      ...deps.cipher.fingerprints(a.pin),
      codeLength: a.pin.length,
      at: a.at,
    },
    rolledOut ? a.currentPinEnc : null,
  );
  await requireOnLocks(
    tx,
    a.lockIds.map((lockId) => ({
      id: deps.random.uuid(),
      communityId: a.communityId,
      accessCodeId: a.accessCodeId,
      lockId,
    })),
    version,
    a.at,
  );
  await recordEvent(tx, {
    communityId: a.communityId,
    type: a.eventType,
    actor: a.actor,
    subject: { type: 'access_code', id: a.accessCodeId },
    data: { ...a.eventData, origin: a.origin, length: a.pin.length, version, locks: a.lockIds.length },
    at: a.at,
  });
  await deps.sync.reconcileLocks(a.lockIds, tx);
  return version;
}
