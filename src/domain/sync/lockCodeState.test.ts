import { describe, expect, it } from 'vitest';
import type {
  FailureReason,
  LockCodeEvent,
  LockCodeIntent,
  LockCodeState,
  LockCodeStatus,
  SyncReason,
} from './lockCodeState.ts';
import {
  initialStatus,
  isTerminal,
  LOCK_CODE_STATES,
  ON_CHANGE_REQUESTED,
  ON_HUB_OFFLINE_WHILE_SENDING,
  ON_REMOVAL_REQUESTED,
  REACHABLE,
  SYNC_REASONS,
  transition,
} from './lockCodeState.ts';

const NOT_FAILURES: readonly SyncReason[] = ['awaiting_sync', 'sending', 'outside_window', 'drift'];
const FAILURE_REASONS = SYNC_REASONS.filter((r): r is FailureReason => !NOT_FAILURES.includes(r));
const INTENTS: readonly LockCodeIntent[] = ['present', 'absent'];

/** 'state/reason/intent', reason '-' for null, R for the failure reason of the event under test. */
function status(text: string, failureReason?: FailureReason): LockCodeStatus {
  const [state, reason, intent] = text.split('/');
  return {
    state: state as LockCodeState,
    reason: reason === '-' ? null : reason === 'R' ? (failureReason ?? null) : (reason as SyncReason),
    intent: intent as LockCodeIntent,
  };
}

type Column = Exclude<LockCodeEvent['type'], 'failed'> | 'failed(retry)' | 'failed(final)';

/**
 * Every (state × intent) — the six reachable pairs and the four that never arise — against every event.
 * 'same' means the very same object comes back. The starting reason is arbitrary; a separate test shows
 * it never matters.
 */
const TABLE: Record<string, { from: string } & Record<Column, string>> = {
  'pending/present': {
    from: 'pending/timeout/present',
    change_requested: 'pending/awaiting_sync/present',
    removal_requested: 'removing/awaiting_sync/absent',
    outside_window: 'pending/outside_window/present',
    drift_found: 'pending/drift/present',
    command_sent: 'pending/sending/present',
    confirmed: 'active/-/present',
    already_satisfied: 'active/-/present',
    'failed(retry)': 'pending/R/present',
    'failed(final)': 'failed/R/present',
    hub_offline: 'pending/hub_offline/present',
    awaiting_phone: 'pending/awaiting_phone/present',
  },
  'active/present': {
    from: 'active/-/present',
    change_requested: 'pending/awaiting_sync/present',
    removal_requested: 'removing/awaiting_sync/absent',
    outside_window: 'pending/outside_window/present',
    drift_found: 'pending/drift/present',
    command_sent: 'same',
    confirmed: 'same',
    already_satisfied: 'same',
    'failed(retry)': 'same',
    'failed(final)': 'same',
    hub_offline: 'same',
    awaiting_phone: 'same',
  },
  'failed/present': {
    from: 'failed/rejected_by_lock/present',
    change_requested: 'pending/awaiting_sync/present',
    removal_requested: 'removing/awaiting_sync/absent',
    outside_window: 'pending/outside_window/present',
    drift_found: 'pending/drift/present',
    command_sent: 'pending/sending/present',
    confirmed: 'active/-/present',
    already_satisfied: 'active/-/present',
    'failed(retry)': 'pending/R/present',
    'failed(final)': 'failed/R/present',
    hub_offline: 'pending/hub_offline/present',
    awaiting_phone: 'pending/awaiting_phone/present',
  },
  'removing/absent': {
    from: 'removing/sending/absent',
    change_requested: 'pending/awaiting_sync/present',
    removal_requested: 'removing/awaiting_sync/absent',
    outside_window: 'same',
    drift_found: 'same',
    command_sent: 'removing/sending/absent',
    confirmed: 'removed/-/absent',
    already_satisfied: 'removed/-/absent',
    'failed(retry)': 'removing/R/absent',
    'failed(final)': 'failed/R/absent',
    hub_offline: 'removing/hub_offline/absent',
    awaiting_phone: 'removing/awaiting_phone/absent',
  },
  'removed/absent': {
    from: 'removed/-/absent',
    change_requested: 'pending/awaiting_sync/present',
    removal_requested: 'same',
    outside_window: 'same',
    drift_found: 'same',
    command_sent: 'same',
    confirmed: 'same',
    already_satisfied: 'same',
    'failed(retry)': 'same',
    'failed(final)': 'same',
    hub_offline: 'same',
    awaiting_phone: 'same',
  },
  'failed/absent': {
    from: 'failed/timeout/absent',
    change_requested: 'pending/awaiting_sync/present',
    removal_requested: 'removing/awaiting_sync/absent',
    outside_window: 'same',
    drift_found: 'same',
    command_sent: 'removing/sending/absent',
    confirmed: 'removed/-/absent',
    already_satisfied: 'removed/-/absent',
    'failed(retry)': 'removing/R/absent',
    'failed(final)': 'failed/R/absent',
    hub_offline: 'removing/hub_offline/absent',
    awaiting_phone: 'removing/awaiting_phone/absent',
  },
  // Never produced by transition; handled by the same rules, the intent deciding where work goes.
  'pending/absent': {
    from: 'pending/awaiting_sync/absent',
    change_requested: 'pending/awaiting_sync/present',
    removal_requested: 'removing/awaiting_sync/absent',
    outside_window: 'same',
    drift_found: 'same',
    command_sent: 'removing/sending/absent',
    confirmed: 'removed/-/absent',
    already_satisfied: 'removed/-/absent',
    'failed(retry)': 'removing/R/absent',
    'failed(final)': 'failed/R/absent',
    hub_offline: 'removing/hub_offline/absent',
    awaiting_phone: 'removing/awaiting_phone/absent',
  },
  'removing/present': {
    from: 'removing/hub_offline/present',
    change_requested: 'pending/awaiting_sync/present',
    removal_requested: 'removing/awaiting_sync/absent',
    outside_window: 'pending/outside_window/present',
    drift_found: 'pending/drift/present',
    command_sent: 'pending/sending/present',
    confirmed: 'active/-/present',
    already_satisfied: 'active/-/present',
    'failed(retry)': 'pending/R/present',
    'failed(final)': 'failed/R/present',
    hub_offline: 'pending/hub_offline/present',
    awaiting_phone: 'pending/awaiting_phone/present',
  },
  'active/absent': {
    from: 'active/-/absent',
    change_requested: 'pending/awaiting_sync/present',
    removal_requested: 'removing/awaiting_sync/absent',
    outside_window: 'same',
    drift_found: 'same',
    command_sent: 'same',
    confirmed: 'same',
    already_satisfied: 'same',
    'failed(retry)': 'same',
    'failed(final)': 'same',
    hub_offline: 'same',
    awaiting_phone: 'same',
  },
  'removed/present': {
    from: 'removed/-/present',
    change_requested: 'pending/awaiting_sync/present',
    removal_requested: 'same',
    outside_window: 'pending/outside_window/present',
    drift_found: 'pending/drift/present',
    command_sent: 'same',
    confirmed: 'same',
    already_satisfied: 'same',
    'failed(retry)': 'same',
    'failed(final)': 'same',
    hub_offline: 'same',
    awaiting_phone: 'same',
  },
};

