import { describe, expect, it } from 'vitest';
import type { InFlightCommand, LockFacts, LockPlan, ReportedSlot, WantedCode } from './lockPlan.ts';
import { planLock } from './lockPlan.ts';

/** A stand-in for the keyed fingerprint: equal codes, equal prints; never the code itself. */
const print = (code: string) => `fp(${code})`;

/** A credential wanted on the lock; defaults: version 1, present, no slot, nothing confirmed. */
function want(
  accessCodeId: string,
  pin: string,
  rest: Partial<Omit<WantedCode, 'accessCodeId' | 'pin' | 'fp' | 'length'>> = {},
): WantedCode {
  return {
    accessCodeId,
    length: pin.length,
    fp: print(pin),
    pin: () => pin,
    version: 1,
    present: true,
    slot: null,
    reportedVersion: null,
    ...rest,
  };
}

function facts(reported: ReportedSlot[] | null, slotCount = 4, codeLengths = [4, 6]): LockFacts {
  return { slotCount, codeLengths, reported, fingerprint: print };
}

const set = (accessCodeId: string, slot: number, code: string, version = 1) =>
  ({ type: 'set_code', accessCodeId, version, slot, code }) as const;
const clear = (accessCodeId: string, slot: number, version = 1) =>
  ({ type: 'clear_slot', accessCodeId, version, slot }) as const;
const setting = (accessCodeId: string | null, slot: number, version: number | null = 1): InFlightCommand => ({
  type: 'set_code',
  accessCodeId,
  slot,
  version,
});
const clearing = (accessCodeId: string | null, slot: number, version: number | null = 1): InFlightCommand => ({
  type: 'clear_slot',
  accessCodeId,
  slot,
  version,
});

function plan(partial: Partial<LockPlan> = {}): LockPlan {
  return { commands: [], failures: [], satisfied: [], unmanagedSlots: [], ...partial };
}

interface Case {
  name: string;
  facts: LockFacts;
  wanted: WantedCode[];
  inFlight?: InFlightCommand[];
  expected: LockPlan;
}

