/**
 * The common-PIN blocklist: codes so popular that an attacker tries them first.
 *
 * Source. P. Markert, D. V. Bailey, M. Golla, M. Dürmuth, A. J. Aviv, "This PIN Can Be Easily Guessed:
 * Analyzing the Security of Smartphone Unlock PINs", IEEE Symposium on Security and Privacy (S&P) 2020,
 * https://this-pin-can-be-easily-guessed.github.io/ . The authors extracted Apple's iOS passcode blocklist
 * (iOS 10.3) by brute force: 274 four-digit and 2,910 six-digit PINs. Its 4-digit list is made of
 * repeated digits (aaaa), alternations (abab), pairs (aabb), the years 1956–2015, and a short set of
 * well-known PINs (runs, keypad shapes, cultural numbers).
 *
 * We do not ship their data file. We rebuild the same *kinds* of entries from patterns in code, so the
 * list is reproducible, reviewable in a diff, and small: a few hundred 4-digit codes (~3% of the space)
 * and about two thousand 6-digit codes (~0.2%). The set is an approximation of Apple's, not a copy.
 *
 * Deliberately left out: all ddmmyy / mmddyy dates (tens of thousands of codes; blocking them would make
 * picking a code frustrating for little gain), and wrap-around runs like 7890 and 2109, which the product
 * brief (DESIGN.md §1) names as acceptable custom codes.
 */

/**
 * Every digit string matching a letter pattern: each distinct letter stands for one digit, the same letter
 * for the same digit. 'abab' gives 0000, 0101, …, 9898, 9999 (100 strings). Letters may take equal
 * digits (abab includes aaaa); duplicates across patterns vanish in the Set.
 */
function expandPattern(pattern: string): string[] {
  const letters = [...new Set(pattern)];
  const out: string[] = [];
  const total = 10 ** letters.length;
  for (let n = 0; n < total; n++) {
    const digitOf = new Map<string, string>();
    let rest = n;
    for (const letter of letters) {
      digitOf.set(letter, String(rest % 10));
      rest = Math.floor(rest / 10);
    }
    out.push([...pattern].map((letter) => digitOf.get(letter)).join(''));
  }
  return out;
}

/** Ascending and descending runs of `length` digits without wrap-around: 0123…6789 and 3210…9876. */
function runs(length: number): string[] {
  const out: string[] = [];
  for (let start = 0; start + length <= 10; start++) {
    let up = '';
    for (let i = 0; i < length; i++) up += String(start + i);
    out.push(up, [...up].reverse().join(''));
  }
  return out;
}

/** Years as 4-digit strings, inclusive: people pick birth years and anniversaries. */
function years(from: number, to: number): string[] {
  const out: string[] = [];
  for (let y = from; y <= to; y++) out.push(String(y));
  return out;
}

/** Well-known 4-digit PINs that no simple pattern above covers (plus a few it does, kept for the record). */
const WELL_KNOWN_4: readonly string[] = [
  // Keypad shapes on the phone layout 1-2-3 / 4-5-6 / 7-8-9 / _-0-_
  '2580',
  '0852', // middle column, down and up
  '1470',
  '0741', // left column to 0
  '3690',
  '0963', // right column to 0
  '1478',
  '7410', // L shape down the left and along the bottom
  '1590',
  '3570', // diagonals into 0
  '1379',
  '9731', // the four corners
  '2468',
  '8642', // even digits
  '1357',
  '7531', // odd digits
  '3579',
  '9753', // odd digits, upper half
  // Runs are blocked by isSequential anyway; listed so the blocklist stands on its own.
  '1234',
  '4321',
  '0123',
  '3210',
  // Cultural and memorable numbers
  '0000',
  '1111',
  '2222',
  '1212',
  '1010',
  '1313',
  '1122',
  '6969', // top of every leaked-PIN list
  '1004', // Korean "cheonsa" (angel), one of the most common PINs in studies
  '1230', // 1-2-3-0, a run ending on the bottom key
  '0007', // James Bond
  '5683', // L-O-V-E on the phone keypad
  '0911',
  '9111', // emergency numbers
  '0001',
  '1000',
  '1112', // near-repeats
];

/** Well-known 6-digit PINs beyond the generated patterns. */
const WELL_KNOWN_6: readonly string[] = [
  '123456',
  '654321', // the most common 6-digit PIN and its reverse
  '123321', // a run and back
  '123123',
  '112233',
  '121212',
  '101010',
  '696969', // pattern members, listed for the record
  '159753',
  '753951',
  '159357', // keypad X / diagonals
  '147258',
  '258369',
  '147852',
  '741852',
  '852963',
  '963852',
  '369258', // keypad columns
  '789456',
  '456123', // keypad rows, top to bottom and middle to top
  '520520',
  '131420',
  '520131', // Chinese "love" numbers (520 = I love you, 1314 = forever)
];

export const COMMON_PINS_4: ReadonlySet<string> = new Set([
  ...expandPattern('aaaa'),
  ...expandPattern('abab'),
  ...expandPattern('aabb'),
  ...years(1956, 2015),
  ...runs(4),
  ...WELL_KNOWN_4,
]);

export const COMMON_PINS_6: ReadonlySet<string> = new Set([
  ...expandPattern('aaaaaa'),
  ...expandPattern('ababab'),
  ...expandPattern('abcabc'),
  ...expandPattern('aabbcc'),
  ...runs(6),
  ...WELL_KNOWN_6,
]);

/** True when the PIN is on the blocklist for its length. Other lengths have no list, so false. */
export function isCommonPin(pin: string): boolean {
  if (pin.length === 4) return COMMON_PINS_4.has(pin);
  if (pin.length === 6) return COMMON_PINS_6.has(pin);
  return false;
}
