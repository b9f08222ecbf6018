/**
 * The lease sweep: residencies whose next boundary (`next_boundary_at`, indexed) has come on the injectable
 * clock are settled, one transaction each — codes go out at move-in, everything leaves at move-out
 * (services/leaseTransitions.ts). Runs with the sync sweep (every process may: each row is locked and
 * settling is idempotent). Returns the locks to reconcile.
 */
import type { Clock } from '../platform/clock.ts';
import type { Random } from '../platform/random.ts';
import type { PinCipher } from '../security/pinCipher.ts';
import { settleLease } from '../services/leaseTransitions.ts';
import type { Db } from '../store/database.ts';
import { leasesDue } from '../store/repositories/residencies.ts';

export const LEASES_PER_SWEEP = 200;

export async function leaseSweep(deps: {
  db: Db;
  clock: Clock;
  random: Random;
  cipher?: PinCipher;
}): Promise<string[]> {
  const now = deps.clock.now();
  const locks = new Set<string>();
  for (const residencyId of await leasesDue(deps.db, now, LEASES_PER_SWEEP)) {
    const outcome = await deps.db.transaction((tx) =>
      settleLease(tx, deps, residencyId, now, { type: 'system', id: null }),
    );
    for (const lockId of outcome?.lockIds ?? []) locks.add(lockId);
  }
  return [...locks];
}
