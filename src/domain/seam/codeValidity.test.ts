import { describe, expect, it } from 'vitest';
import { expectKeywayError } from '../../../test/support/expectKeywayError.ts';
import { type CodeValidity, codeValidity, seamCodeType, validityChanged } from './codeValidity.ts';

const now = new Date('2026-06-15T15:00:00Z');
const iso = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

describe('codeValidity on create', () => {
  it.each([
    [{}, { guestType: 'permanent', startsAt: null, endsAt: null, oneTimeUse: false }],
    [
      { startsAt: iso(60), endsAt: iso(120) },
      { guestType: 'temporary', startsAt: at(60), endsAt: at(120), oneTimeUse: false },
    ],
    [{ oneTimeUse: true }, { guestType: 'delivery', startsAt: null, endsAt: null, oneTimeUse: true }],
    [
      { oneTimeUse: true, startsAt: iso(-60), endsAt: iso(60) },
      { guestType: 'delivery', startsAt: at(-60), endsAt: at(60), oneTimeUse: true },
    ],
    [
      { startsAt: null, endsAt: null },
      { guestType: 'permanent', startsAt: null, endsAt: null, oneTimeUse: false },
    ],
  ] as const)('%j', (request, expected) => {
    expect(codeValidity(request, now)).toEqual(expected);
  });

  it.each([
    [{ startsAt: iso(60) }, 'ends_at', /^Both starts_at and ends_at must be provided if one is$/],
    [{ endsAt: iso(60) }, 'starts_at', /^Both starts_at and ends_at must be provided if one is$/],
    [{ startsAt: iso(60), endsAt: iso(60) }, 'ends_at', null],
    [{ startsAt: iso(60), endsAt: iso(30) }, 'ends_at', null],
    [{ startsAt: iso(-60), endsAt: iso(0) }, 'ends_at', null],
    [{ startsAt: 'tomorrow', endsAt: iso(60) }, 'starts_at', null],
    [{ startsAt: iso(0), endsAt: '2026-13-45T00:00:00Z' }, 'ends_at', null],
    [{ startsAt: '1718000000000', endsAt: iso(60) }, 'starts_at', null],
    [{ type: 'time_bound' as const }, 'starts_at', /Both starts_at and ends_at/],
  ])('refuses %j (invalid_request on %s)', (request, field, seamWording) => {
    const error = expectKeywayError(() => codeValidity(request, now), 'invalid_request');
    expect(error.details).toEqual({ field });
    // Seam's own sentence, which integrators may already match on.
    if (seamWording) expect(error.message).toMatch(seamWording);
  });
});

describe('codeValidity on update', () => {
  const timeBound: CodeValidity = { guestType: 'temporary', startsAt: at(60), endsAt: at(120), oneTimeUse: false };
  const permanent: CodeValidity = { guestType: 'permanent', startsAt: null, endsAt: null, oneTimeUse: false };

  it('keeps what is not mentioned', () => {
    expect(codeValidity({}, now, timeBound)).toEqual(timeBound);
    expect(codeValidity({ oneTimeUse: true }, now, timeBound)).toEqual({
      ...timeBound,
      guestType: 'delivery',
      oneTimeUse: true,
    });
  });

  it('a time given alone keeps the other one', () => {
    expect(codeValidity({ endsAt: iso(240) }, now, timeBound)).toEqual({ ...timeBound, endsAt: at(240) });
    expect(codeValidity({ startsAt: iso(10) }, now, timeBound)).toEqual({ ...timeBound, startsAt: at(10) });
  });

  it("type 'ongoing' clears the times; times on an ongoing code make it time-bound", () => {
    expect(codeValidity({ type: 'ongoing' }, now, timeBound)).toEqual(permanent);
    expect(codeValidity({ startsAt: iso(0), endsAt: iso(30) }, now, permanent)).toEqual({
      ...permanent,
      guestType: 'temporary',
      startsAt: at(0),
      endsAt: at(30),
    });
  });

  it('refuses half a window on an ongoing code, and times together with ongoing', () => {
    expectKeywayError(() => codeValidity({ endsAt: iso(30) }, now, permanent), 'invalid_request');
    expectKeywayError(() => codeValidity({ type: 'ongoing', endsAt: iso(30) }, now, timeBound), 'invalid_request');
    expectKeywayError(() => codeValidity({ endsAt: iso(30) }, now, timeBound), 'invalid_request'); // before its start
  });

  it('validityChanged tells a change of when it opens from none', () => {
    expect(validityChanged(timeBound, codeValidity({}, now, timeBound))).toBe(false);
    expect(validityChanged(timeBound, codeValidity({ endsAt: iso(121) }, now, timeBound))).toBe(true);
    expect(validityChanged(timeBound, codeValidity({ type: 'ongoing' }, now, timeBound))).toBe(true);
    expect(validityChanged(permanent, codeValidity({ oneTimeUse: true }, now, permanent))).toBe(true);
  });

  it('seamCodeType', () => {
    expect(seamCodeType(timeBound)).toBe('time_bound');
    expect(seamCodeType(permanent)).toBe('ongoing');
  });
});
