import { describe, expect, it } from 'vitest';
import { type ActivityActor, describeActivity } from './activityText.ts';

const at = new Date('2026-06-15T19:02:00Z');

const ALEX = 'a1ex0000-0000-4000-8000-000000000001';
const MORGAN = 'm0r90000-0000-4000-8000-000000000002';
const alex: ActivityActor = { type: 'person', id: ALEX, name: 'Alex Kim' };
const morgan: ActivityActor = { type: 'person', id: MORGAN, name: 'Morgan Reyes' };
const apiKey: ActivityActor = { type: 'api_key', id: 'k', name: 'Property software' };
const keyway: ActivityActor = { type: 'system', id: null, name: null };
const guestOfAlex = { guestName: 'Sam', ownerId: ALEX, ownerName: 'Alex Kim', doorName: 'Main Gate' };

/** [type, data, actor, reader (the person reading their own activity, or none), sentence] */
const ROWS: [string, Record<string, unknown>, ActivityActor, string | null, string][] = [
  // Keypad: whose code, the door; the reader's own code is "Your code", never their own name.
  [
    'lock.opened',
    { holderId: ALEX, holderName: 'Alex Kim', doorName: 'Pool' },
    keyway,
    null,
    "Alex Kim's code opened Pool",
  ],
  ['lock.opened', { holderId: ALEX, holderName: 'Alex Kim', doorName: 'Pool' }, keyway, ALEX, 'Your code opened Pool'],
  ['lock.opened', guestOfAlex, keyway, null, "Sam's guest code (from Alex Kim) opened Main Gate"],
  ['lock.opened', guestOfAlex, keyway, ALEX, "Your guest Sam's code opened Main Gate"],
  ['lock.opened', { doorName: 'Pool' }, keyway, null, 'A code Keyway does not manage opened Pool'],
  [
    'guest_code.used',
    { ...guestOfAlex, guestName: 'Parcel' },
    keyway,
    null,
    "Parcel's delivery code was used at Main Gate (Alex Kim's guest); it stops working after the grace period",
  ],
  [
    'guest_code.used',
    { ...guestOfAlex, guestName: 'Parcel' },
    keyway,
    ALEX,
    "Parcel's delivery code was used at Main Gate; it stops working after the grace period",
  ],
  // Who acted, and on whose behalf.
  ['guest_code.created', guestOfAlex, alex, null, 'Alex Kim created a guest code for Sam'],
  ['guest_code.created', guestOfAlex, alex, ALEX, 'You created a guest code for Sam'],
  ['guest_code.created', guestOfAlex, morgan, null, 'Morgan Reyes created a guest code for Sam on behalf of Alex Kim'],
  ['guest_code.created', guestOfAlex, morgan, ALEX, 'Morgan Reyes created a guest code for Sam on behalf of you'],
  [
    'guest_code.revoked',
    guestOfAlex,
    apiKey,
    null,
    'The API key “Property software” revoked the guest code for Sam on behalf of Alex Kim',
  ],
  ['guest_code.revoked', guestOfAlex, keyway, null, 'The guest code for Sam was revoked'],
  [
    'staff_code.created',
    { kind: 'vendor', name: 'Pool service' },
    morgan,
    null,
    'Morgan Reyes created a vendor code for Pool service',
  ],
  [
    'staff_code.created',
    { kind: 'vendor', name: 'Pool service' },
    apiKey,
    null,
    'The API key “Property software” created a vendor code for Pool service',
  ],
  ['staff_code.revoked', { name: 'Pool service' }, morgan, null, 'Morgan Reyes revoked the staff code of Pool service'],
  [
    'staff_code.revealed',
    { name: 'Pool service', by: 'Morgan Reyes' },
    morgan,
    null,
    'Morgan Reyes revealed the staff code of Pool service',
  ],
  ['access_code.generated', { holderId: ALEX, holderName: 'Alex Kim' }, alex, ALEX, 'You generated a new code'],
  ['access_code.generated', { holderId: ALEX, holderName: 'Alex Kim' }, alex, null, 'Alex Kim generated a new code'],
  [
    'access_code.picked',
    { holderId: ALEX, holderName: 'Alex Kim' },
    morgan,
    null,
    'Morgan Reyes chose a new code for Alex Kim',
  ],
  ['access_code.issued', { holderId: ALEX, holderName: 'Alex Kim' }, morgan, ALEX, 'Morgan Reyes issued a code to you'],
  [
    'resident.moved_in',
    { unit: '101', subjectId: ALEX, subjectName: 'Alex Kim' },
    morgan,
    null,
    'Alex Kim moved in to unit 101 (added by Morgan Reyes)',
  ],
  [
    'resident.moved_in',
    { unit: '101', subjectId: ALEX, subjectName: 'Alex Kim' },
    morgan,
    ALEX,
    'You moved in to unit 101 (added by Morgan Reyes)',
  ],
  [
    'resident.moved_out',
    { revokedCodes: 1, subjectId: ALEX, subjectName: 'Alex Kim' },
    morgan,
    null,
    'Alex Kim moved out (recorded by Morgan Reyes); 1 code is being removed',
  ],
  [
    'resident.moved_out',
    { revokedCodes: 2, subjectId: ALEX, subjectName: 'Alex Kim' },
    keyway,
    null,
    'Alex Kim moved out; 2 codes are being removed',
  ],
  ['community.settings_changed', {}, morgan, null, 'Morgan Reyes changed the community settings'],
  ['community.settings_changed', {}, apiKey, null, 'The API key “Property software” changed the community settings'],
  ['lock.code_refused', { doorName: 'Lobby' }, keyway, null, 'A wrong code was entered at Lobby'],
];

