import type { PlannedCommand } from '../domain/sync/lockPlan.ts';
import type { PinCipher } from '../security/pinCipher.ts';
import type { NewLockCommand } from '../store/repositories/lockSync.ts';

/**
 * The stored record of one command (to a hub, or inside a Bluetooth bundle): its idempotent id, what it
 * does, and the fingerprints of the code it writes, so a confirmation can record what the lock now holds.
 */
export function commandRecord(
  cipher: PinCipher,
  id: string,
  lock: { id: string; communityId: string },
  command: PlannedCommand,
  sentAt: Date,
  bundleCounter: number | null = null,
): NewLockCommand {
  const prints = command.type === 'set_code' ? cipher.fingerprints(command.code) : null;
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
    bundleCounter,
    status: 'sent',
    sentAt,
  };
}
