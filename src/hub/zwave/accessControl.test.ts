import { describe, expect, it } from 'vitest';
import { accessControlMeaning } from './accessControl.ts';

const event = (id: number, parameters?: unknown) => accessControlMeaning({ type: 0x06, event: id, parameters });

describe('accessControlMeaning', () => {
  it.each([
    [0x06, { userId: 7 }, { kind: 'keypad', slot: 7, unlocked: true }],
    [0x22, { userId: 3 }, { kind: 'keypad', slot: 3, unlocked: true }],
    [0x06, undefined, { kind: 'keypad', slot: null, unlocked: true }], // master code: no user id
    [0x05, { userId: 2 }, { kind: 'keypad', slot: 2, unlocked: false }],
    [0x05, undefined, { kind: 'other' }], // one-touch lock, no code involved
    [0x30, { userId: 4 }, { kind: 'keypad', slot: 4, unlocked: false }], // outside its schedule
    [0x13, undefined, { kind: 'keypad', slot: null, unlocked: false }],
    [0x32, undefined, { kind: 'keypad', slot: null, unlocked: false }],
    [0x0f, undefined, { kind: 'duplicate_code' }],
    [0x01, undefined, { kind: 'other' }],
    [0x06, { userId: 0 }, { kind: 'keypad', slot: null, unlocked: true }],
  ])('event 0x%s with %j', (id, parameters, meaning) => {
    expect(event(id, parameters)).toEqual(meaning);
  });

  it('ignores other notification types', () => {
    expect(accessControlMeaning({ type: 0x07, event: 0x06, parameters: { userId: 1 } })).toEqual({ kind: 'other' });
    expect(accessControlMeaning({})).toEqual({ kind: 'other' });
  });
});
