/**
 * The boundary alarm (src/sync/boundaryAlarm.ts): a due instant sooner than the sweep period gets a timer that
 * sweeps right then, so a window opening does not wait for the periodic sweep.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { lockCodeRows, updateLockCode } from '../../src/store/repositories/lockSync.ts';
import { BoundaryAlarm } from '../../src/sync/boundaryAlarm.ts';
import { ALEX, eventually, settledCards, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

describe('BoundaryAlarm', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const T0 = new Date('2026-06-15T15:00:00Z');

  /** An alarm over a clock that runs with the fake timers (like systemClock does with real ones). */
  function alarmWith(next: Date | null, horizonMs = 1_000) {
    vi.useFakeTimers({ now: T0 });
    const clock = { now: () => new Date() };
    const fire = vi.fn();
    const asked: Date[] = [];
    const alarm = new BoundaryAlarm({
      clock,
      horizonMs,
      fire,
      nextDueAt: async (now) => {
        asked.push(now);
        return next;
      },
    });
    return { alarm, fire, asked };
  }

  it('fires at the due instant, not before', async () => {
    const { alarm, fire, asked } = alarmWith(new Date(T0.getTime() + 300));
    await alarm.rearm();
    expect(asked).toEqual([T0]);
    expect(alarm.armedFor).toEqual(new Date(T0.getTime() + 300));
    await vi.advanceTimersByTimeAsync(299);
    expect(fire).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2);
    expect(fire).toHaveBeenCalledTimes(1);
    expect(alarm.armedFor).toBeUndefined();
  });

  it('leaves instants beyond the sweep period to the periodic sweep, and sets nothing when nothing is due', async () => {
    const far = alarmWith(new Date(T0.getTime() + 5_000));
    await far.alarm.rearm();
    expect(far.alarm.armedFor).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
    vi.useRealTimers();
    const none = alarmWith(null);
    await none.alarm.rearm();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('re-arming replaces the timer; stop() clears it', async () => {
    const { alarm, fire } = alarmWith(new Date(T0.getTime() + 500));
    await alarm.rearm();
    await alarm.rearm();
    expect(vi.getTimerCount()).toBe(1);
    alarm.stop();
    expect(vi.getTimerCount()).toBe(0);
    expect(alarm.armedFor).toBeUndefined();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(fire).not.toHaveBeenCalled();
    await alarm.rearm(); // after stop: nothing
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not spin on a clock that stands still (ManualClock): an instant it fired for is not armed again', async () => {
    vi.useFakeTimers({ now: T0 });
    const clock = new ManualClock(T0);
    const fire = vi.fn();
    const alarm = new BoundaryAlarm({
      clock,
      horizonMs: 1_000,
      fire,
      nextDueAt: async () => new Date(T0.getTime() + 1),
    });
    await alarm.rearm();
    await vi.advanceTimersByTimeAsync(10);
    expect(fire).toHaveBeenCalledTimes(1);
    await alarm.rearm(); // the sweep after it: the manual clock has not moved, the same instant is still next
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('the sync engine with the alarm', () => {
  let t: TestKeyway;
  beforeAll(async () => {
    t = await startTestKeyway({ realClock: true, sweepIntervalMs: 3_600_000 });
  }, 180_000);
  afterAll(() => t?.close());

  // ~0.3 s on an idle machine; the bound is loose for loaded CI machines: without the alarm the pass would wait for
  // the hourly sweep.
  it('a boundary 300 ms ahead gets its reconcile right then although the sweep runs once an hour', async () => {
    const alex = await t.login(ALEX);
    await settledCards(t, alex, 20_000);
    const { db, clock } = t.keyway.deps;
    const locks = (await t.request('GET', '/api/v1/sim/locks', { token: alex })).json().locks as {
      lockId: string;
      name: string;
    }[];
    const lockId = locks.find((l) => l.name === 'Unit 101 Front Door')?.lockId;
    if (!lockId) throw new Error('no Unit 101 Front Door');
    const row = (await lockCodeRows(db, lockId)).find((r) => r.state === 'active');
    if (!row) throw new Error('no active code on Unit 101 Front Door');
    expect(row.nextBoundaryAt).toBeNull();

    // As a reconcile pass leaves a code whose window opens in 300 ms (a permanent code has no boundary: the
    // pass the alarm starts puts it back to null, which is how the test sees that pass).
    const boundary = new Date(clock.now().getTime() + 300);
    await updateLockCode(db, row.id, { nextBoundaryAt: boundary, updatedAt: clock.now() });
    const started = performance.now();
    await t.keyway.sync.sweepNow(); // the sweep after that pass (with the hourly timer, the only one)
    const passedAfter = await eventually(
      async () => {
        const now = (await lockCodeRows(db, lockId)).find((r) => r.id === row.id);
        return now?.nextBoundaryAt === null ? performance.now() - started : undefined;
      },
      10_000,
      'the reconcile pass at the boundary',
    );
    expect(passedAfter).toBeGreaterThanOrEqual(250);
    expect(passedAfter).toBeLessThan(5_000);
  }, 120_000);
});
