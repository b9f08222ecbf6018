import type { LockCodeRow } from '../store/repositories/lockSync.ts';

/**
 * Whether a code should be on its lock at `now`. Today that is its intent (present until revoked);
 * time-bound guest codes add their schedule here.
 */
export function isWanted(row: Pick<LockCodeRow, 'intent'>, _now: Date): boolean {
  return row.intent === 'present';
}
