import { describe, expect, it } from 'vitest';
import {
  accessCodeIdsNamed,
  hubIdsNamed,
  type IntegrationCodeFacts,
  KEYWAY_SEAM_EVENT_TYPES,
  type MappingFacts,
  type OutboxEvent,
  seamEventsFor,
} from './seamEventMapping.ts';

const COMMUNITY = '00000000-0000-4000-8000-00000000c0de';
const LOCK = '00000000-0000-4000-8000-000000000001';
const LOCK_2 = '00000000-0000-4000-8000-000000000002';
const HUB = '00000000-0000-4000-8000-0000000000b1';
const CODE = '00000000-0000-4000-8000-00000000aaaa';
const RESIDENT_CODE = '00000000-0000-4000-8000-00000000bbbb';
const AT = new Date('2026-06-15T15:00:00Z');

const event = (type: string, data: Record<string, unknown>, subjectId: string | null = null): OutboxEvent => ({
  id: 1,
  communityId: COMMUNITY,
  type,
  subjectId,
  data,
  createdAt: AT,
});

const facts = (code: Partial<IntegrationCodeFacts> = {}): MappingFacts => ({
  integrationCodes: new Map([[CODE, { revoked: false, intents: { [LOCK]: 'present' }, ...code }]]),
  hubLocks: new Map([
    [
      HUB,
      [
        { lockId: LOCK, doorName: 'Unit 101 Front Door' },
        { lockId: LOCK_2, doorName: 'Main Gate' },
      ],
    ],
  ]),
});

const rowEvent = (state: string, reason: string | null, accessCodeId = CODE) =>
  event('lock_code.updated', { accessCodeId, holderId: null, lockId: LOCK, state, reason }, accessCodeId);

/** [what happened, the outbox event, facts, the Seam types it gives]. */
const TABLE: [string, OutboxEvent, MappingFacts, string[]][] = [
  [
    'an integration code is created',
    event('integration_code.created', { lockId: LOCK, name: 'Guest 1' }, CODE),
    facts(),
    ['access_code.created'],
  ],
  [
    'an integration code is changed',
    event('integration_code.updated', { lockId: LOCK, name: 'Guest 1' }, CODE),
    facts(),
    ['access_code.changed'],
  ],
  [
    'an integration code is deleted',
    event('integration_code.deleted', { lockId: LOCK, name: 'Guest 1' }, CODE),
    facts(),
    ['access_code.deleted'],
  ],
  [
    'an unmanaged code is converted',
    event('integration_code.converted', { lockId: LOCK }, CODE),
    facts(),
    ['access_code.unmanaged.converted_to_managed'],
  ],
  [
    'an unmanaged code is deleted',
    event('unmanaged_code.deleted', { accessCodeId: CODE, lockId: LOCK, slot: 3 }, CODE),
    facts(),
    ['access_code.unmanaged.removed'],
  ],
  ['an integration code without its lock', event('integration_code.created', {}, CODE), facts(), []],
  ['the lock confirms the code', rowEvent('active', null), facts(), ['access_code.set_on_device']],
  ['the lock confirms the removal', rowEvent('removed', null), facts(), ['access_code.removed_from_device']],
  ['the lock refuses the code', rowEvent('failed', 'no_free_slot'), facts(), ['access_code.failed_to_set_on_device']],
  [
    'the lock refuses the removal',
    rowEvent('failed', 'rejected_by_lock'),
    facts({ intents: { [LOCK]: 'absent' } }),
    ['access_code.failed_to_remove_from_device'],
  ],
  [
    'a failure of a revoked code whose row is gone is a removal failure',
    rowEvent('failed', 'rejected_by_lock'),
    facts({ revoked: true, intents: {} }),
    ['access_code.failed_to_remove_from_device'],
  ],
  [
    'a failure of a live code whose row is gone is a set failure',
    rowEvent('failed', 'rejected_by_lock'),
    facts({ intents: {} }),
    ['access_code.failed_to_set_on_device'],
  ],
  ...(['hub_offline', 'awaiting_phone', 'timeout', 'lock_unreachable', 'circuit_open'] as const).flatMap(
    (reason): [string, OutboxEvent, MappingFacts, string[]][] => [
      [`setting waits (${reason})`, rowEvent('pending', reason), facts(), ['access_code.delay_in_setting_on_device']],
      [
        `removing waits (${reason})`,
        rowEvent('removing', reason),
        facts({ intents: { [LOCK]: 'absent' } }),
        ['access_code.delay_in_removing_from_device'],
      ],
    ],
  ),
  ...(['awaiting_sync', 'sending', 'outside_window', 'drift', null] as const).map(
    (reason): [string, OutboxEvent, MappingFacts, string[]] => [
      `normal progress is no event (pending, ${reason})`,
      rowEvent('pending', reason),
      facts(),
      [],
    ],
  ),
  ['a removal under way is no event', rowEvent('removing', 'sending'), facts(), []],
  ['a resident’s code on a lock is never shown', rowEvent('active', null, RESIDENT_CODE), facts(), []],
  [
    'an integration code opens a door',
    event('lock.opened', { lockId: LOCK, accessCodeId: CODE, doorName: 'Unit 101 Front Door', at: AT.toISOString() }),
    facts(),
    ['lock.unlocked'],
  ],
  [
    'a resident’s code opens a door',
    event('lock.opened', { lockId: LOCK, accessCodeId: RESIDENT_CODE, doorName: 'Unit 101 Front Door' }),
    facts(),
    ['lock.unlocked'],
  ],
  [
    'a wrong code is refused',
    event('lock.code_refused', { lockId: LOCK, accessCodeId: null }),
    facts(),
    ['lock.access_denied'],
  ],
  [
    'a hub goes offline: each of its locks disconnects',
    event('hub.offline', { hubId: HUB }, HUB),
    facts(),
    ['device.disconnected', 'device.disconnected'],
  ],
  ['a hub comes back', event('hub.online', { hubId: HUB }, HUB), facts(), ['device.connected', 'device.connected']],
  [
    'a hub without locks',
    event('hub.online', { hubId: HUB }, HUB),
    { integrationCodes: new Map(), hubLocks: new Map() },
    [],
  ],
  ['a lock is added', event('lock.added', { lockId: LOCK, doorName: 'Pool' }, LOCK), facts(), ['device.added']],
  ['a lock is removed', event('lock.removed', { lockId: LOCK, doorName: 'Pool' }, LOCK), facts(), ['device.removed']],
  ['a resident moves in', event('resident.moved_in', { personId: 'p' }), facts(), []],
  ['a guest code is created', event('guest_code.created', { lockId: LOCK }, RESIDENT_CODE), facts(), []],
  ['a webhook is created', event('webhook.created', { url: 'https://x' }), facts(), []],
];