/** Every event, with `failed` expanded over every failure reason and both finalities. */
function eventsOf(column: Column): { label: string; event: LockCodeEvent; reason?: FailureReason }[] {
  if (column === 'failed(retry)' || column === 'failed(final)') {
    const final = column === 'failed(final)';
    return FAILURE_REASONS.map((reason) => ({
      label: `failed(${reason}, final=${final})`,
      event: { type: 'failed', reason, final },
      reason,
    }));
  }
  return [{ label: column, event: { type: column } }];
}

const COLUMNS: readonly Column[] = [
  'change_requested',
  'removal_requested',
  'outside_window',
  'drift_found',
  'command_sent',
  'confirmed',
  'already_satisfied',
  'failed(retry)',
  'failed(final)',
  'hub_offline',
  'awaiting_phone',
];

const ALL_EVENTS = COLUMNS.flatMap(eventsOf);

const CASES = Object.values(TABLE).flatMap((row) =>
  COLUMNS.flatMap((column) =>
    eventsOf(column).map(({ label, event, reason }) => ({
      from: row.from,
      label,
      event,
      expected: row[column],
      reason,
    })),
  ),
);

describe('transition', () => {
  it('the table covers every state × intent pair', () => {
    const pairs = LOCK_CODE_STATES.flatMap((s) => INTENTS.map((i) => `${s}/${i}`));
    expect(Object.keys(TABLE).sort()).toEqual(pairs.sort());
    for (const [key, row] of Object.entries(TABLE)) {
      const { state, intent } = status(row.from);
      expect(`${state}/${intent}`).toBe(key);
    }
  });

  it.each(CASES)('$from + $label → $expected', ({ from, event, expected, reason }) => {
    const start = status(from);
    const result = transition(start, event);
    if (expected === 'same') expect(result).toBe(start);
    else expect(result).toEqual(status(expected, reason));
  });

  it('never mutates its input', () => {
    for (const { from, event } of CASES) {
      const start = Object.freeze(status(from));
      expect(() => transition(start, event)).not.toThrow();
    }
  });
});

