import { describe, expect, it } from 'vitest';
import { describeActivity } from './activityText.ts';

const at = new Date('2026-06-15T19:02:00Z'); // 14:02 in Chicago

describe('describeActivity', () => {
  it.each([
    ['lock.opened', { holderName: 'Alex Kim', doorName: 'Main Gate' }, "Alex Kim's code opened Main Gate at 14:02"],
    ['resident.access_started', {}, "A resident's lease started: their codes are going out to the doors (14:02)"],
    ['resident.lease_ended', {}, "A resident's lease ended: their codes are leaving every lock (14:02)"],
    [
      'residents.imported',
      { create: 3, update: 1, moveOut: 0, unchanged: 4 },
      'Residents imported at 14:02: 3 added, 1 updated, 0 moved out',
    ],
    ['invitation.sent', { role: 'manager' }, 'An invitation (manager) was emailed at 14:02'],
    [
      'hub.lock_discovered',
      { hubName: 'Pine hub', address: 'side' },
      'Pine hub found a new lock at address side (14:02)',
    ],
    [
      'lock.drift_found',
      { doorName: 'Main Gate', lost: 3, replaced: 0, wiped: true },
      'Main Gate was wiped (3 codes gone); Keyway is restoring them (14:02)',
    ],
    [
      'lock.drift_found',
      { doorName: 'Lobby', lost: 0, replaced: 1, wiped: false },
      'Lobby had 1 code changed at the lock; Keyway is restoring it (14:02)',
    ],
    [
      'lock.drift_repaired',
      { doorName: 'Main Gate', lost: 3, replaced: 0, wiped: false },
      'Main Gate had lost 3 codes; restored (14:02)',
    ],
    [
      'lock.drift_repaired',
      { doorName: 'Pool', lost: 1, replaced: 2, wiped: false },
      'Pool had lost 1 code and had 2 codes changed at the lock; restored (14:02)',
    ],
    [
      'lock.opened',
      {
        doorName: 'Unit 101 Front Door',
        guestName: 'Guest 1',
        codeKind: 'integration',
        integration: 'Property software',
        codeName: 'Guest 1',
      },
      "Property software's code “Guest 1” opened Unit 101 Front Door at 14:02",
    ],
    [
      'lock.opened',
      { doorName: 'Pool', codeKind: 'integration', integration: null, codeName: null },
      "An integration's code opened Pool at 14:02",
    ],
    [
      'guest_code.used',
      { doorName: 'Unit 101 Front Door', codeKind: 'integration', integration: 'Property software', codeName: 'Once' },
      "Property software's one-time code “Once” was used at Unit 101 Front Door at 14:02; it no longer works",
    ],
    [
      'integration_code.created',
      { name: 'Guest 1', doorName: 'Unit 101 Front Door', integration: 'Property software' },
      "Property software's code “Guest 1” was created for Unit 101 Front Door at 14:02",
    ],
    [
      'integration_code.updated',
      { name: 'Guest 2', doorName: 'Lobby', integration: 'Property software' },
      "Property software's code “Guest 2” for Lobby was changed at 14:02",
    ],
    [
      'integration_code.deleted',
      { name: 'Guest 1', doorName: 'Lobby', integration: 'Property software', byName: null },
      "Property software's code “Guest 1” for Lobby was deleted at 14:02",
    ],
    [
      'integration_code.deleted',
      { name: 'Guest 1', doorName: 'Lobby', integration: 'Property software', byName: 'Morgan Reyes' },
      "Morgan Reyes revoked Property software's code “Guest 1” for Lobby at 14:02",
    ],
    ['something.new_here', {}, 'something: new here at 14:02'],
  ])('%s', (type, data, text) => {
    expect(describeActivity({ type, at, data }, 'America/Chicago')).toBe(text);
  });
});
