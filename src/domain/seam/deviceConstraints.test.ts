import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../communitySettings.ts';
import { deviceCodeRules, supportedCodeLengths } from './deviceConstraints.ts';

const fourOnly = { ...DEFAULT_SETTINGS, sixDigitCodes: false };
const fourAndSix = { ...DEFAULT_SETTINGS, sixDigitCodes: true };

describe('supported code lengths', () => {
  it.each([
    { lock: [4, 6], settings: fourOnly, expected: [4] },
    { lock: [4, 6], settings: fourAndSix, expected: [4, 6] },
    { lock: [6, 4, 6], settings: fourAndSix, expected: [4, 6] },
    { lock: [4, 5, 6, 8], settings: fourAndSix, expected: [4, 6] },
    { lock: [6], settings: fourOnly, expected: [] },
    { lock: [6, 8], settings: fourAndSix, expected: [6] },
  ])('lock $lock with six-digit codes $settings.sixDigitCodes → $expected', ({ lock, settings, expected }) => {
    expect(supportedCodeLengths(lock, settings)).toEqual(expected);
  });
});

describe('code constraints', () => {
  it('every door refuses repeated digits and runs, in Seam’s words', () => {
    for (const doorKind of ['unit_door', 'community_door', 'amenity'] as const) {
      const rules = deviceCodeRules({ doorKind, lockCodeLengths: [4, 6], settings: fourOnly });
      expect(rules.seam).toContain('no_all_same_digits');
      expect(rules.seam).toContain('no_ascending_or_descending_sequence');
    }
  });

  it.each([
    { doorKind: 'unit_door', chosen: true },
    { doorKind: 'community_door', chosen: false },
    { doorKind: 'amenity', chosen: false },
  ] as const)('$doorKind: a chosen PIN allowed = $chosen', ({ doorKind, chosen }) => {
    const rules = deviceCodeRules({ doorKind, lockCodeLengths: [4], settings: fourOnly });
    expect(rules.seam.includes('cannot_specify_pin_code')).toBe(!chosen);
  });

  it('the prefix rule is stated only when two lengths can share the lock', () => {
    expect(deviceCodeRules({ doorKind: 'unit_door', lockCodeLengths: [4, 6], settings: fourOnly }).keyway).toEqual([]);
    expect(deviceCodeRules({ doorKind: 'unit_door', lockCodeLengths: [4], settings: fourAndSix }).keyway).toEqual([]);
    expect(deviceCodeRules({ doorKind: 'unit_door', lockCodeLengths: [4, 6], settings: fourAndSix }).keyway).toEqual([
      'no_prefix_of_another_code',
    ]);
  });

  it('common PINs are a Keyway rule only when the community blocks them', () => {
    const blocking = { ...fourOnly, blockCommonPins: true };
    expect(deviceCodeRules({ doorKind: 'unit_door', lockCodeLengths: [4], settings: blocking }).keyway).toEqual([
      'no_common_pins',
    ]);
    expect(
      deviceCodeRules({
        doorKind: 'unit_door',
        lockCodeLengths: [4],
        settings: { ...blocking, blockCommonPins: false },
      }).keyway,
    ).toEqual([]);
  });

  it('never names a Seam constraint type Keyway does not enforce', () => {
    const seamTypes = new Set(
      (['unit_door', 'community_door', 'amenity'] as const).flatMap(
        (doorKind) =>
          deviceCodeRules({ doorKind, lockCodeLengths: [4, 6], settings: { ...fourAndSix, blockCommonPins: true } })
            .seam,
      ),
    );
    expect([...seamTypes].sort()).toEqual([
      'cannot_specify_pin_code',
      'no_all_same_digits',
      'no_ascending_or_descending_sequence',
    ]);
  });
});
