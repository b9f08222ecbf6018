import { describe, expect, it } from 'vitest';
import { allGeneratable, isGeneratable } from './codeSpace.ts';
import type { PinLength } from './pinRules.ts';
import { isWeakPin } from './pinRules.ts';

describe('isGeneratable', () => {
  it.each([
    ['7890', true],
    ['2109', true],
    ['8317', true],
    ['0481', true],
    ['204918', true],
    ['1111', false], // repeated
    ['1234', false], // run
    ['2580', false], // common: always excluded from generation, whatever the community setting
    ['1987', false],
    ['123123', false],
    ['48213', false], // 5 digits
    ['482', false],
    ['4821394', false],
    ['', false],
    ['48a1', false],
    ['١٢٣٤', false],
    ['４８２１', false],
    ['4821\n', false],
  ])('%j → %s', (pin, expected) => {
    expect(isGeneratable(pin)).toBe(expected);
  });
});

describe.each([4, 6] as const)('allGeneratable(%i)', (length: PinLength) => {
  it('is exactly the non-weak codes, in ascending order, each once', () => {
    const all = allGeneratable(length);
    let i = 0;
    for (let n = 0; n < 10 ** length; n++) {
      const pin = String(n).padStart(length, '0');
      if (isWeakPin(pin)) continue;
      if (all[i] !== pin) expect.fail(`position ${i}: expected ${pin}, got ${all[i]}`);
      i++;
    }
    expect(all.length).toBe(i);
    expect(all.every(isGeneratable)).toBe(true);
  });

  it('keeps almost all of the space', () => {
    expect(allGeneratable(length).length / 10 ** length).toBeGreaterThan(length === 4 ? 0.95 : 0.99);
  });

  it('hands out copies, so a caller cannot corrupt the cache', () => {
    const first = allGeneratable(length);
    const size = first.length;
    first.length = 0;
    expect(allGeneratable(length).length).toBe(size);
  });
});

it('rejects unsupported lengths', () => {
  expect(() => allGeneratable(5 as PinLength)).toThrow(RangeError);
});