const PRESENT: Case[] = [
  {
    name: 'a new code on an empty lock goes to slot 1',
    facts: facts([]),
    wanted: [want('a', '4821')],
    expected: plan({ commands: [set('a', 1, '4821')] }),
  },
  {
    name: 'with no inventory yet, free means unclaimed',
    facts: facts(null),
    wanted: [want('a', '4821')],
    expected: plan({ commands: [set('a', 1, '4821')] }),
  },
  {
    name: 'two new codes in one plan never share a slot; lowest first, in input order',
    facts: facts([]),
    wanted: [want('b', '4821'), want('a', '739105')],
    expected: plan({ commands: [set('b', 1, '4821'), set('a', 2, '739105')] }),
  },
  {
    name: 'not free: claimed by a code awaiting clearing, unmanaged, or targeted by an in-flight command',
    facts: facts(
      [
        { slot: 1, code: '1111' },
        { slot: 3, code: null },
      ],
      6,
    ),
    wanted: [want('gone', '9999', { present: false, slot: 2, reportedVersion: 1 }), want('a', '4821')],
    inFlight: [clearing(null, 4, null), setting('other', 5)],
    expected: plan({
      commands: [clear('gone', 2), set('a', 6, '4821')],
      unmanagedSlots: [
        { slot: 1, code: '1111' },
        { slot: 3, code: null },
      ],
    }),
  },
  {
    name: 'confirmed at this version, no inventory: satisfied',
    facts: facts(null),
    wanted: [want('a', '4821', { slot: 3, reportedVersion: 1 })],
    expected: plan({ satisfied: ['a'] }),
  },
  {
    name: 'confirmed and the inventory shows the PIN in its slot: satisfied',
    facts: facts([{ slot: 3, code: '4821' }]),
    wanted: [want('a', '4821', { slot: 3, reportedVersion: 1 })],
    expected: plan({ satisfied: ['a'] }),
  },
  {
    name: 'confirmed and the lock masks codes: an occupied slot is enough',
    facts: facts([{ slot: 3, code: null }]),
    wanted: [want('a', '4821', { slot: 3, reportedVersion: 1 })],
    expected: plan({ satisfied: ['a'] }),
  },
  {
    name: 'satisfied even if the lock no longer takes its length: it is there already',
    facts: facts([{ slot: 3, code: '48213' }], 4, [4]),
    wanted: [want('a', '48213', { slot: 3, reportedVersion: 1 })],
    expected: plan({ satisfied: ['a'] }),
  },
  {
    name: 'drift: confirmed, but the inventory shows the slot empty → set again',
    facts: facts([]),
    wanted: [want('a', '4821', { slot: 3, reportedVersion: 1 })],
    expected: plan({ commands: [set('a', 3, '4821')] }),
  },
  {
    name: 'drift: confirmed, but the slot holds another code → overwrite (the slot is ours)',
    facts: facts([{ slot: 3, code: '5555' }]),
    wanted: [want('a', '4821', { slot: 3, reportedVersion: 1 })],
    expected: plan({ commands: [set('a', 3, '4821')] }),
  },
  {
    name: 'a new version overwrites the holder’s own slot in one command (make-before-break)',
    facts: facts([{ slot: 2, code: '4821' }]),
    wanted: [want('a', '739105', { version: 2, slot: 2, reportedVersion: 1 })],
    expected: plan({ commands: [set('a', 2, '739105', 2)] }),
  },
  {
    name: 'an own slot needs no free one, even on a full lock',
    facts: facts(
      [
        { slot: 1, code: '1111' },
        { slot: 2, code: '4821' },
      ],
      2,
    ),
    wanted: [want('a', '739105', { version: 2, slot: 2, reportedVersion: 1 })],
    expected: plan({ commands: [set('a', 2, '739105', 2)], unmanagedSlots: [{ slot: 1, code: '1111' }] }),
  },
  {
    name: 'assigned a slot but never confirmed → set into it',
    facts: facts(null),
    wanted: [want('a', '4821', { slot: 4 })],
    expected: plan({ commands: [set('a', 4, '4821')] }),
  },
  {
    name: 'a set_code for this version in flight → nothing, not even satisfied',
    facts: facts([]),
    wanted: [want('a', '4821', { version: 2, slot: 1 }), want('b', '739105')],
    inFlight: [setting('a', 1, 2), setting('b', 2, 1)],
    expected: plan(),
  },
  {
    name: 'a set_code for an older version in flight → the new version goes after it',
    facts: facts([]),
    wanted: [want('a', '739105', { version: 3, slot: 1 })],
    inFlight: [setting('a', 1, 2)],
    expected: plan({ commands: [set('a', 1, '739105', 3)] }),
  },
  {
    name: 'confirmed, but a clear for its slot is in flight (briefly unwanted) → set again behind it',
    facts: facts([{ slot: 1, code: '4821' }]),
    wanted: [want('a', '4821', { slot: 1, reportedVersion: 1 })],
    inFlight: [clearing('a', 1)],
    expected: plan({ commands: [set('a', 1, '4821')] }),
  },
  {
    name: 'a length the lock does not take → failure, no command',
    facts: facts([], 4, [4]),
    wanted: [want('a', '739105'), want('b', '48213', { version: 2, slot: 1, reportedVersion: 1 })],
    expected: plan({
      failures: [
        { accessCodeId: 'a', reason: 'length_not_supported' },
        { accessCodeId: 'b', reason: 'length_not_supported' },
      ],
    }),
  },
  {
    name: 'equal to, prefix of, or extending a readable foreign code → duplicate_on_lock',
    facts: facts(
      [
        { slot: 1, code: '4821' },
        { slot: 2, code: '7391' },
        { slot: 3, code: '123456' },
      ],
      8,
    ),
    wanted: [want('eq', '4821'), want('ext', '739105'), want('pre', '1234'), want('ok', '1235'), want('ok6', '482011')],
    expected: plan({
      commands: [set('ok', 4, '1235'), set('ok6', 5, '482011')],
      failures: [
        { accessCodeId: 'eq', reason: 'duplicate_on_lock' },
        { accessCodeId: 'ext', reason: 'duplicate_on_lock' },
        { accessCodeId: 'pre', reason: 'duplicate_on_lock' },
      ],
      unmanagedSlots: [
        { slot: 1, code: '4821' },
        { slot: 2, code: '7391' },
        { slot: 3, code: '123456' },
      ],
    }),
  },
  {
    name: 'a new version clashing with a foreign code fails and leaves the old PIN in its slot',
    facts: facts([
      { slot: 1, code: '4821' },
      { slot: 2, code: '1111' },
    ]),
    wanted: [want('a', '111122', { version: 2, slot: 1, reportedVersion: 1 })],
    expected: plan({
      failures: [{ accessCodeId: 'a', reason: 'duplicate_on_lock' }],
      unmanagedSlots: [{ slot: 2, code: '1111' }],
    }),
  },
  {
    name: 'masked foreign codes cannot be compared: the lock will say',
    facts: facts([{ slot: 1, code: null }]),
    wanted: [want('a', '4821')],
    expected: plan({ commands: [set('a', 2, '4821')], unmanagedSlots: [{ slot: 1, code: null }] }),
  },
  {
    name: 'a foreign-looking code in a claimed slot is ours to overwrite, not a duplicate',
    facts: facts([{ slot: 1, code: '4821' }]),
    wanted: [want('a', '4821', { version: 2, slot: 1, reportedVersion: 1 })],
    expected: plan({ commands: [set('a', 1, '4821', 2)] }),
  },
  {
    name: 'a full lock → no_free_slot; the next code fails the same way',
    facts: facts(
      [
        { slot: 1, code: '1111' },
        { slot: 2, code: '5555' },
      ],
      2,
    ),
    wanted: [want('x', '5555', { slot: 2, reportedVersion: 1 }), want('a', '4821'), want('b', '7391')],
    expected: plan({
      satisfied: ['x'],
      failures: [
        { accessCodeId: 'a', reason: 'no_free_slot' },
        { accessCodeId: 'b', reason: 'no_free_slot' },
      ],
      unmanagedSlots: [{ slot: 1, code: '1111' }],
    }),
  },
  {
    name: 'a lock with no slots',
    facts: facts([], 0),
    wanted: [want('a', '4821')],
    expected: plan({ failures: [{ accessCodeId: 'a', reason: 'no_free_slot' }] }),
  },
  {
    name: 'failure precedence: length, then duplicate, then slot',
    facts: facts([{ slot: 1, code: '48' }], 1, [4]),
    wanted: [want('len', '482113'), want('dup', '4821'), want('slot', '7391')],
    expected: plan({
      failures: [
        { accessCodeId: 'len', reason: 'length_not_supported' },
        { accessCodeId: 'dup', reason: 'duplicate_on_lock' },
        { accessCodeId: 'slot', reason: 'no_free_slot' },
      ],
      unmanagedSlots: [{ slot: 1, code: '48' }],
    }),
  },
];

