import { describe, expect, it } from 'vitest';
import { isValidTimeZone, localDate, residencyStatus } from './residency.ts';

describe('residencyStatus', () => {
  it.each([
    ['2026-01-01', null, '2025-12-31', 'future'],
    ['2026-01-01', null, '2026-01-01', 'current'],
    ['2026-01-01', '2026-06-30', '2026-06-30', 'current'],
    ['2026-01-01', '2026-06-30', '2026-07-01', 'past'],
    ['2026-01-01', '2026-01-01', '2026-01-01', 'current'],
  ] as const)('moveIn %s moveOut %s on %s → %s', (moveIn, moveOut, today, status) => {
    expect(residencyStatus(moveIn, moveOut, today)).toBe(status);
  });
});

describe('localDate', () => {
  it('is the calendar date in the community time zone, not UTC', () => {
    const instant = new Date('2026-11-26T03:30:00Z'); // 21:30 on the 25th in Chicago
    expect(localDate(instant, 'America/Chicago')).toBe('2026-11-25');
    expect(localDate(instant, 'Europe/Berlin')).toBe('2026-11-26');
  });
  it('knows real time zones only', () => {
    expect(isValidTimeZone('America/Chicago')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
