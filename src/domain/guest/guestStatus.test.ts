import { describe, expect, it } from 'vitest';
import type { GuestStatus } from './guestStatus.ts';
import { guestStatusAt } from './guestStatus.ts';
import type { GuestValidity } from './schedule.ts';

const CHICAGO = 'America/Chicago';
const at = (iso: string): Date => new Date(iso);
type Code = GuestValidity & { revokedAt: Date | null };

const permanent: Code = {
  type: 'permanent',
  timeZone: CHICAGO,
  startsAt: null,
  endsAt: null,
  schedule: null,
  revokedAt: null,
};
const temporary: Code = {
  ...permanent,
  type: 'temporary',
  startsAt: at('2026-05-01T10:00:00Z'),
  endsAt: at('2026-05-03T10:00:00Z'),
};
// Mondays 09:00–17:00 CDT until Wed 2026-05-13 (the last window is Mon 2026-05-11)
const recurring: Code = {
  ...permanent,
  type: 'recurring',
  startsAt: null,
  endsAt: at('2026-05-13T12:00-05:00'),
  schedule: { days: ['mon'], start: '09:00', end: '17:00' },
};
const delivery = (firstUsedAt: string | null): Code => ({
  ...permanent,
  type: 'delivery',
  startsAt: at('2026-05-01T10:00:00Z'),
  endsAt: at('2026-05-01T12:00:00Z'),
  firstUsedAt: firstUsedAt === null ? null : at(firstUsedAt),
  graceMinutes: 15,
});
const revoked = (code: Code, revokedAt: string): Code => ({ ...code, revokedAt: at(revokedAt) });

describe('guestStatusAt', () => {
  it.each<[string, Code, string, GuestStatus]>([
    ['permanent', permanent, '2026-05-01T10:00:00Z', 'active'],
    ['permanent revoked', revoked(permanent, '2026-05-01T09:00:00Z'), '2026-05-01T10:00:00Z', 'revoked'],
    ['revoked at this very instant', revoked(permanent, '2026-05-01T10:00:00Z'), '2026-05-01T10:00:00Z', 'revoked'],
    ['revocation still to come', revoked(permanent, '2026-05-01T11:00:00Z'), '2026-05-01T10:00:00Z', 'active'],
    ['temporary before start', temporary, '2026-05-01T09:00:00Z', 'scheduled'],
    ['temporary running', temporary, '2026-05-01T10:00:00Z', 'active'],
    ['temporary at end', temporary, '2026-05-03T10:00:00Z', 'expired'],
    ['temporary revoked after expiry', revoked(temporary, '2026-05-04T00:00:00Z'), '2026-05-05T00:00:00Z', 'revoked'],
    ['temporary revoked before start', revoked(temporary, '2026-04-30T00:00:00Z'), '2026-05-02T00:00:00Z', 'revoked'],
    ['recurring in its window', recurring, '2026-05-04T10:00-05:00', 'active'],
    ['recurring between windows', recurring, '2026-05-05T10:00-05:00', 'scheduled'],
    ['recurring after its last window, range not over', recurring, '2026-05-12T10:00-05:00', 'expired'],
    ['recurring after its range', recurring, '2026-05-14T10:00-05:00', 'expired'],
    [
      'recurring revoked in its window',
      revoked(recurring, '2026-05-04T09:30-05:00'),
      '2026-05-04T10:00-05:00',
      'revoked',
    ],
    ['delivery before creation (clock skew)', delivery(null), '2026-05-01T09:59:00Z', 'scheduled'],
    ['delivery unused', delivery(null), '2026-05-01T11:00:00Z', 'active'],
    ['delivery unused past expiry', delivery(null), '2026-05-01T12:00:00Z', 'expired'],
    ['delivery used, in grace', delivery('2026-05-01T10:30:00Z'), '2026-05-01T10:44:59Z', 'active'],
    ['delivery used, grace over', delivery('2026-05-01T10:30:00Z'), '2026-05-01T10:45:00Z', 'used'],
    ['delivery used, long after expiry', delivery('2026-05-01T10:30:00Z'), '2026-05-02T00:00:00Z', 'used'],
    [
      'delivery used just before expiry, expired in grace',
      delivery('2026-05-01T11:55:00Z'),
      '2026-05-01T12:01:00Z',
      'used',
    ],
    [
      'delivery used then revoked',
      revoked(delivery('2026-05-01T10:30:00Z'), '2026-05-01T10:35:00Z'),
      '2026-05-01T11:00:00Z',
      'revoked',
    ],
  ])('%s → %s', (_label, code, now, status) => {
    expect(guestStatusAt(code, at(now))).toBe(status);
  });
});
