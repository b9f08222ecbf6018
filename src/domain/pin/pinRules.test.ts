import { describe, expect, it } from 'vitest';
import { COMMON_PINS_4, COMMON_PINS_6 } from './commonPins.ts';
import type { PinLength } from './pinRules.ts';
import { isRepeatedDigit, isSequential, isWeakPin, PIN_LENGTHS } from './pinRules.ts';

const pad = (n: number, length: number) => String(n).padStart(length, '0');

/** Reference sets built a different way from the predicates: by construction, not by inspection. */
function repeatedByConstruction(length: number): Set<string> {
  return new Set(Array.from({ length: 10 }, (_, d) => String(d).repeat(length)));
}
function sequentialByConstruction(length: number): Set<string> {
  const out = new Set<string>();
  for (let start = 0; start <= 9; start++) {
    const up = Array.from({ length }, (_, i) => start + i);
    const down = Array.from({ length }, (_, i) => start - i);
    if (up.every((d) => d <= 9)) out.add(up.join(''));
    if (down.every((d) => d >= 0)) out.add(down.join(''));
  }
  return out;
}

describe('PIN_LENGTHS', () => {
  it('is exactly 4 and 6', () => {
    expect(PIN_LENGTHS).toEqual([4, 6]);
  });
});

describe('isRepeatedDigit', () => {
  it.each([
    ['1111', true],
    ['0000', true],
    ['000000', true],
    ['999999', true],
    ['1112', false],
    ['2111', false],
    ['111112', false],
    ['', false],
  ])('%j → %s', (pin, expected) => {
    expect(isRepeatedDigit(pin)).toBe(expected);
  });
});

describe('isSequential', () => {
  it.each([
    ['1234', true],
    ['5432', true],
    ['456789', true],
    ['987654', true],
    ['0123', true],
    ['3210', true],
    ['012345', true],
    ['543210', true],
    ['6789', true],
    ['9876', true],
    // no wrap-around (DESIGN.md §1: 7890 and 2109 pass)
    ['7890', false],
    ['2109', false],
    ['890123', false],
    ['1235', false],
    ['1243', false],
    ['1232', false], // changes direction
    ['1357', false], // step 2
    ['1111', false],
    ['', false],
    ['1', false],
    ['abcd', false], // consecutive char codes but not digits
    ['/012', false], // '/' is the char just below '0'
    ['789:', false], // ':' is the char just above '9'
  ])('%j → %s', (pin, expected) => {
    expect(isSequential(pin)).toBe(expected);
  });
});

describe.each([4, 6] as const)('exhaustively over all %i-digit codes', (length: PinLength) => {
  const total = 10 ** length;
  const repeated = repeatedByConstruction(length);
  const sequential = sequentialByConstruction(length);

  it('isRepeatedDigit matches the 10 constructed codes and nothing else', () => {
    let count = 0;
    for (let n = 0; n < total; n++) {
      const pin = pad(n, length);
      const got = isRepeatedDigit(pin);
      if (got !== repeated.has(pin)) expect.fail(`isRepeatedDigit(${pin}) = ${got}`);
      if (got) count++;
    }
    expect(count).toBe(10);
  });

  it('isSequential matches the constructed runs and nothing else', () => {
    let count = 0;
    for (let n = 0; n < total; n++) {
      const pin = pad(n, length);
      const got = isSequential(pin);
      if (got !== sequential.has(pin)) expect.fail(`isSequential(${pin}) = ${got}`);
      if (got) count++;
    }
    // ascending runs start at 0..(10-length), descending ones mirror them
    expect(count).toBe(2 * (11 - length));
  });

  it('isWeakPin is exactly repeated ∪ sequential ∪ common', () => {
    const common = length === 4 ? COMMON_PINS_4 : COMMON_PINS_6;
    for (let n = 0; n < total; n++) {
      const pin = pad(n, length);
      const expected = repeated.has(pin) || sequential.has(pin) || common.has(pin);
      if (isWeakPin(pin) !== expected) expect.fail(`isWeakPin(${pin}) should be ${expected}`);
    }
  });
});

describe('isWeakPin', () => {
  it.each([
    ['1111', true], // repeated
    ['4567', true], // run
    ['2580', true], // keypad column
    ['1987', true], // year
    ['1212', true], // abab
    ['1122', true], // aabb
    ['123123', true], // abcabc
    ['112233', true], // aabbcc
    ['7890', false],
    ['2109', false],
    ['8317', false],
    ['204918', false],
  ])('%j → %s', (pin, expected) => {
    expect(isWeakPin(pin)).toBe(expected);
  });
});
