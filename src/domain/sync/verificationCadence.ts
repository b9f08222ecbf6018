/**
 * When Keyway re-reads a lock (DESIGN.md §7). Each lock has a fixed phase inside the community's interval,
 * taken from a hash of its id, and is read at every instant `phase + k × interval`. So a building's locks are
 * spread over the whole interval instead of being read at once, each lock is read exactly once per interval
 * (a lock is never more than one interval from its next read, which is what "found within one period" needs),
 * and every process computes the same times without coordination. Pure: `now` is passed in.
 */
import { createHash } from 'node:crypto';

export type VerificationStatus = 'verified' | 'stale' | 'never' | 'unverifiable';

/** The lock's offset inside an interval, in [0, intervalMs): deterministic per lock id. */
export function verifyPhaseMs(lockId: string, intervalMs: number): number {
  const digest = createHash('sha256').update(lockId).digest();
  // 48 bits are plenty to spread a few thousand locks evenly over a day in milliseconds.
  return digest.readUIntBE(0, 6) % intervalMs;
}

/** The lock's first read time strictly after `after`. */
export function nextVerificationAt(lockId: string, after: Date, intervalMinutes: number): Date {
  const intervalMs = intervalMinutes * 60_000;
  const phase = verifyPhaseMs(lockId, intervalMs);
  const t = after.getTime();
  const k = Math.floor((t - phase) / intervalMs) + 1;
  return new Date(phase + k * intervalMs);
}

/**
 * What the fleet view says about a lock's truth: `unverifiable` for a lock that cannot read codes back (it is
 * still read, for occupancy), `never` before its first full read, `stale` once the last read is older than
 * two intervals (reads are failing or the hub is away), else `verified`.
 */
export function verificationStatus(facts: {
  readableCodes: boolean;
  verifiedAt: Date | null;
  now: Date;
  intervalMinutes: number;
}): VerificationStatus {
  if (!facts.readableCodes) return 'unverifiable';
  if (facts.verifiedAt === null) return 'never';
  const age = facts.now.getTime() - facts.verifiedAt.getTime();
  return age > 2 * facts.intervalMinutes * 60_000 ? 'stale' : 'verified';
}
