import { describe, expect, it } from 'vitest';
import { parseDate, parseEmail, parsePhone } from './fields.ts';

describe('parseDate', () => {
  it.each([
    ['2026-01-31', '2026-01-31'],
    ['01/31/2026', '2026-01-31'],
    ['1/5/2026', '2026-01-05'],
    [' 12/31/2026 ', '2026-12-31'],
    ['02/29/2028', '2028-02-29'],
    ['2000-02-29', '2000-02-29'],
  ])('%s → %s', (raw, date) => expect(parseDate(raw)).toEqual({ ok: true, value: date }));

  it.each([
    '02/30/2026',
    '2026-02-29',
    '1900-02-29',
    '13/01/2026',
    '31/12/2026',
    '1/5/26',
    '2026/01/05',
    '2026-1-5',
    'Jan 5 2026',
    '',
    '00/10/2026',
    '2026-04-31',
  ])('refuses %j', (raw) => expect(parseDate(raw).ok).toBe(false));
});

describe('parsePhone', () => {
  it.each([
    ['(303) 555-0100', '+13035550100'],
    ['303-555-0101', '+13035550101'],
    ['+1 303 555 0102', '+13035550102'],
    ['3035550104', '+13035550104'],
    ['1-303-555-0104', '+13035550104'],
    ['+44 20 7946 0958', '+442079460958'],
    ['020 7946 0958', '+02079460958'],
    ['', null],
    ['  ', null],
  ])('%j → %j', (raw, phone) => expect(parsePhone(raw)).toEqual({ ok: true, value: phone }));

  it.each(['555-0100', 'call me', '303 555 0100 ext 4', '+1234567890123456'])('refuses %j', (raw) =>
    expect(parsePhone(raw).ok).toBe(false),
  );
});

describe('parseEmail', () => {
  it.each([
    ['LEE.PARK@EXAMPLE.TEST', 'lee.park@example.test'],
    ['  sam@example.test ', 'sam@example.test'],
    ['a+b@sub.example.org', 'a+b@sub.example.org'],
  ])('%j → %j', (raw, email) => expect(parseEmail(raw)).toEqual({ ok: true, value: email }));

  it.each([
    'sam',
    'sam@',
    '@example.test',
    'sam@example',
    'sam smith@example.test',
    'a@@b.test',
    'a@b..test',
    'a@b.test,c@d.test',
  ])('refuses %j', (raw) => expect(parseEmail(raw).ok).toBe(false));
});