describe('whatever the starting reason', () => {
  const REASONS: (SyncReason | null)[] = [null, ...SYNC_REASONS];

  it('the result is the same (apart from unchanged statuses keeping theirs)', () => {
    for (const [state, intent] of LOCK_CODE_STATES.flatMap((s) => INTENTS.map((i) => [s, i] as const))) {
      for (const { event } of ALL_EVENTS) {
        const reference = transition({ state, reason: null, intent }, event);
        for (const reason of REASONS) {
          const start: LockCodeStatus = { state, reason, intent };
          const result = transition(start, event);
          if (result === start) expect(reference.state === state && reference.intent === intent).toBe(true);
          else expect(result).toEqual(reference);
        }
      }
    }
  });

  it('the reachable pairs are closed under every event', () => {
    const reachable = new Set(REACHABLE.map(([s, i]) => `${s}/${i}`));
    for (const [state, intent] of REACHABLE) {
      for (const reason of REASONS) {
        for (const { event } of ALL_EVENTS) {
          const result = transition({ state, reason, intent }, event);
          expect(reachable.has(`${result.state}/${result.intent}`)).toBe(true);
        }
      }
    }
  });

  it('terminal statuses only move on a new wish (the schedule saying "not now" is one) or the lock contradicting it', () => {
    for (const [state, intent] of REACHABLE) {
      for (const reason of REASONS) {
        const start: LockCodeStatus = { state, reason, intent };
        if (!isTerminal(start)) continue;
        for (const { event } of ALL_EVENTS) {
          const moved = transition(start, event) !== start;
          const wish =
            event.type === 'change_requested' ||
            event.type === 'removal_requested' ||
            event.type === 'outside_window' ||
            event.type === 'drift_found';
          if (moved) expect(wish).toBe(true);
        }
      }
    }
  });
});

describe('bulk transitions the store applies with one UPDATE', () => {
  const everyStatus = LOCK_CODE_STATES.flatMap((state) =>
    INTENTS.flatMap((intent) => [null, ...SYNC_REASONS].map((reason) => ({ state, reason, intent }) as LockCodeStatus)),
  );
  it.each([
    ['change_requested', ON_CHANGE_REQUESTED],
    ['removal_requested', ON_REMOVAL_REQUESTED],
  ] as const)('%s: every row it selects lands in its status; the rows it leaves out do not move', (type, bulk) => {
    for (const from of everyStatus) {
      const to = transition(from, { type });
      if (bulk.rowsIn.includes(from.state)) expect(to, JSON.stringify(from)).toEqual(bulk.status);
      else expect(to, JSON.stringify(from)).toBe(from);
    }
  });

  it('hub offline: every row it selects (waiting on a sent command) waits for the hub, keeping state and intent', () => {
    const selected = everyStatus.filter(
      (s) =>
        REACHABLE.some(([state, intent]) => s.state === state && s.intent === intent) &&
        ON_HUB_OFFLINE_WHILE_SENDING.rowsIn.includes(s.state) &&
        s.reason === ON_HUB_OFFLINE_WHILE_SENDING.whereReason,
    );
    expect(selected.length).toBeGreaterThan(0);
    for (const from of selected) {
      expect(transition(from, { type: 'hub_offline' })).toEqual({
        ...from,
        reason: ON_HUB_OFFLINE_WHILE_SENDING.reason,
      });
    }
  });
});

describe('drift', () => {
  const run = (events: LockCodeEvent[], from = initialStatus('present')) => events.reduce(transition, from);

  it('an active code the lock lost goes back to pending, is re-sent and confirmed again', () => {
    const active = run([{ type: 'command_sent' }, { type: 'confirmed' }]);
    const drifted = run([{ type: 'drift_found' }], active);
    expect(drifted).toEqual(status('pending/drift/present'));
    expect(run([{ type: 'drift_found' }], drifted)).toEqual(drifted);
    expect(run([{ type: 'command_sent' }], drifted)).toEqual(status('pending/sending/present'));
    expect(run([{ type: 'command_sent' }, { type: 'confirmed' }], drifted)).toEqual(status('active/-/present'));
  });

  it('a code being removed, or removed, does not come back because the lock lacks it', () => {
    const removing = run([{ type: 'removal_requested' }]);
    expect(run([{ type: 'drift_found' }], removing)).toBe(removing);
    const removed = run([{ type: 'command_sent' }, { type: 'confirmed' }], removing);
    expect(run([{ type: 'drift_found' }], removed)).toBe(removed);
  });

  it('a later failure while repairing keeps the row working on the add', () => {
    const drifted = run([{ type: 'command_sent' }, { type: 'confirmed' }, { type: 'drift_found' }]);
    expect(run([{ type: 'command_sent' }, { type: 'failed', reason: 'timeout', final: false }], drifted)).toEqual(
      status('pending/timeout/present'),
    );
  });
});

