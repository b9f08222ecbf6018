import { describe, expect, it } from 'vitest';
import { expectKeywayError } from '../../../test/support/expectKeywayError.ts';
import { type CommunitySettings, DEFAULT_SETTINGS } from '../communitySettings.ts';
import type { KeywayErrorCode } from '../errors.ts';
import { type CodeTarget, checkChosenCode, ensureRoomFor, generatedLength, lengthsOn } from './codeRules.ts';

const unitDoor: CodeTarget = {
  doorKind: 'unit_door',
  codeLengths: [4, 6],
  slotCount: 30,
  slotsClaimed: 3,
  retiring: false,
};
const settings: CommunitySettings = { ...DEFAULT_SETTINGS };
const sixDigits: CommunitySettings = { ...DEFAULT_SETTINGS, sixDigitCodes: true };

describe('checkChosenCode', () => {
  it('accepts a good code on a unit door, leading zero kept', () => {
    expect(checkChosenCode('0429', settings, unitDoor)).toBe('0429');
    expect(checkChosenCode('042917', sixDigits, unitDoor)).toBe('042917');
  });

  it.each([
    ['2580', settings, { doorKind: 'community_door' }, 'custom_code_not_allowed_here'],
    ['2580', settings, { doorKind: 'amenity' }, 'custom_code_not_allowed_here'],
    ['2580', { ...settings, customCodes: false }, {}, 'custom_codes_disabled'],
    ['25a0', settings, {}, 'pin_not_digits'],
    [2580, settings, {}, 'pin_not_digits'],
    ['042917', settings, {}, 'pin_length_not_allowed'], // the community allows 4 digits only
    ['0429', sixDigits, { codeLengths: [6] }, 'pin_length_not_allowed'], // the lock takes 6 only
    ['25801', sixDigits, {}, 'pin_length_not_allowed'],
    ['7777', settings, {}, 'pin_repeated_digit'],
    ['3456', settings, {}, 'pin_sequential'],
    ['1990', { ...settings, blockCommonPins: true }, {}, 'pin_common'],
  ] as const)('refuses %j → %s', (code, community, target, error) => {
    expectKeywayError(
      () => checkChosenCode(code, community, { ...unitDoor, ...target } as CodeTarget),
      error as KeywayErrorCode,
    );
  });
});

describe('generatedLength', () => {
  it.each([
    [settings, [unitDoor], undefined, 4],
    [settings, [unitDoor], 6, 4], // 6 digits are not allowed in this community
    [sixDigits, [unitDoor], undefined, 6],
    [sixDigits, [unitDoor], 4, 4],
    [sixDigits, [unitDoor], 8, 6],
    [sixDigits, [unitDoor, { codeLengths: [4] }], undefined, 4], // what every lock takes
    [settings, [{ codeLengths: [4, 8] }], 8, 4],
  ] as const)('%#: → %s', (community, targets, preferred, expected) => {
    expect(generatedLength(community, targets, preferred)).toBe(expected);
  });

  it('refuses locks with no allowed length in common', () => {
    expectKeywayError(() => generatedLength(settings, [{ codeLengths: [6] }]), 'pin_length_not_allowed');
    expectKeywayError(
      () => generatedLength(sixDigits, [{ codeLengths: [6] }, { codeLengths: [4] }]),
      'pin_length_not_allowed',
    );
  });

  it('lengthsOn narrows the community lengths to the lock', () => {
    expect(lengthsOn(sixDigits, { codeLengths: [6, 8] })).toEqual([6]);
    expect(lengthsOn(settings, { codeLengths: [4, 6] })).toEqual([4]);
  });
});

describe('ensureRoomFor', () => {
  it('lets a code in while a slot is free', () => {
    expect(() => ensureRoomFor({ ...unitDoor, slotsClaimed: 29 })).not.toThrow();
  });
  it('refuses a full lock (lock_full) and a lock being removed', () => {
    expectKeywayError(() => ensureRoomFor({ ...unitDoor, slotsClaimed: 30 }), 'lock_full');
    expectKeywayError(() => ensureRoomFor({ ...unitDoor, retiring: true }), 'invalid_request');
  });
});
