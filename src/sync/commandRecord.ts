import type { PlannedCommand } from '../domain/sync/lockPlan.ts';
import type { PinCipher, PinFingerprints } from '../security/pinCipher.ts';
import type { NewLockCommand } from '../store/repositories/lockSync.ts';

/**
 * The stored record of one command (to a hub, or inside a Bluetooth bundle): its idempotent id, what it
 * does, the fingerprints of the code it writes (so a confirmation can record what the lock now holds), and
 * which server process sent it (so "one lock, one driver at a time" can be checked after the fact).
 */
export function commandRecord(
  cipher: PinCipher,
  id: string,
  lock: { id: string; communityId: string },
  command: PlannedCommand,
  sentAt: Date,
  options: {
    bundleCounter?: number | null;
    /** The sending process's instance id; null when it has none. */
    sentBy?: string | null;
    /** The set_code's fingerprints when the caller already has them (the credential's stored fp/fp4). */
    prints?: PinFingerprints;
  } = {},
): NewLockCommand {
  const prints = command.type === 'set_code' ? (options.prints ?? cipher.fingerprints(command.code)) : null;
  return {
    id,
    communityId: lock.communityId,
    lockId: lock.id,
    accessCodeId: command.accessCodeId,
    type: command.type,
    slot: command.slot,
    version: command.version,
    codeFp: prints?.fp ?? null,
    codeFp4: prints?.fp4 ?? null,
    codeLength: command.type === 'set_code' ? command.code.length : null,
    bundleCounter: options.bundleCounter ?? null,
    status: 'sent',
    sentAt,
    sentBy: options.sentBy ?? null,
  };
}