describe('seamEventsFor', () => {
  it.each(TABLE)('%s', (_what, outbox, known, types) => {
    const drafts = seamEventsFor(outbox, known);
    expect(drafts.map((d) => d.eventType)).toEqual(types);
    for (const d of drafts) {
      expect(KEYWAY_SEAM_EVENT_TYPES).toContain(d.eventType);
      expect(d.description.length).toBeGreaterThan(0);
    }
  });

  it('names the code and the device of code events, and never a PIN', () => {
    const [created] = seamEventsFor(event('integration_code.deleted', { lockId: LOCK, name: 'G' }, CODE), facts());
    expect(created).toMatchObject({ deviceId: LOCK, accessCodeId: CODE, fields: { code: null } });
    const [failed] = seamEventsFor(rowEvent('failed', 'no_free_slot'), facts());
    expect(failed?.fields).toMatchObject({
      access_code_errors: [{ error_code: 'no_space_for_access_code_on_device', created_at: AT.toISOString() }],
      access_code_warnings: [],
      device_errors: [],
    });
    const [duplicate] = seamEventsFor(rowEvent('failed', 'duplicate_on_lock'), facts());
    expect(duplicate?.fields.access_code_errors).toMatchObject([{ error_code: 'duplicate_code_on_device' }]);
    const [delayed] = seamEventsFor(rowEvent('pending', 'hub_offline'), facts());
    expect(delayed?.fields.access_code_warnings).toMatchObject([{ warning_code: 'delay_in_setting_on_device' }]);
  });

  it('says which code opened the door only when it is an integration code, at the time the lock reported', () => {
    const usedAt = '2026-06-15T14:59:58.000Z';
    const [own] = seamEventsFor(event('lock.opened', { lockId: LOCK, accessCodeId: CODE, at: usedAt }), facts());
    expect(own).toMatchObject({
      deviceId: LOCK,
      accessCodeId: CODE,
      occurredAt: new Date(usedAt),
      fields: { method: 'keycode', access_code_is_managed: true },
    });
    const [other] = seamEventsFor(event('lock.opened', { lockId: LOCK, accessCodeId: RESIDENT_CODE }), facts());
    expect(other).toMatchObject({ accessCodeId: null, occurredAt: AT, fields: { method: 'keycode' } });
    expect(JSON.stringify(other)).not.toContain(RESIDENT_CODE);
  });

  it('disconnects each lock of an offline hub with Seam’s hub_disconnected', () => {
    const drafts = seamEventsFor(event('hub.offline', { hubId: HUB }, HUB), facts());
    expect(drafts.map((d) => d.deviceId)).toEqual([LOCK, LOCK_2]);
    expect(drafts[0]?.fields).toMatchObject({
      error_code: 'hub_disconnected',
      device_errors: [{ error_code: 'hub_disconnected' }],
    });
  });
});

describe('what the projection must look up', () => {
  it('names the codes of sync rows and keypad use, and the hubs of hub events', () => {
    expect(accessCodeIdsNamed(rowEvent('active', null))).toEqual([CODE]);
    expect(accessCodeIdsNamed(event('lock.opened', { lockId: LOCK, accessCodeId: CODE }))).toEqual([CODE]);
    expect(accessCodeIdsNamed(event('lock.code_refused', { lockId: LOCK, accessCodeId: null }))).toEqual([]);
    expect(accessCodeIdsNamed(event('integration_code.created', { lockId: LOCK }, CODE))).toEqual([]);
    expect(hubIdsNamed(event('hub.offline', { hubId: HUB }, HUB))).toEqual([HUB]);
    expect(hubIdsNamed(event('lock.added', { lockId: LOCK }, LOCK))).toEqual([]);
  });
});
