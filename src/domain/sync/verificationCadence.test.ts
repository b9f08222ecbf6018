import { describe, expect, it } from 'vitest';
import { nextVerificationAt, verificationStatus, verifyPhaseMs } from './verificationCadence.ts';

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const at = new Date('2026-06-15T15:00:00Z');

describe('nextVerificationAt', () => {
  it('is strictly after the given time and at most one interval later', () => {
    for (let n = 0; n < 200; n++) {
      const next = nextVerificationAt(uuid(n), at, 60);
      expect(next.getTime()).toBeGreaterThan(at.getTime());
      expect(next.getTime() - at.getTime()).toBeLessThanOrEqual(60 * 60_000);
    }
  });

  it('a lock is read once per interval: from its read time the next is exactly one interval on', () => {
    const first = nextVerificationAt(uuid(7), at, 15);
    expect(nextVerificationAt(uuid(7), first, 15).getTime() - first.getTime()).toBe(15 * 60_000);
    // and late sweeps do not drift the phase
    const late = new Date(first.getTime() + 90_000);
    expect(nextVerificationAt(uuid(7), late, 15).getTime() - first.getTime()).toBe(15 * 60_000);
  });

  it('is the same in every process (deterministic per lock)', () => {
    expect(nextVerificationAt(uuid(3), at, 60)).toEqual(nextVerificationAt(uuid(3), at, 60));
  });

  it('spreads 1,000 locks over the interval (no ten-minute bucket of an hour holds more than a quarter)', () => {
    const buckets = new Array(6).fill(0);
    for (let n = 0; n < 1000; n++) buckets[Math.floor(verifyPhaseMs(uuid(n), 3_600_000) / 600_000)]++;
    for (const count of buckets) {
      expect(count).toBeGreaterThan(100);
      expect(count).toBeLessThan(250);
    }
  });
});

describe('verificationStatus', () => {
  const minutesAgo = (m: number) => new Date(at.getTime() - m * 60_000);
  it.each([
    [true, null, 'never'],
    [true, minutesAgo(5), 'verified'],
    [true, minutesAgo(120), 'verified'],
    [true, minutesAgo(121), 'stale'],
    [false, null, 'unverifiable'],
    [false, minutesAgo(1), 'unverifiable'],
  ] as const)('readable=%s, verified %s → %s', (readableCodes, verifiedAt, expected) => {
    expect(verificationStatus({ readableCodes, verifiedAt, now: at, intervalMinutes: 60 })).toBe(expected);
  });
});
