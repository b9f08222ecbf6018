import { describe, expect, it } from 'vitest';
import { COMMON_PINS_4, COMMON_PINS_6, isCommonPin } from './commonPins.ts';

const pad = (n: number, length: number) => String(n).padStart(length, '0');

describe('blocklist sizes', () => {
  it('the 4-digit list is in the low hundreds, under 5% of the space (iOS: 274)', () => {
    expect(COMMON_PINS_4.size).toBeGreaterThanOrEqual(250);
    expect(COMMON_PINS_4.size).toBeLessThanOrEqual(400);
    expect(COMMON_PINS_4.size / 10_000).toBeLessThan(0.05);
  });

  it('the 6-digit list is in the low thousands, under 1% of the space (iOS: 2,910)', () => {
    expect(COMMON_PINS_6.size).toBeGreaterThanOrEqual(2_000);
    expect(COMMON_PINS_6.size).toBeLessThanOrEqual(3_500);
    expect(COMMON_PINS_6.size / 1_000_000).toBeLessThan(0.01);
  });
});

describe('every member is exactly the right number of ASCII digits', () => {
  it.each([
    [4, COMMON_PINS_4],
    [6, COMMON_PINS_6],
  ] as const)('%i digits', (length, set) => {
    const shape = new RegExp(`^[0-9]{${length}}$`);
    for (const pin of set) {
      if (!shape.test(pin)) expect.fail(`bad member ${JSON.stringify(pin)}`);
    }
  });
});

describe('documented members', () => {
  it.each([
    // repeated, abab, aabb
    '0000',
    '1111',
    '9999',
    '1212',
    '6969',
    '1010',
    '1313',
    '9090',
    '1122',
    '0099',
    '7788',
    // years 1956–2015
    '1956',
    '1970',
    '1987',
    '2000',
    '2015',
    // runs
    '1234',
    '0123',
    '6789',
    '4321',
    '3210',
    '9876',
    // keypad shapes
    '2580',
    '0852',
    '1470',
    '0741',
    '3690',
    '0963',
    '1478',
    '7410',
    '1590',
    '3570',
    '1379',
    '9731',
    // memorable
    '1004',
    '2468',
    '1357',
    '1230',
    '0007',
    '5683',
    '0911',
    '9111',
  ])('4-digit %s', (pin) => {
    expect(COMMON_PINS_4.has(pin)).toBe(true);
    expect(isCommonPin(pin)).toBe(true);
  });

  it.each([
    '000000',
    '111111',
    '121212',
    '101010',
    '696969',
    '123123',
    '520520',
    '007007',
    '112233',
    '998877',
    '123456',
    '654321',
    '012345',
    '987654',
    '123321',
    '159753',
    '147258',
    '258369',
    '789456',
    '131420',
  ])('6-digit %s', (pin) => {
    expect(COMMON_PINS_6.has(pin)).toBe(true);
    expect(isCommonPin(pin)).toBe(true);
  });
});

describe('pattern families are complete', () => {
  it('all aaaa, abab and aabb, and every year 1956–2015', () => {
    for (let a = 0; a <= 9; a++) {
      for (let b = 0; b <= 9; b++) {
        expect(COMMON_PINS_4.has(`${a}${a}${a}${a}`)).toBe(true);
        expect(COMMON_PINS_4.has(`${a}${b}${a}${b}`)).toBe(true);
        expect(COMMON_PINS_4.has(`${a}${a}${b}${b}`)).toBe(true);
      }
    }
    for (let year = 1956; year <= 2015; year++) expect(COMMON_PINS_4.has(String(year))).toBe(true);
  });

  it('all aaaaaa, ababab, abcabc and aabbcc', () => {
    for (let n = 0; n < 1000; n++) {
      const [a, b, c] = pad(n, 3);
      expect(COMMON_PINS_6.has(`${a}${a}${a}${a}${a}${a}`)).toBe(true);
      expect(COMMON_PINS_6.has(`${a}${b}${a}${b}${a}${b}`)).toBe(true);
      expect(COMMON_PINS_6.has(`${a}${b}${c}${a}${b}${c}`)).toBe(true);
      expect(COMMON_PINS_6.has(`${a}${a}${b}${b}${c}${c}`)).toBe(true);
    }
  });
});

describe('non-members', () => {
  it.each([
    '7890', // DESIGN.md §1 names it as a passing code
    '2109', // likewise
    '1955', // just before the year range
    '2016', // just after it
    '8317',
    '4096',
  ])('4-digit %s is not common', (pin) => {
    expect(isCommonPin(pin)).toBe(false);
  });

  it.each([
    '250990', // a ddmmyy date: dates are deliberately not blocked
    '121585', // an mmddyy date
    '789012', // wrap-around run
    '204918',
  ])('6-digit %s is not common', (pin) => {
    expect(isCommonPin(pin)).toBe(false);
  });

  it.each(['', '1', '12345', '1234567', '12341234'])('other lengths (%j) have no list', (pin) => {
    expect(isCommonPin(pin)).toBe(false);
  });
});