describe('isTerminal', () => {
  it.each([
    ['pending', false],
    ['active', true],
    ['failed', false],
    ['removing', false],
    ['removed', true],
  ] as const)('%s → %s', (state, expected) => {
    for (const intent of INTENTS) expect(isTerminal({ state, reason: null, intent })).toBe(expected);
  });
});

describe('initialStatus', () => {
  it.each([
    ['present', 'pending/awaiting_sync/present'],
    ['absent', 'removing/awaiting_sync/absent'],
  ] as const)('%s → %s', (intent, expected) => {
    expect(initialStatus(intent)).toEqual(status(expected));
  });
});

describe('stories', () => {
  const run = (events: LockCodeEvent[], from = initialStatus('present')) => events.reduce(transition, from);

  it('add, a timeout, a retry, then the confirmation: active', () => {
    expect(
      run([
        { type: 'command_sent' },
        { type: 'failed', reason: 'timeout', final: false },
        { type: 'command_sent' },
        { type: 'confirmed' },
      ]),
    ).toEqual(status('active/-/present'));
  });

  it('a duplicated confirmation and a stale failure after it change nothing', () => {
    const active = run([{ type: 'command_sent' }, { type: 'confirmed' }]);
    expect(run([{ type: 'confirmed' }, { type: 'failed', reason: 'timeout', final: true }], active)).toBe(active);
  });

  it('a removal that fails for good remembers it was a removal, so its retry and confirmation go to removed', () => {
    const failed = run([
      { type: 'removal_requested' },
      { type: 'command_sent' },
      { type: 'failed', reason: 'lock_unreachable', final: true },
    ]);
    expect(failed).toEqual(status('failed/lock_unreachable/absent'));
    expect(run([{ type: 'command_sent' }], failed)).toEqual(status('removing/sending/absent'));
    expect(run([{ type: 'command_sent' }, { type: 'confirmed' }], failed)).toEqual(status('removed/-/absent'));
  });

  it('a change while removing turns back to pending; a removal of a removed code stays put', () => {
    const removing = run([{ type: 'removal_requested' }, { type: 'command_sent' }]);
    expect(run([{ type: 'change_requested' }], removing)).toEqual(status('pending/awaiting_sync/present'));
    const removed = run([{ type: 'confirmed' }], removing);
    expect(run([{ type: 'removal_requested' }], removed)).toBe(removed);
  });

  it('a guest code between its windows: off the lock, it waits outside_window; its next window puts it back', () => {
    const active = run([{ type: 'command_sent' }, { type: 'confirmed' }]);
    // The window closes: the clear's result reports progress only, so the row stays active until the plan says so.
    expect(run([{ type: 'command_sent' }], active)).toBe(active);
    const waiting = run([{ type: 'outside_window' }], active);
    expect(waiting).toEqual(status('pending/outside_window/present'));
    expect(run([{ type: 'outside_window' }], waiting)).toEqual(waiting);
    expect(run([{ type: 'command_sent' }, { type: 'confirmed' }], waiting)).toEqual(status('active/-/present'));
  });

  it('a failed add whose window closed waits for the next window instead of staying failed', () => {
    const failed = run([{ type: 'command_sent' }, { type: 'failed', reason: 'no_free_slot', final: true }]);
    expect(run([{ type: 'outside_window' }], failed)).toEqual(status('pending/outside_window/present'));
  });

  it('a code being removed, or removed, stays a removal outside its window', () => {
    const removing = run([{ type: 'removal_requested' }, { type: 'command_sent' }]);
    expect(run([{ type: 'outside_window' }], removing)).toBe(removing);
    const removed = run([{ type: 'confirmed' }], removing);
    expect(run([{ type: 'outside_window' }], removed)).toBe(removed);
    const waiting = run([{ type: 'outside_window' }]);
    expect(run([{ type: 'removal_requested' }], waiting)).toEqual(status('removing/awaiting_sync/absent'));
  });
});
