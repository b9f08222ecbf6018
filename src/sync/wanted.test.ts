import { describe, expect, it } from 'vitest';
import type { LockCodeRow } from '../store/repositories/lockSync.ts';
import { PUT_ON_LEAD_MS, presence } from './wanted.ts';

const start = new Date('2026-03-08T15:00:00Z');
const end = new Date('2026-03-08T18:00:00Z');
const row = (over: Partial<LockCodeRow> = {}): LockCodeRow =>
  ({
    intent: 'present',
    kind: 'guest',
    guestType: 'temporary',
    startsAt: start,
    endsAt: end,
    schedule: null,
    firstUsedAt: null,
    oneTimeUse: false,
    ...over,
  }) as LockCodeRow;
const hubLock = {
  connectivity: 'hub' as const,
  nativeSchedules: false,
  timeZone: 'America/Chicago',
  deliveryGraceMinutes: 15,
};
const nativeLock = { ...hubLock, nativeSchedules: true };
const at = (d: Date, ms: number) => new Date(d.getTime() + ms);

describe('presence on a lock without native schedules', () => {
  it.each([
    ['long before the window', at(start, -3_600_000), false, at(start, -PUT_ON_LEAD_MS)],
    ['inside the lead time', at(start, -60_000), true, end],
    ['during the window', at(start, 60_000), true, end],
    ['after the window', at(end, 1), false, null],
  ] as const)('%s', (_label, now, present, next) => {
    const p = presence(row(), hubLock, now);
    expect(p.present).toBe(present);
    expect(p.nextBoundaryAt?.toISOString() ?? null).toBe(next?.toISOString() ?? null);
    expect(p.schedule).toBeUndefined();
  });

  it('never wants a revoked code, and always wants a resident code', () => {
    expect(presence(row({ intent: 'absent' }), hubLock, start).present).toBe(false);
    expect(presence(row({ kind: 'resident', guestType: null }), hubLock, start)).toEqual({
      present: true,
      nextBoundaryAt: null,
      schedule: undefined,
    });
  });
});

describe('presence on a lock that enforces schedules itself', () => {
  it('holds the code with its schedule from creation until it is over', () => {
    const before = presence(row(), nativeLock, at(start, -86_400_000));
    expect(before.present).toBe(true);
    expect(before.nextBoundaryAt?.toISOString()).toBe(end.toISOString());
    expect(before.schedule).toEqual({
      timeZone: 'America/Chicago',
      from: start.toISOString(),
      to: end.toISOString(),
      weekly: null,
    });
    expect(presence(row(), nativeLock, at(end, 1)).present).toBe(false);
  });

  it('ends a used delivery code after its grace period', () => {
    const used = row({ guestType: 'delivery', firstUsedAt: at(start, 600_000) });
    const p = presence(used, nativeLock, at(start, 700_000));
    expect(p.schedule?.to).toBe(at(start, 600_000 + 15 * 60_000).toISOString());
    expect(presence(used, nativeLock, at(start, 600_000 + 15 * 60_000 + 1)).present).toBe(false);
  });
});

describe('a one-time integration code (delivery without a grace period)', () => {
  const oneTime = (firstUsedAt: Date | null) =>
    row({ kind: 'integration', guestType: 'delivery', startsAt: null, endsAt: null, firstUsedAt, oneTimeUse: true });
  const usedAt = at(start, 600_000);

  it.each([
    ['on a lock without native schedules', hubLock],
    ['on a lock that enforces schedules itself', nativeLock],
  ])('is wanted until its first use and not a moment after, %s', (_label, lock) => {
    expect(presence(oneTime(null), lock, start).present).toBe(true);
    expect(presence(oneTime(usedAt), lock, at(usedAt, -1)).present).toBe(true);
    expect(presence(oneTime(usedAt), lock, usedAt).present).toBe(false);
    // A resident's delivery code used at the same moment still has its grace period.
    expect(presence(row({ guestType: 'delivery', firstUsedAt: usedAt }), lock, at(usedAt, 60_000)).present).toBe(true);
  });
});

describe('presence on a Seam lock (a validity range with both ends, no weekly rule)', () => {
  const seamLock = { ...hubLock, connectivity: 'seam' as const, nativeSchedules: true };
  const longBefore = at(start, -86_400_000);

  it('hands Seam a code with both ends ahead of its window', () => {
    const p = presence(row(), seamLock, longBefore);
    expect(p.present).toBe(true);
    expect(p.schedule).toMatchObject({ from: start.toISOString(), to: end.toISOString(), weekly: null });
  });

  it.each([
    [
      'a recurring code',
      row({ guestType: 'recurring', schedule: { days: ['mon'], start: '09:00', end: '10:00' }, endsAt: null }),
    ],
    ['a code that starts but never ends', row({ endsAt: null })],
  ])('drives %s itself: not on the lock before its window', (_label, code) => {
    const p = presence(code, seamLock, longBefore);
    expect(p.present).toBe(false);
    expect(p.schedule).toBeUndefined();
  });
});
