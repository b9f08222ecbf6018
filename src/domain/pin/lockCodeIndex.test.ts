import { describe, expect, it } from 'vitest';
import { LockCodeIndex } from './lockCodeIndex.ts';

describe('conflictsWith', () => {
  it.each<[string[], string, boolean]>([
    [[], '4821', false],
    [['4821'], '4821', true], // equal
    [['4821'], '4822', false],
    [['4821'], '482100', true], // stored 4-digit is a prefix of the 6-digit candidate
    [['482100'], '4821', true], // the candidate is a prefix of a stored 6-digit code
    [['482100'], '482101', false], // same 4 leading digits, neither a prefix of the other
    [['482100'], '482', true], // any proper prefix
    [['482100'], '48210', true],
    [['482100'], '4820', false],
    [['48'], '482100', true], // short foreign codes block everything below them
    [['4821', '9120'], '912045', true],
    [['4821', '9120'], '912145', false],
    [['0481'], '048100', true], // leading zeros are ordinary digits
    [['0481'], '481000', false],
  ])('stored %j, candidate %j → %s', (stored, candidate, expected) => {
    const index = new LockCodeIndex(stored);
    expect(index.conflictsWith(candidate)).toBe(expected);
  });

  it('the empty string conflicts with anything stored', () => {
    expect(new LockCodeIndex().conflictsWith('')).toBe(false);
    expect(new LockCodeIndex(['4821']).conflictsWith('')).toBe(true);
  });
});

describe('add / remove / has / size', () => {
  it('remove restores the previous state, prefixes included', () => {
    const index = new LockCodeIndex();
    index.add('482100');
    expect(index.has('482100')).toBe(true);
    expect(index.size).toBe(1);
    expect(index.conflictsWith('4821')).toBe(true);
    index.remove('482100');
    expect(index.has('482100')).toBe(false);
    expect(index.size).toBe(0);
    expect(index.conflictsWith('4821')).toBe(false);
    expect(index.conflictsWith('482100')).toBe(false);
  });

  it('removing one of two codes with a shared prefix keeps the other prefix alive', () => {
    const index = new LockCodeIndex(['482100', '482199']);
    index.remove('482100');
    expect(index.conflictsWith('4821')).toBe(true);
    expect(index.conflictsWith('482100')).toBe(false);
    index.remove('482199');
    expect(index.conflictsWith('4821')).toBe(false);
  });

  it('counts a code held by several locks until each copy is removed', () => {
    const index = new LockCodeIndex(['4821', '4821']);
    expect(index.size).toBe(1);
    index.remove('4821');
    expect(index.has('4821')).toBe(true);
    expect(index.conflictsWith('482100')).toBe(true);
    index.remove('4821');
    expect(index.has('4821')).toBe(false);
    expect(index.conflictsWith('482100')).toBe(false);
  });

  it('removing an absent code does nothing', () => {
    const index = new LockCodeIndex(['482100']);
    index.remove('4821'); // only a prefix, not stored
    index.remove('999999');
    expect(index.size).toBe(1);
    expect(index.conflictsWith('4821')).toBe(true);
  });

  it.each(['', '48a1', ' 4821', '١٢٣٤'])('refuses to store %j', (code) => {
    expect(() => new LockCodeIndex().add(code)).toThrow(RangeError);
  });
});

describe('conflicting', () => {
  it('returns exactly the conflicting candidates', () => {
    const index = new LockCodeIndex(['4821', '912045']);
    const got = index.conflicting(['4821', '482100', '9120', '912046', '7777', '482']);
    expect([...got].sort()).toEqual(['482', '4821', '482100', '9120']);
  });

  it('agrees with conflictsWith over every 4-digit code against a mixed index', () => {
    const index = new LockCodeIndex(['0007', '123456', '98', '555500', '5555']);
    const all = Array.from({ length: 10_000 }, (_, n) => String(n).padStart(4, '0'));
    const got = index.conflicting(all);
    const expected = all.filter((c) => c === '0007' || c === '1234' || c.startsWith('98') || c === '5555');
    expect([...got].sort()).toEqual(expected);
  });
});
