import { describe, expect, it } from 'vitest';
import {
  LOCK_CODE_STATES,
  type LockCodeIntent,
  type LockCodeState,
  REACHABLE,
  SYNC_REASONS,
  type SyncReason,
} from '../sync/lockCodeState.ts';
import {
  type AccessCodeStatus,
  accessCodeStatus,
  type IntegrationCodeFacts,
  isOutsideWindow,
  type LockRowFacts,
  reasonInWords,
} from './accessCodeStatus.ts';

const now = new Date('2026-06-15T15:00:00Z');
const since = new Date('2026-06-15T14:59:00Z');
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);
const ongoing: IntegrationCodeFacts = { startsAt: null, endsAt: null, oneTimeUse: false, firstUsedAt: null };
const row = (state: LockCodeState, intent: LockCodeIntent, reason: SyncReason | null): LockRowFacts => ({
  state,
  intent,
  reason,
  since,
});

/** The outcome in one word: status, then `?warning` or `!error`; `gone` when the code is no longer listed. */
function outcome(result: AccessCodeStatus): string {
  if (!result.listed) return 'gone';
  const problems = [...result.warnings.map((w) => `?${w.code}`), ...result.errors.map((e) => `!${e.code}`)];
  return [result.status, ...problems].join(' ');
}

const REASONS: readonly (SyncReason | null)[] = [null, ...SYNC_REASONS];
const S = 'setting';
const DS = 'setting ?delay_in_setting_on_device';
const FS = 'setting !failed_to_set_on_device';
const R = 'removing';
const DR = 'removing ?delay_in_removing_from_device';
const FR = 'removing !failed_to_remove_from_device';

/**
 * An ongoing code, every reachable (state, intent) against every reason (null first, then SYNC_REASONS in order:
 * awaiting_sync, sending, hub_offline, awaiting_phone, no_free_slot, duplicate_on_lock, length_not_supported,
 * timeout, rejected_by_lock, lock_unreachable, circuit_open, outside_window, drift).
 */
const TABLE: Record<string, string[]> = {
  'pending/present': [S, S, S, DS, DS, DS, DS, DS, DS, DS, DS, DS, 'unset', DS],
  'active/present': Array(14).fill('set'),
  'failed/present': [
    FS,
    FS,
    FS,
    DS,
    DS,
    'setting !no_space_for_access_code_on_device',
    'setting !duplicate_code_on_device',
    FS,
    DS,
    FS,
    DS,
    DS,
    'unset',
    DS,
  ],
  'removing/absent': [R, R, R, DR, DR, DR, DR, DR, DR, DR, DR, DR, R, DR],
  'removed/absent': Array(14).fill('gone'),
  'failed/absent': [FR, FR, FR, DR, DR, FR, FR, FR, DR, FR, DR, DR, R, DR],
};

describe('accessCodeStatus of an ongoing code', () => {
  it('the table covers every reachable (state, intent) and every reason', () => {
    expect(Object.keys(TABLE).sort()).toEqual(REACHABLE.map(([s, i]) => `${s}/${i}`).sort());
    for (const cells of Object.values(TABLE)) expect(cells).toHaveLength(REASONS.length);
  });

  for (const [pair, cells] of Object.entries(TABLE)) {
    const [state, intent] = pair.split('/') as [LockCodeState, LockCodeIntent];
    it.each(REASONS.map((reason, i) => [reason ?? 'no reason', reason, cells[i]] as const))(
      `${pair} with %s`,
      (_label, reason, expected) => {
        expect(outcome(accessCodeStatus(ongoing, row(state, intent, reason), now))).toBe(expected);
      },
    );
  }

  it('a code without a lock row (its lock was removed) is not listed', () => {
    expect(accessCodeStatus(ongoing, null, now)).toEqual({ listed: false });
  });
});

