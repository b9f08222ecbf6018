import { describe, expect, it } from 'vitest';
import { classifyDrift, type DriftRow, hasDrift, type ReadSlot } from './drift.ts';

const row = (id: string, slot: number | null, pin: string, extra: Partial<DriftRow> = {}): DriftRow => ({
  id,
  slot,
  pin,
  believedOnLock: true,
  intent: 'present',
  ...extra,
});

describe('classifyDrift: one believed row against what its slot holds', () => {
  it.each([
    ['the slot holds exactly its PIN', [{ slot: 3, code: '4821' }], 'confirmed'],
    ['the slot is empty', [], 'missing'],
    ['the slot holds another code (reprogrammed at the keypad)', [{ slot: 3, code: '9999' }], 'replaced'],
    ['the slot holds a longer code starting with the PIN', [{ slot: 3, code: '482100' }], 'replaced'],
    ['the lock masks codes and the slot is occupied', [{ slot: 3, code: null }], 'unverifiable'],
    ['its PIN sits in another slot, its own is empty', [{ slot: 4, code: '4821' }], 'missing'],
  ] as [string, ReadSlot[], string][])('%s → %s', (_what, slots, verdict) => {
    const report = classifyDrift([row('a', 3, '4821')], slots);
    expect(report.verdicts.get('a')).toBe(verdict);
    expect(hasDrift(report)).toBe(verdict === 'missing' || verdict === 'replaced');
  });
});

describe('rows that are not judged', () => {
  it.each([
    ['not believed on the lock (still on its way)', row('a', 3, '4821', { believedOnLock: false })],
    ['leaving the lock', row('a', 3, '4821', { intent: 'absent' })],
    ['without a slot', row('a', null, '4821')],
  ])('%s', (_what, r) => {
    const report = classifyDrift([r], []);
    expect(report.verdicts.size).toBe(0);
    expect(report.wiped).toBe(false);
    expect(hasDrift(report)).toBe(false);
  });
});

describe('a whole lock', () => {
  const rows = [row('a', 1, '1357'), row('b', 2, '2468'), row('c', 3, '3579')];

  it('a wiped lock: every believed code missing', () => {
    const report = classifyDrift(rows, []);
    expect(report.missing).toEqual(['a', 'b', 'c']);
    expect(report.wiped).toBe(true);
  });

  it('a masked read of a wiped lock still proves the wipe (empty slots)', () => {
    const report = classifyDrift(rows, [{ slot: 9, code: null }]);
    expect(report.wiped).toBe(true);
    expect(report.unmanagedSlots).toEqual([9]);
  });

  it('one code lost and one replaced: drift, not a wipe', () => {
    const report = classifyDrift(rows, [
      { slot: 1, code: '1357' },
      { slot: 3, code: '0000' },
    ]);
    expect(report).toMatchObject({ confirmed: ['a'], missing: ['b'], replaced: ['c'], wiped: false });
  });

  it('a lock Keyway believed empty is never wiped', () => {
    expect(classifyDrift([], []).wiped).toBe(false);
  });

  it('masked occupied slots are unverifiable, not confirmed', () => {
    const report = classifyDrift(rows, [
      { slot: 1, code: null },
      { slot: 2, code: null },
      { slot: 3, code: null },
    ]);
    expect(report.unverifiable).toEqual(['a', 'b', 'c']);
    expect(report.confirmed).toEqual([]);
    expect(hasDrift(report)).toBe(false);
  });

  it('occupied slots no row claims are unmanaged, whatever the rows are doing', () => {
    const waiting = row('d', 5, '8642', { believedOnLock: false });
    const report = classifyDrift(
      [...rows, waiting],
      [
        { slot: 1, code: '1357' },
        { slot: 2, code: '2468' },
        { slot: 3, code: '3579' },
        { slot: 5, code: '1111' },
        { slot: 12, code: '7777' },
        { slot: 8, code: null },
      ],
    );
    expect(report.unmanagedSlots).toEqual([8, 12]);
    expect(hasDrift(report)).toBe(false);
  });
});
