/**
 * The generator's view of which codes are taken on a set of locks, answered from fingerprints in the
 * database (no PIN is decrypted). A batch of candidates costs one indexed query; a whole-space search
 * (only when a lock is nearly full) loads the lock's fingerprints once.
 */
import type { OccupiedCodes } from '../domain/pin/generator.ts';
import type { PinCipher } from '../security/pinCipher.ts';
import type { Executor } from '../store/database.ts';
import {
  allOccupyingFingerprints,
  type OccupyingFingerprint,
  occupyingFingerprints,
} from '../store/repositories/accessCodes.ts';

const BATCH_QUERY_LIMIT = 512;

export function occupiedCodesOn(
  ex: Executor,
  cipher: PinCipher,
  lockIds: readonly string[],
  exceptAccessCodeId: string | null,
): OccupiedCodes {
  return {
    async conflicting(candidates) {
      const prints = candidates.map((code) => ({ code, ...cipher.fingerprints(code) }));
      const occupying =
        candidates.length <= BATCH_QUERY_LIMIT
          ? await occupyingFingerprints(
              ex,
              lockIds,
              exceptAccessCodeId,
              prints.flatMap((p) => (p.code.length === 4 ? [p.fp] : [p.fp, p.fp4])),
              prints.filter((p) => p.code.length === 4).map((p) => p.fp),
            )
          : await allOccupyingFingerprints(ex, lockIds, exceptAccessCodeId);
      return conflictsAmong(prints, occupying);
    },
  };
}

/**
 * Equal codes conflict; so do a 4-digit code and a 6-digit code that starts with it (the keypad would
 * open on the first four digits). Two 6-digit codes that only share their first four digits do not.
 */
function conflictsAmong(
  prints: readonly { code: string; fp: string; fp4: string }[],
  occupying: readonly OccupyingFingerprint[],
): Set<string> {
  const full = new Set<string>();
  const shortPrefixes = new Set<string>(); // fp4 of occupying 4-digit codes
  const anyPrefixes = new Set<string>(); // fp4 of every occupying code
  for (const o of occupying) {
    full.add(o.fp);
    anyPrefixes.add(o.fp4);
    if (o.length === 4) shortPrefixes.add(o.fp4);
  }
  const taken = new Set<string>();
  for (const p of prints) {
    const isShort = p.code.length === 4;
    if (full.has(p.fp) || shortPrefixes.has(p.fp4) || (isShort && anyPrefixes.has(p.fp4))) taken.add(p.code);
  }
  return taken;
}