describe('time-bound and one-time codes', () => {
  const timeBound: IntegrationCodeFacts = { ...ongoing, startsAt: minutes(60), endsAt: minutes(180) };
  const at = (n: number) => minutes(n);

  it.each([
    ['before the window, not on the lock yet', at(0), row('pending', 'present', 'awaiting_sync'), 'unset'],
    ['before the window, waiting for it', at(0), row('pending', 'present', 'outside_window'), 'unset'],
    ['before the window, on a lock that enforces schedules itself', at(0), row('active', 'present', null), 'set'],
    [
      'before the window, hub offline',
      at(0),
      row('pending', 'present', 'hub_offline'),
      'unset ?delay_in_setting_on_device',
    ],
    [
      'before the window, refused for lack of a slot',
      at(0),
      row('failed', 'present', 'no_free_slot'),
      'unset !no_space_for_access_code_on_device',
    ],
    ['at its start, being set', at(60), row('pending', 'present', 'sending'), 'setting'],
    ['in the window, on the lock', at(61), row('active', 'present', null), 'set'],
    ['in the window, being set', at(61), row('pending', 'present', 'awaiting_sync'), 'setting'],
    ['at its end, still on the lock', at(180), row('active', 'present', null), 'set'],
    ['after the window, taken off', at(181), row('pending', 'present', 'outside_window'), 'unset'],
    ['after the window, not yet planned', at(181), row('pending', 'present', 'awaiting_sync'), 'unset'],
    ['deleted before its window', at(0), row('removing', 'absent', 'awaiting_sync'), 'removing'],
  ] as const)('%s', (_label, when, lockRow, expected) => {
    expect(outcome(accessCodeStatus(timeBound, lockRow, when))).toBe(expected);
  });

  it('a one-time code is set until its first use, then unset once it has left the lock', () => {
    const fresh: IntegrationCodeFacts = { ...ongoing, oneTimeUse: true };
    const used: IntegrationCodeFacts = { ...fresh, firstUsedAt: minutes(-1) };
    expect(outcome(accessCodeStatus(fresh, row('active', 'present', null), now))).toBe('set');
    expect(outcome(accessCodeStatus(used, row('active', 'present', null), now))).toBe('set');
    expect(outcome(accessCodeStatus(used, row('pending', 'present', 'outside_window'), now))).toBe('unset');
    expect(outcome(accessCodeStatus(used, row('pending', 'present', 'sending'), now))).toBe('unset');
    // A use recorded for an ordinary code changes nothing (only one-time codes leave at their first use).
    expect(outcome(accessCodeStatus({ ...used, oneTimeUse: false }, row('pending', 'present', null), now))).toBe(
      'setting',
    );
  });

  it.each([
    [ongoing, now, false],
    [{ ...ongoing, startsAt: minutes(1), endsAt: minutes(2) }, now, true],
    [{ ...ongoing, startsAt: now, endsAt: minutes(2) }, now, false],
    [{ ...ongoing, startsAt: minutes(-2), endsAt: now }, now, true],
    [{ ...ongoing, oneTimeUse: true, firstUsedAt: minutes(1) }, now, false],
    [{ ...ongoing, oneTimeUse: true, firstUsedAt: now }, now, true],
  ] as const)('isOutsideWindow(%j) is %s at the boundaries', (code, when, expected) => {
    expect(isOutsideWindow(code, when)).toBe(expected);
  });
});

describe('invariants over every state, intent, reason and kind of code', () => {
  const codes: IntegrationCodeFacts[] = [
    ongoing,
    { ...ongoing, startsAt: minutes(60), endsAt: minutes(120) },
    { ...ongoing, startsAt: minutes(-60), endsAt: minutes(60) },
    { ...ongoing, startsAt: minutes(-120), endsAt: minutes(-60) },
    { ...ongoing, oneTimeUse: true, firstUsedAt: minutes(-5) },
  ];
  const cases = codes.flatMap((code) =>
    LOCK_CODE_STATES.flatMap((state) =>
      (['present', 'absent'] as const).flatMap((intent) => REASONS.map((reason) => ({ code, state, intent, reason }))),
    ),
  );

  it.each(cases)('$state/$intent/$reason', ({ code, state, intent, reason }) => {
    const result = accessCodeStatus(code, row(state, intent, reason), now);
    expect(result.listed).toBe(state !== 'removed');
    if (!result.listed) return;
    const problems = [...result.errors, ...result.warnings];
    // One row, one cause: at most one problem, and only when the lock is not as wanted.
    expect(problems.length).toBeLessThanOrEqual(1);
    if (state === 'active') expect(problems).toEqual([]);
    // Waiting for a window is never a problem; only a failed row is an error.
    if (reason === 'outside_window') expect(problems).toEqual([]);
    if (state !== 'failed') expect(result.errors).toEqual([]);
    expect(result.status === 'removing').toBe(intent === 'absent');
    for (const p of problems) {
      expect(p.createdAt).toBe(since);
      expect(p.message).toContain(reason === null ? 'for an unknown reason' : `(${reason})`);
      expect(p.message).toMatch(/^[A-Z].*\.$/);
    }
  });
});

describe('reasonInWords', () => {
  it('has plain words for every reason, with the reason itself for whoever looks it up', () => {
    for (const reason of SYNC_REASONS) expect(reasonInWords(reason)).toMatch(new RegExp(`^[a-z].* \\(${reason}\\)$`));
    expect(reasonInWords('battery_low')).toBe('the lock reported battery_low');
    expect(reasonInWords(null)).toBe('for an unknown reason');
  });
});
