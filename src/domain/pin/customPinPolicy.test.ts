import { describe, expect, it } from 'vitest';
import { expectKeywayError } from '../../../test/support/expectKeywayError.ts';
import type { KeywayErrorCode } from '../errors.ts';
import { isKeywayError } from '../errors.ts';
import { isCommonPin } from './commonPins.ts';
import type { PinPolicy } from './customPinPolicy.ts';
import { checkCustomPin } from './customPinPolicy.ts';
import { isRepeatedDigit, isSequential } from './pinRules.ts';

const BOTH: PinPolicy = { lengths: [4, 6], blockCommonPins: true };
const BOTH_OPEN: PinPolicy = { lengths: [4, 6], blockCommonPins: false };
const FOUR: PinPolicy = { lengths: [4], blockCommonPins: true };
const SIX: PinPolicy = { lengths: [6], blockCommonPins: false };

describe('accepted PINs come back unchanged', () => {
  it.each([
    ['7890', BOTH], // DESIGN.md §1: wrap-around is not a run
    ['2109', BOTH],
    ['7890', BOTH_OPEN],
    ['2109', BOTH_OPEN],
    ['7890', FOUR],
    ['0481', BOTH], // leading zero kept
    ['0481', FOUR],
    ['8317', FOUR],
    ['204918', BOTH],
    ['048213', SIX],
    ['890123', BOTH], // wrap-around 6-digit
    ['2580', BOTH_OPEN], // common, but the community allows common PINs
    ['1987', BOTH_OPEN],
    ['123123', SIX],
  ] as const)('%j with %o', (pin, policy) => {
    expect(checkCustomPin(pin, policy)).toBe(pin);
  });
});

describe('refusals, in check order', () => {
  it.each<[unknown, PinPolicy, KeywayErrorCode]>([
    // not a string, or not ASCII digits
    [1234, BOTH, 'pin_not_digits'],
    [null, BOTH, 'pin_not_digits'],
    [undefined, BOTH, 'pin_not_digits'],
    [['1', '2', '3', '4'], BOTH, 'pin_not_digits'],
    [{ pin: '4821' }, BOTH, 'pin_not_digits'],
    ['١٢٣٤', BOTH, 'pin_not_digits'], // Arabic-Indic digits
    ['۱۲۳۴', BOTH, 'pin_not_digits'], // Extended Arabic-Indic (Persian) digits
    ['１２３４', BOTH, 'pin_not_digits'], // full-width digits
    ['४८२१', BOTH, 'pin_not_digits'], // Devanagari digits
    [' 4821', BOTH, 'pin_not_digits'],
    ['4821 ', BOTH, 'pin_not_digits'],
    ['48 21', BOTH, 'pin_not_digits'],
    ['4821\n', BOTH, 'pin_not_digits'],
    ['+4821', BOTH, 'pin_not_digits'],
    ['-4821', BOTH, 'pin_not_digits'],
    ['48.21', BOTH, 'pin_not_digits'],
    ['4e21', BOTH, 'pin_not_digits'],
    ['abcd', BOTH, 'pin_not_digits'],
    ['0x12', BOTH, 'pin_not_digits'],
    ['11a1', BOTH, 'pin_not_digits'], // bad characters win over the repeated-digit rule
    // length
    ['', BOTH, 'pin_length_not_allowed'],
    ['482', BOTH, 'pin_length_not_allowed'],
    ['48213', BOTH, 'pin_length_not_allowed'],
    ['4821394', BOTH, 'pin_length_not_allowed'],
    ['204918', FOUR, 'pin_length_not_allowed'], // 6 digits when only 4 are enabled
    ['4821', SIX, 'pin_length_not_allowed'],
    ['11111', BOTH, 'pin_length_not_allowed'], // length wins over repeated
    ['12345', BOTH, 'pin_length_not_allowed'], // length wins over sequential
    // repeated
    ['1111', BOTH, 'pin_repeated_digit'],
    ['0000', BOTH_OPEN, 'pin_repeated_digit'], // also common: repeated is reported first
    ['000000', BOTH, 'pin_repeated_digit'],
    ['999999', SIX, 'pin_repeated_digit'],
    // sequential
    ['1234', BOTH, 'pin_sequential'], // also common: sequential is reported first
    ['5432', BOTH_OPEN, 'pin_sequential'],
    ['0123', FOUR, 'pin_sequential'],
    ['3210', FOUR, 'pin_sequential'],
    ['456789', BOTH, 'pin_sequential'],
    ['987654', SIX, 'pin_sequential'],
    // common, only when the community blocks them
    ['2580', BOTH, 'pin_common'],
    ['1212', BOTH, 'pin_common'],
    ['1987', FOUR, 'pin_common'],
    ['5683', FOUR, 'pin_common'],
    ['123123', BOTH, 'pin_common'],
    ['159753', BOTH, 'pin_common'],
  ])('%j with %o → %s', (pin, policy, code) => {
    expectKeywayError(() => checkCustomPin(pin, policy), code);
  });
});

