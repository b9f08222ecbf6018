/**
 * Stable ids for codes found on slot-based locks (hub and Bluetooth): such a code has no row of its own, yet Seam
 * clients keep its `access_code_id` between calls. The id is a name-based UUID (version 8, RFC 9562) from a
 * SHA-256 of the lock, the slot and the code's keyed fingerprint — so it changes when someone reprograms the
 * slot with another code, and it reveals nothing about the PIN (a plain hash of a 4-digit PIN would be
 * reversed in ten thousand tries; the fingerprint needs Keyway's key).
 *
 * `generation` separates the same code coming back to the same slot after an earlier one was converted or
 * deleted: that id already belongs to a Keyway credential, so the code found later takes the next generation.
 */
import { createHash } from 'node:crypto';

export function unmanagedCodeId(
  lockId: string,
  slot: number,
  codeFingerprint: string | null,
  generation: number,
): string {
  const bytes = createHash('sha256')
    .update(`keyway:unmanaged-code:${lockId}:${slot}:${codeFingerprint ?? 'masked'}:${generation}`)
    .digest()
    .subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x80; // version 8: custom, name-based
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80; // RFC 9562 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