const ABSENT: Case[] = [
  {
    name: 'never placed (no slot) → satisfied',
    facts: facts([]),
    wanted: [want('a', '4821', { present: false })],
    expected: plan({ satisfied: ['a'] }),
  },
  {
    name: 'confirmed on the lock → clear its slot',
    facts: facts([{ slot: 2, code: '4821' }]),
    wanted: [want('a', '4821', { present: false, slot: 2, reportedVersion: 1 })],
    expected: plan({ commands: [clear('a', 2)] }),
  },
  {
    name: 'confirmed, no inventory → clear',
    facts: facts(null),
    wanted: [want('a', '4821', { present: false, version: 3, slot: 2, reportedVersion: 2 })],
    expected: plan({ commands: [clear('a', 2, 3)] }),
  },
  {
    name: 'confirmed, even if the inventory shows the slot empty → clear (it may be stale)',
    facts: facts([]),
    wanted: [want('a', '4821', { present: false, slot: 2, reportedVersion: 1 })],
    expected: plan({ commands: [clear('a', 2)] }),
  },
  {
    name: 'nothing confirmed, but the inventory shows its slot occupied → clear',
    facts: facts([{ slot: 2, code: null }]),
    wanted: [want('a', '4821', { present: false, slot: 2 })],
    expected: plan({ commands: [clear('a', 2)] }),
  },
  {
    name: 'nothing confirmed and the slot is empty → satisfied',
    facts: facts([{ slot: 1, code: '1111' }]),
    wanted: [want('a', '4821', { present: false, slot: 2 })],
    expected: plan({ satisfied: ['a'], unmanagedSlots: [{ slot: 1, code: '1111' }] }),
  },
  {
    name: 'nothing confirmed, no inventory → satisfied',
    facts: facts(null),
    wanted: [want('a', '4821', { present: false, slot: 2 })],
    expected: plan({ satisfied: ['a'] }),
  },
  {
    name: 'its set_code timed out (it may have landed after the last inventory) → clear, or it stays on the door',
    facts: facts([]),
    wanted: [want('a', '4821', { present: false, slot: 2, unanswered: true })],
    expected: plan({ commands: [clear('a', 2)] }),
  },
  {
    name: 'a clear for its slot in flight → nothing',
    facts: facts([{ slot: 2, code: '4821' }]),
    wanted: [want('a', '4821', { present: false, slot: 2, reportedVersion: 1 })],
    inFlight: [clearing('a', 2)],
    expected: plan(),
  },
  {
    name: 'revoked while its set_code is in flight → clear behind it, or the code would stay on the door',
    facts: facts([]),
    wanted: [want('a', '4821', { present: false, slot: 2 })],
    inFlight: [setting('a', 2)],
    expected: plan({ commands: [clear('a', 2)] }),
  },
  {
    name: 'an absent code never fails on length or duplicates',
    facts: facts([{ slot: 1, code: '4821' }], 2, [6]),
    wanted: [want('a', '4821', { present: false, slot: 2, reportedVersion: 1 })],
    expected: plan({ commands: [clear('a', 2)], unmanagedSlots: [{ slot: 1, code: '4821' }] }),
  },
  {
    name: 'its slot stays claimed while it waits to be cleared',
    facts: facts([{ slot: 1, code: '4821' }], 1),
    wanted: [want('a', '4821', { present: false, slot: 1, reportedVersion: 1 }), want('b', '7391')],
    expected: plan({ commands: [clear('a', 1)], failures: [{ accessCodeId: 'b', reason: 'no_free_slot' }] }),
  },
];