it('refuses a bigint (not a string)', () => {
  expectKeywayError(() => checkCustomPin(4821n, BOTH), 'pin_not_digits');
});

describe('error details and messages', () => {
  it.each([
    [FOUR, [4]],
    [SIX, [6]],
    [BOTH, [4, 6]],
  ] as const)('pin_length_not_allowed lists the allowed lengths (%o)', (policy, allowed) => {
    const error = expectKeywayError(() => checkCustomPin('48213', policy), 'pin_length_not_allowed');
    expect(error.details).toEqual({ allowed });
  });

  it('the allowed list is a copy, not the policy array', () => {
    const lengths: (4 | 6)[] = [4];
    const error = expectKeywayError(
      () => checkCustomPin('48', { lengths, blockCommonPins: false }),
      'pin_length_not_allowed',
    );
    (error.details?.allowed as number[] | undefined)?.push(6);
    expect(lengths).toEqual([4]);
  });

  it('messages are sentences that never depend on (or echo) the submitted PIN', () => {
    // For every 4- and 6-digit input, each code always carries the same message, so the PIN cannot be in it.
    const messages = new Map<string, Set<string>>();
    const collect = (pin: string) => {
      try {
        checkCustomPin(pin, BOTH);
      } catch (error) {
        if (!isKeywayError(error)) throw error;
        const set = messages.get(error.code) ?? new Set();
        set.add(error.message);
        messages.set(error.code, set);
      }
    };
    for (let n = 0; n < 10_000; n++) collect(String(n).padStart(4, '0'));
    for (let n = 0; n < 1_000_000; n += 7) collect(String(n).padStart(6, '0'));
    ['4821x', '١٢٣٤', '', '482', '48213'].forEach(collect);
    expect([...messages.keys()].sort()).toEqual([
      'pin_common',
      'pin_length_not_allowed',
      'pin_not_digits',
      'pin_repeated_digit',
      'pin_sequential',
    ]);
    for (const [, set] of messages) {
      expect(set.size).toBe(1);
      const [message] = [...set];
      expect(message).toMatch(/^[A-Z].*[.]$/);
    }
  });
});

describe('exhaustively: the outcome follows the rules in order', () => {
  const expected = (pin: string, policy: PinPolicy): KeywayErrorCode | 'ok' => {
    if (isRepeatedDigit(pin)) return 'pin_repeated_digit';
    if (isSequential(pin)) return 'pin_sequential';
    if (policy.blockCommonPins && isCommonPin(pin)) return 'pin_common';
    return 'ok';
  };

  it.each([
    [4, BOTH],
    [4, BOTH_OPEN],
    [6, BOTH],
    [6, BOTH_OPEN],
  ] as const)('all %i-digit codes with %o', (length, policy) => {
    const counts = new Map<string, number>();
    for (let n = 0; n < 10 ** length; n++) {
      const pin = String(n).padStart(length, '0');
      const want = expected(pin, policy);
      if (want !== 'ok') expectKeywayError(() => checkCustomPin(pin, policy), want, pin);
      else if (checkCustomPin(pin, policy) !== pin) expect.fail(`${pin}: accepted, but came back changed`);
      counts.set(want, (counts.get(want) ?? 0) + 1);
    }
    expect(counts.get('pin_repeated_digit')).toBe(10);
    expect(counts.get('pin_sequential')).toBe(2 * (11 - length));
    if (policy.blockCommonPins) expect(counts.get('pin_common')).toBeGreaterThan(0);
    else expect(counts.has('pin_common')).toBe(false);
  });

  it('every 4-digit code is refused for its length when only 6 digits are allowed', () => {
    for (let n = 0; n < 10_000; n++) {
      const pin = String(n).padStart(4, '0');
      expectKeywayError(() => checkCustomPin(pin, SIX), 'pin_length_not_allowed', pin);
    }
  });
});
