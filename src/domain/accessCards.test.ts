import { describe, expect, it } from 'vitest';
import { allowedLengths, cardCodes, scopeOfAccessPoint } from './accessCards.ts';
import { DEFAULT_SETTINGS } from './communitySettings.ts';

const settings = (over: Partial<typeof DEFAULT_SETTINGS>) => ({ ...DEFAULT_SETTINGS, ...over });
const both = [[4, 6]];

describe('allowedLengths', () => {
  it.each([
    // customCodes, sixDigit, scope, lock lengths, generate, pick
    [true, false, 'home', both, [4], [4]],
    [true, true, 'home', both, [4, 6], [4, 6]],
    [false, true, 'home', both, [4, 6], []],
    [false, false, 'home', both, [4], []],
    [true, true, 'community', both, [4, 6], []],
    [true, false, 'community', both, [4], []],
    [true, true, 'home', [[4, 6], [4]], [4], [4]],
    [true, true, 'home', [[6]], [6], [6]],
    [true, false, 'home', [[6]], [], []],
    [true, true, 'home', [], [4, 6], [4, 6]],
  ] as const)(
    'custom=%s six=%s %s locks=%j → generate %j pick %j',
    (customCodes, sixDigitCodes, scope, locks, generate, pick) => {
      expect(allowedLengths(settings({ customCodes, sixDigitCodes }), scope, locks)).toEqual({
        generateLengths: generate,
        pickLengths: pick,
      });
    },
  );
});

describe('cardCodes', () => {
  it('shows the only code when nothing is rolling out', () => {
    expect(cardCodes('0429', null)).toEqual({ code: '0429', pendingCode: null });
  });
  it('keeps the working code while a new one rolls out', () => {
    expect(cardCodes('739104', '4821')).toEqual({ code: '4821', pendingCode: '739104' });
  });
});

describe('scopeOfAccessPoint', () => {
  it('puts unit doors on the Home card and everything else on the Community card', () => {
    expect(scopeOfAccessPoint('unit_door')).toBe('home');
    expect(scopeOfAccessPoint('community_door')).toBe('community');
    expect(scopeOfAccessPoint('amenity')).toBe('community');
  });
});