const CASES = [...PRESENT, ...ABSENT];

describe('planLock', () => {
  describe.each([
    ['present', PRESENT],
    ['absent', ABSENT],
  ] as const)('%s credentials', (_label, cases) => {
    it.each(cases)('$name', ({ facts: f, wanted, inFlight = [], expected }) => {
      expect(planLock(f, wanted, inFlight)).toEqual(expected);
    });
  });

  it.each(CASES)('idempotent: $name', ({ facts: f, wanted, inFlight = [] }) => {
    const first = planLock(f, wanted, inFlight);
    const again = planLock(f, wanted, [...inFlight, ...first.commands]);
    expect(again.commands).toEqual([]);
    expect(again.failures).toEqual(first.failures);
    expect(again.unmanagedSlots).toEqual(first.unmanagedSlots);
  });

  it('does not mutate its inputs and hands out fresh unmanaged slots', () => {
    const reported = Object.freeze([Object.freeze({ slot: 1, code: '1111' })]);
    const wanted = Object.freeze([Object.freeze(want('a', '4821'))]);
    const inFlight = Object.freeze([Object.freeze(setting('b', 2))]);
    const result = planLock({ slotCount: 3, codeLengths: [4], reported, fingerprint: print }, wanted, inFlight);
    expect(result.commands).toEqual([set('a', 3, '4821')]);
    expect(result.unmanagedSlots[0]).not.toBe(reported[0]);
  });

  describe('decrypts only what it must send', () => {
    /** A credential whose PIN must not be asked for: the pass would decrypt it for nothing. */
    const sealed = (accessCodeId: string, pin: string, rest: Parameters<typeof want>[2] = {}): WantedCode => ({
      ...want(accessCodeId, pin, rest),
      pin: () => {
        throw new Error(`decrypted ${accessCodeId}`);
      },
    });

    it('confirms codes by fingerprint, each occupied slot printed once, without any PIN', () => {
      const printed: string[] = [];
      const f = {
        ...facts([
          { slot: 1, code: '4821' },
          { slot: 2, code: '7391' },
          { slot: 3, code: null },
        ]),
        fingerprint: (c: string) => {
          printed.push(c);
          return print(c);
        },
      };
      const wanted = [
        sealed('a', '4821', { slot: 1, reportedVersion: 1 }),
        sealed('b', '7391', { slot: 2, reportedVersion: 1 }),
        sealed('c', '5555', { slot: 3, reportedVersion: 1 }),
        sealed('d', '1234', { slot: 4, reportedVersion: null, present: false }),
      ];
      expect(planLock(f, wanted, [])).toEqual(plan({ satisfied: ['a', 'b', 'c', 'd'] }));
      expect(printed.sort()).toEqual(['4821', '7391']);
    });

    /** A reported slot with its stored print whose digits must not be read (reading them decrypts the inventory). */
    const printedSlot = (slot: number, code: string | null, reads: number[]): ReportedSlot => ({
      slot,
      fp: code === null ? null : print(code),
      get code() {
        reads.push(slot);
        return code;
      },
    });
    const noPrinting = (c: string): string => {
      throw new Error(`fingerprinted ${c}`);
    };

    it('with stored prints, confirms codes without reading a digit or computing a print', () => {
      const reads: number[] = [];
      const f = {
        ...facts([printedSlot(1, '4821', reads), printedSlot(2, '7391', reads), printedSlot(3, null, reads)]),
        fingerprint: noPrinting,
      };
      const wanted = [
        sealed('a', '4821', { slot: 1, reportedVersion: 1 }),
        sealed('b', '0000', { slot: 2, reportedVersion: 1 }),
        sealed('c', '5555', { slot: 3, reportedVersion: 1 }),
      ];
      const lazy = { ...wanted[1], pin: () => '0000' } as WantedCode;
      expect(planLock(f, [wanted[0] as WantedCode, lazy, wanted[2] as WantedCode], [])).toEqual(
        plan({ commands: [set('b', 2, '0000')], satisfied: ['a', 'c'] }),
      );
      expect(reads).toEqual([]);
    });

    it('with stored prints, reads the digits of a foreign slot only to check a PIN it must send against them', () => {
      const reads: number[] = [];
      const f = { ...facts([printedSlot(1, '4821', reads), printedSlot(4, '7391', reads)]), fingerprint: noPrinting };
      const confirmed = sealed('a', '4821', { slot: 1, reportedVersion: 1 });
      expect(planLock(f, [confirmed], [])).toEqual(
        plan({ satisfied: ['a'], unmanagedSlots: [{ slot: 4, code: '7391', fp: print('7391') }] }),
      );
      // Comparing the result read slot 4's code through the plan's unmanaged slot: only after the plan was made.
      reads.length = 0;
      const clash = { ...want('b', '739'), length: 4, pin: () => '7391' };
      expect(planLock(f, [confirmed, clash], []).failures).toEqual([
        { accessCodeId: 'b', reason: 'duplicate_on_lock' },
      ]);
      expect(reads).toEqual([4]);
    });

    it('a slot whose print differs is not a confirmation: the PIN is decrypted for the set_code only', () => {
      const pins: string[] = [];
      const lazy = (id: string, pin: string, rest: Parameters<typeof want>[2]) => ({
        ...want(id, pin, rest),
        pin: () => {
          pins.push(id);
          return pin;
        },
      });
      const wanted = [
        lazy('a', '4821', { slot: 1, reportedVersion: 1 }),
        sealed('b', '7391', { slot: 2, reportedVersion: 1 }),
      ];
      expect(
        planLock(
          facts([
            { slot: 1, code: '9999' },
            { slot: 2, code: '7391' },
          ]),
          wanted,
          [],
        ),
      ).toEqual(plan({ commands: [set('a', 1, '4821')], satisfied: ['b'] }));
      expect(pins).toEqual(['a']);
    });

    it('a length the lock refuses fails without decrypting; foreign codes are checked with the digits', () => {
      expect(planLock(facts([], 4, [4]), [sealed('a', '482193')], [])).toEqual(
        plan({ failures: [{ accessCodeId: 'a', reason: 'length_not_supported' }] }),
      );
      // (4 digits only here, so the refusal is about the length, not the clash below.)
      const f = { ...facts([{ slot: 1, code: '4821' }]), codeLengths: [4] };
      expect(planLock(f, [want('b', '4821')], [])).toEqual(
        plan({
          failures: [{ accessCodeId: 'b', reason: 'duplicate_on_lock' }],
          unmanagedSlots: [{ slot: 1, code: '4821' }],
        }),
      );
    });
  });
});
