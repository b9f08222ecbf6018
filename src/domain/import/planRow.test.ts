import { describe, expect, it } from 'vitest';
import { type ExistingResident, lastDayBefore, planRow } from './planRow.ts';
import type { ImportRow } from './residentRows.ts';

const TODAY = '2026-06-15';
const row = (over: Partial<ImportRow> = {}): ImportRow => ({
  line: 2,
  unit: '101',
  name: 'Ann Lee',
  email: 'ann@example.test',
  phone: '+13035550100',
  leaseStart: '2026-01-01',
  leaseEnd: '2026-12-31',
  ...over,
});
const resident = (
  over: Partial<ExistingResident['residency'] & object> = {},
  person: Partial<ExistingResident> = {},
) => ({
  kind: 'resident' as const,
  resident: {
    personId: 'p1',
    name: 'Ann Lee',
    phone: '+13035550100',
    residency: {
      id: 'r1',
      unit: '101',
      moveIn: '2026-01-01',
      moveOut: '2026-12-31',
      accessState: 'current' as const,
      ...over,
    },
    ...person,
  },
});
const actionOf = (plan: ReturnType<typeof planRow>) => ('code' in plan ? plan.code : plan.action);

describe('planRow', () => {
  it.each([
    ['unknown email, lease running', row(), { kind: 'nobody' as const }, 'create'],
    [
      'unknown email, lease in the future',
      row({ leaseStart: '2026-12-01', leaseEnd: null }),
      { kind: 'nobody' as const },
      'create',
    ],
    [
      'unknown email, lease over',
      row({ leaseStart: '2025-01-01', leaseEnd: '2026-05-31' }),
      { kind: 'nobody' as const },
      'lease_ended',
    ],
    ['someone else’s email', row(), { kind: 'other' as const }, 'email_in_use'],
    ['same everything', row(), resident(), 'unchanged'],
    ['no phone in the file keeps the stored one', row({ phone: null }), resident(), 'unchanged'],
    ['lease extended', row({ leaseEnd: '2027-12-31' }), resident(), 'update'],
    ['name changed', row({ name: 'Ann Lee-Park' }), resident(), 'update'],
    ['other unit', row({ unit: '102' }), resident(), 'update'],
    ['lease over while living here', row({ leaseEnd: '2026-06-01' }), resident(), 'move_out'],
    [
      'lease over, already moved out on that day',
      row({ leaseEnd: '2026-06-01' }),
      resident({ moveOut: '2026-06-01', accessState: 'ended' }),
      'unchanged',
    ],
    [
      'lease over, moved out earlier by hand: history is not rewritten',
      row({ leaseEnd: '2026-06-01' }),
      resident({ moveOut: '2026-05-01', accessState: 'ended' }),
      'unchanged',
    ],
    [
      'moved out, the file still has the old running lease',
      row(),
      resident({ moveOut: '2026-05-01', accessState: 'ended' }),
      'unchanged',
    ],
    [
      'moved out, back with a new lease',
      row({ leaseStart: '2026-06-10', leaseEnd: null }),
      resident({ moveOut: '2026-05-01', accessState: 'ended' }),
      'update',
    ],
    [
      'moved out, back in another unit',
      row({ unit: '102', leaseStart: '2026-06-10' }),
      resident({ moveOut: '2026-05-01', accessState: 'ended' }),
      'update',
    ],
    [
      'lease over in another unit than the one they live in',
      row({ unit: '102', leaseEnd: '2026-06-01' }),
      resident(),
      'lease_ended',
    ],
    [
      'a resident without any lease gets one',
      row(),
      { kind: 'resident' as const, resident: { personId: 'p', name: 'Ann Lee', phone: null, residency: null } },
      'update',
    ],
    [
      'ended yesterday: move-out day counts as living there until it is over',
      row({ leaseEnd: '2026-06-14' }),
      resident({ moveOut: null }),
      'move_out',
    ],
    ['ends today: still lives here', row({ leaseEnd: TODAY }), resident(), 'update'],
  ])('%s → %s', (_name, r, owner, expected) => {
    expect(actionOf(planRow(r, owner, TODAY))).toBe(expected);
  });

  it('lists what changed', () => {
    const plan = planRow(row({ name: 'X', phone: '+13035550199', leaseStart: '2026-02-01' }), resident(), TODAY);
    expect(plan).toMatchObject({ action: 'update', changes: ['name', 'phone', 'lease_start'] });
  });
});

describe('lastDayBefore', () => {
  it.each([
    ['2026-01-01', null, '2026-07-01', '2026-06-30'],
    ['2026-01-01', '2026-03-31', '2026-07-01', '2026-03-31'],
    ['2026-01-01', null, '2026-01-01', '2026-01-01'],
    ['2026-01-01', null, '2026-03-01', '2026-02-28'],
  ])('old lease %s–%s, new from %s → old ends %s', (moveIn, moveOut, start, end) => {
    expect(lastDayBefore(moveIn, moveOut, start)).toBe(end);
  });
});
