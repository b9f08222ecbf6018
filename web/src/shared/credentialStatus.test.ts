import { describe, expect, it } from 'vitest';
import { type CredentialDoor, credentialStatus, nextStartOf } from './credentialStatus.ts';

const CHICAGO = 'America/Chicago';
// Wednesday 2030-01-09 12:00 in Chicago (18:00 UTC).
const NOW = new Date('2030-01-09T18:00:00Z');
const door = (status: CredentialDoor['status'], reason: string | null = null): CredentialDoor => ({ status, reason });

describe('credentialStatus: one label from the status and the doors', () => {
  const monday9 = new Date('2030-01-14T15:00:00Z'); // Mon 9:00 AM Chicago
  it.each([
    ['active, every door active', 'active', [door('active'), door('active')], null, 'Active', 'ok'],
    [
      'active, one door pending',
      'active',
      [door('active'), door('pending', 'awaiting_phone')],
      null,
      'Pending · 1 of 2 doors',
      'wait',
    ],
    [
      'active, one door still removing',
      'active',
      [door('removing', 'hub_offline')],
      null,
      'Pending · 0 of 1 door',
      'wait',
    ],
    [
      'active, a door failed',
      'active',
      [door('active'), door('failed', 'no_free_slot')],
      null,
      'Not on every door',
      'bad',
    ],
    [
      'scheduled between windows (outside_window is no failure)',
      'scheduled',
      [door('pending', 'outside_window')],
      monday9,
      'Scheduled · next Mon 9:00 AM',
      'wait',
    ],
    [
      'scheduled, far away',
      'scheduled',
      [door('pending', 'outside_window')],
      new Date('2030-03-01T15:00:00Z'),
      'Scheduled · from Mar 1, 9:00 AM',
      'wait',
    ],
    ['scheduled, next unknown', 'scheduled', [], null, 'Scheduled', 'wait'],
    [
      'active with a door waiting for its window',
      'active',
      [door('active'), door('pending', 'outside_window')],
      null,
      'Active',
      'ok',
    ],
    ['revoked while doors are removing', 'revoked', [door('removing')], null, 'Revoked', 'off'],
    ['used', 'used', [door('removed')], null, 'Used', 'off'],
    ['expired', 'expired', [door('removed')], null, 'Expired', 'off'],
  ] as const)('%s → %s', (_name, status, doors, nextStart, label, tone) => {
    expect(credentialStatus({ status, doors, nextStart }, CHICAGO, NOW)).toEqual({ label, tone });
  });
});

describe('nextStartOf', () => {
  it('a recurring code between windows: the start of its next window, on the community clocks', () => {
    const next = nextStartOf(
      {
        type: 'recurring',
        status: 'scheduled',
        startsAt: null,
        endsAt: null,
        schedule: { days: ['mon', 'fri'], start: '09:00', end: '10:00' },
      },
      CHICAGO,
      NOW,
    );
    expect(next?.toISOString()).toBe('2030-01-11T15:00:00.000Z'); // Fri 9:00 Chicago
  });
  it('a code that starts later (staff, temporary): its start', () => {
    expect(
      nextStartOf({ status: 'scheduled', startsAt: '2030-01-10T15:00:00Z', endsAt: null }, CHICAGO, NOW)?.toISOString(),
    ).toBe('2030-01-10T15:00:00.000Z');
  });
  it('an active code has no next start', () => {
    expect(nextStartOf({ status: 'active', startsAt: null, endsAt: null }, CHICAGO, NOW)).toBeNull();
  });
});
