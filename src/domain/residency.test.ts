import { describe, expect, it } from 'vitest';
import {
  isValidTimeZone,
  leaseStatusAt,
  localDate,
  residencyAt,
  residencyStatus,
  type StoredLease,
} from './residency.ts';

const zone = 'America/Chicago'; // UTC-5 in June
const lease = (moveIn: string, moveOut: string | null, stored: Partial<StoredLease> = {}): StoredLease => ({
  moveIn,
  moveOut,
  accessState: 'current',
  accessEndsAt: null,
  ...stored,
});

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

describe('residencyAt', () => {
  const ended = { accessState: 'ended' as const };
  it.each([
    // [case, leases, now (UTC), move-out time, residency]
    ['no lease at all', [], '2026-06-15T15:00:00Z', null, 'ended'],
    ['open-ended lease', [lease('2025-08-01', null)], '2026-06-15T15:00:00Z', null, 'current'],
    ['move-out day, no move-out time', [lease('2025-08-01', '2026-06-15')], '2026-06-16T04:59:00Z', null, 'current'],
    ['the day after, no move-out time', [lease('2025-08-01', '2026-06-15')], '2026-06-16T05:00:00Z', null, 'ended'],
    ['move-out day before 11:00', [lease('2025-08-01', '2026-06-15')], '2026-06-15T15:59:00Z', '11:00', 'current'],
    ['move-out day at 11:00', [lease('2025-08-01', '2026-06-15')], '2026-06-15T16:00:00Z', '11:00', 'ended'],
    ['ended yesterday, sweep behind', [lease('2025-08-01', '2026-06-14')], '2026-06-15T15:00:00Z', null, 'ended'],
    [
      'stored as ended (moved out now)',
      [lease('2025-08-01', '2026-06-15', ended)],
      '2026-06-15T15:00:00Z',
      null,
      'ended',
    ],
    [
      'stored end passed',
      [lease('2025-08-01', '2026-06-15', { accessEndsAt: new Date('2026-06-15T14:00:00Z') })],
      '2026-06-15T15:00:00Z',
      null,
      'ended',
    ],
    [
      'not moved in yet',
      [lease('2026-07-01', null, { accessState: 'upcoming' })],
      '2026-06-15T15:00:00Z',
      null,
      'upcoming',
    ],
    [
      'move-in day, sweep behind',
      [lease('2026-06-15', null, { accessState: 'upcoming' })],
      '2026-06-15T15:00:00Z',
      null,
      'current',
    ],
    [
      'moved from one unit to another',
      [lease('2025-08-01', '2026-06-14', ended), lease('2026-06-14', null)],
      '2026-06-15T15:00:00Z',
      null,
      'current',
    ],
    [
      'old lease over, next one not started',
      [lease('2025-08-01', '2026-06-14'), lease('2026-07-01', null, { accessState: 'upcoming' })],
      '2026-06-15T15:00:00Z',
      null,
      'upcoming',
    ],
  ] as const)('%s → %s', (_case, leases, now, moveOutTime, expected) => {
    expect(residencyAt(leases, new Date(now), zone, moveOutTime)).toBe(expected);
  });
});

describe('leaseStatusAt', () => {
  it.each([
    // [case, lease, now (UTC), move-out time, status]
    [
      'before the move-in',
      lease('2026-07-01', null, { accessState: 'upcoming' }),
      '2026-06-15T15:00:00Z',
      null,
      'future',
    ],
    ['living there', lease('2025-08-01', null), '2026-06-15T15:00:00Z', '11:00', 'current'],
    ['move-out day, before 11:00', lease('2025-08-01', '2026-06-15'), '2026-06-15T15:59:59Z', '11:00', 'current'],
    ['move-out day, from 11:00', lease('2025-08-01', '2026-06-15'), '2026-06-15T16:00:00Z', '11:00', 'past'],
    [
      'moved out now with the button',
      lease('2025-08-01', '2026-06-15', { accessState: 'ended' }),
      '2026-06-15T14:00:00Z',
      '11:00',
      'past',
    ],
    [
      'moved out last month',
      lease('2025-08-01', '2026-05-15', { accessState: 'ended' }),
      '2026-06-15T15:00:00Z',
      null,
      'past',
    ],
  ] as const)('%s → %s', (_case, stored, now, moveOutTime, status) => {
    expect(leaseStatusAt(stored, new Date(now), zone, moveOutTime)).toBe(status);
  });
});