describe('describeActivity', () => {
  it.each([
    ['lock.opened', { holderName: 'Alex Kim', doorName: 'Main Gate' }, "Alex Kim's code opened Main Gate"],
    ['resident.access_started', {}, "A resident's lease started: codes are going out to the doors"],
    ['resident.lease_ended', {}, "A resident's lease ended: codes are leaving every lock"],
    [
      'residents.imported',
      { create: 3, update: 1, moveOut: 0, unchanged: 4 },
      'Someone imported residents: 3 added, 1 updated, 0 moved out',
    ],
    ['invitation.sent', { role: 'manager' }, 'An invitation (manager) was emailed'],
    ['hub.lock_discovered', { hubName: 'Pine hub', address: 'side' }, 'Pine hub found a new lock at address side'],
    [
      'lock.drift_found',
      { doorName: 'Main Gate', lost: 3, replaced: 0, wiped: true },
      'Main Gate was wiped (3 codes gone); Keyway is restoring them',
    ],
    [
      'lock.drift_found',
      { doorName: 'Lobby', lost: 0, replaced: 1, wiped: false },
      'Lobby had 1 code changed at the lock; Keyway is restoring it',
    ],
    [
      'lock.drift_repaired',
      { doorName: 'Main Gate', lost: 3, replaced: 0, wiped: false },
      'Main Gate had lost 3 codes; restored',
    ],
    [
      'lock.drift_repaired',
      { doorName: 'Pool', lost: 1, replaced: 2, wiped: false },
      'Pool had lost 1 code and had 2 codes changed at the lock; restored',
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
      "Property software's code “Guest 1” opened Unit 101 Front Door",
    ],
    [
      'lock.opened',
      { doorName: 'Pool', codeKind: 'integration', integration: null, codeName: null },
      "An integration's code opened Pool",
    ],
    [
      'guest_code.used',
      { doorName: 'Unit 101 Front Door', codeKind: 'integration', integration: 'Property software', codeName: 'Once' },
      "Property software's one-time code “Once” was used at Unit 101 Front Door; it no longer works",
    ],
    [
      'integration_code.created',
      { name: 'Guest 1', doorName: 'Unit 101 Front Door', integration: 'Property software' },
      "Property software's code “Guest 1” was created for Unit 101 Front Door",
    ],
    [
      'integration_code.updated',
      { name: 'Guest 2', doorName: 'Lobby', integration: 'Property software' },
      "Property software's code “Guest 2” for Lobby was changed",
    ],
    [
      'integration_code.deleted',
      { name: 'Guest 1', doorName: 'Lobby', integration: 'Property software', byName: null },
      "Property software's code “Guest 1” for Lobby was deleted",
    ],
    [
      'integration_code.deleted',
      { name: 'Guest 1', doorName: 'Lobby', integration: 'Property software', byName: 'Morgan Reyes' },
      "Morgan Reyes revoked Property software's code “Guest 1” for Lobby",
    ],
    ['something.new_here', {}, 'something: new here'],
  ])('%s', (type, data, text) => {
    expect(describeActivity({ type, at, data })).toBe(text);
  });

  it.each(ROWS)('%s → %s', (type, data, actor, reader, text) => {
    expect(describeActivity({ type, at, data, actor }, reader)).toBe(text);
  });

  it('never puts the time in the sentence', () => {
    for (const [type, data, actor, reader] of ROWS)
      expect(describeActivity({ type, at, data, actor }, reader)).not.toMatch(/\d\d:\d\d/);
  });
});
