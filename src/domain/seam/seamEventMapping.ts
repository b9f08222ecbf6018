/**
 * Keyway's events (the outbox) as Seam's events, for the Seam-compatible `/events/list` and its webhooks. Pure: the
 * projection (src/events/webhooks/projection.ts) reads one outbox event and the few facts it needs (which codes are
 * integration codes, which locks a hub has) and stores what this returns. What an integrator sees:
 * - their access codes (kind `integration`): created / changed / deleted, and per lock set / removed / failed /
 *   delayed, from the sync engine's `lock_code.updated` rows; unmanaged codes converted or deleted;
 * - every lock of the community (a Seam device): keypad use (`lock.unlocked` with the access code when it was one of
 *   theirs, `lock.access_denied`), connectivity (a hub going offline disconnects each of its locks), added/removed.
 * Residents', guests' and staff codes never appear by id, and no event ever carries a PIN (`code` is null).
 */

export interface OutboxEvent {
  id: number;
  communityId: string;
  type: string;
  subjectId: string | null;
  data: Record<string, unknown>;
  createdAt: Date;
}

export interface IntegrationCodeFacts {
  /** Revoked (deleted through the API or the console): it is leaving its lock. */
  revoked: boolean;
  /** The per-lock wish (`lock_codes.intent`) by lock id, where a row still exists. */
  intents: Readonly<Record<string, 'present' | 'absent'>>;
}

export interface MappingFacts {
  /** The integration codes among the codes the events name (others are absent: never shown by id). */
  integrationCodes: ReadonlyMap<string, IntegrationCodeFacts>;
  /** The locks of each hub the events name, with their door names. */
  hubLocks: ReadonlyMap<string, readonly { lockId: string; doorName: string }[]>;
}

/** One Seam event, before the projection gives it an id and its envelope (workspace, times). */
export interface SeamEventDraft {
  eventType: SeamEventType;
  deviceId: string | null;
  accessCodeId: string | null;
  occurredAt: Date;
  description: string;
  /** Type-specific fields, in Seam's snake_case (e.g. `method`, `error_code`, `access_code_errors`). */
  fields: Record<string, unknown>;
}

/** The Seam event types Keyway sends (a webhook without a type filter gets all of these). */
export const KEYWAY_SEAM_EVENT_TYPES = [
  'access_code.created',
  'access_code.changed',
  'access_code.deleted',
  'access_code.set_on_device',
  'access_code.removed_from_device',
  'access_code.failed_to_set_on_device',
  'access_code.failed_to_remove_from_device',
  'access_code.delay_in_setting_on_device',
  'access_code.delay_in_removing_from_device',
  'access_code.unmanaged.converted_to_managed',
  'access_code.unmanaged.removed',
  'lock.unlocked',
  'lock.access_denied',
  'device.connected',
  'device.disconnected',
  'device.added',
  'device.removed',
] as const;

export type SeamEventType = (typeof KEYWAY_SEAM_EVENT_TYPES)[number];

/**
 * Sync reasons that mean "it will get there, it is waiting" (Seam's delay events) rather than a failure. Other
 * reasons of a pending row (`awaiting_sync`, `sending`, `outside_window`, `drift`) are normal progress: no event.
 */
const DELAY_REASONS: Readonly<Record<string, string>> = {
  hub_offline: 'the hub the lock is on is offline',
  awaiting_phone: 'the Bluetooth lock waits for a resident’s phone to come near the door',
  timeout: 'the lock did not answer in time; Keyway retries',
  lock_unreachable: 'the hub cannot reach the lock by radio; Keyway retries',
  circuit_open: 'the lock keeps failing; Keyway retries later',
};

/** Seam's error codes for a code that failed on a lock; others are `failed_to_set_on_device`. */
const FAILURE_CODES: Readonly<Record<string, string>> = {
  no_free_slot: 'no_space_for_access_code_on_device',
  duplicate_on_lock: 'duplicate_code_on_device',
};

const FAILURE_WORDS: Readonly<Record<string, string>> = {
  no_free_slot: 'the lock has no free code slot',
  duplicate_on_lock: 'the lock already holds this code',
  length_not_supported: 'the lock does not take codes of this length',
  rejected_by_lock: 'the lock refused it',
};

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function draft(
  eventType: SeamEventType,
  occurredAt: Date,
  description: string,
  ids: { deviceId?: string | null; accessCodeId?: string | null } = {},
  fields: Record<string, unknown> = {},
): SeamEventDraft {
  return {
    eventType,
    deviceId: ids.deviceId ?? null,
    accessCodeId: ids.accessCodeId ?? null,
    occurredAt,
    description,
    fields,
  };
}

/** The problem lists Seam's delay and failure events carry, with the one problem this event is about. */
function problemLists(
  at: Date,
  problem: { kind: 'error'; code: string; message: string } | { kind: 'warning'; code: string; message: string },
): Record<string, unknown> {
  const createdAt = at.toISOString();
  return {
    access_code_errors:
      problem.kind === 'error' ? [{ error_code: problem.code, message: problem.message, created_at: createdAt }] : [],
    access_code_warnings:
      problem.kind === 'warning'
        ? [{ warning_code: problem.code, message: problem.message, created_at: createdAt }]
        : [],
    device_errors: [],
    device_warnings: [],
    connected_account_errors: [],
    connected_account_warnings: [],
  };
}

function codeEvents(event: OutboxEvent): SeamEventDraft[] {
  const accessCodeId = event.subjectId ?? str(event.data.accessCodeId);
  const deviceId = str(event.data.lockId);
  if (!accessCodeId || !deviceId) return [];
  const ids = { deviceId, accessCodeId };
  switch (event.type) {
    case 'integration_code.created':
      return [draft('access_code.created', event.createdAt, 'An access code was created.', ids)];
    case 'integration_code.updated':
      return [draft('access_code.changed', event.createdAt, 'An access code was changed.', ids)];
    case 'integration_code.deleted':
      // Seam's event has the code's PIN here; Keyway's events never carry one.
      return [draft('access_code.deleted', event.createdAt, 'An access code was deleted.', ids, { code: null })];
    case 'integration_code.converted':
      return [
        draft(
          'access_code.unmanaged.converted_to_managed',
          event.createdAt,
          'An unmanaged access code was converted to a managed one.',
          ids,
        ),
      ];
    case 'unmanaged_code.deleted':
      return [
        draft(
          'access_code.unmanaged.removed',
          event.createdAt,
          'An unmanaged access code is being removed from its device.',
          ids,
        ),
      ];
    default:
      return [];
  }
}

function lockCodeEvents(event: OutboxEvent, facts: MappingFacts): SeamEventDraft[] {
  const accessCodeId = str(event.data.accessCodeId);
  const deviceId = str(event.data.lockId);
  if (!accessCodeId || !deviceId) return [];
  const code = facts.integrationCodes.get(accessCodeId);
  if (!code) return []; // not an integrator's code: Seam clients never see it
  const ids = { deviceId, accessCodeId };
  const at = event.createdAt;
  const reason = str(event.data.reason);
  switch (event.data.state) {
    case 'active':
      return [draft('access_code.set_on_device', at, 'An access code was set on a device.', ids)];
    case 'removed':
      return [draft('access_code.removed_from_device', at, 'An access code was removed from a device.', ids)];
    case 'failed': {
      const intent = code.intents[deviceId] ?? (code.revoked ? 'absent' : 'present');
      const why = reason ? (FAILURE_WORDS[reason] ?? reason.replaceAll('_', ' ')) : 'the lock refused the change';
      if (intent === 'absent') {
        const message = `The access code could not be removed from the device: ${why}.`;
        return [
          draft(
            'access_code.failed_to_remove_from_device',
            at,
            message,
            ids,
            problemLists(at, { kind: 'error', code: 'failed_to_remove_from_device', message }),
          ),
        ];
      }
      const message = `The access code could not be set on the device: ${why}.`;
      const errorCode = (reason && FAILURE_CODES[reason]) ?? 'failed_to_set_on_device';
      return [
        draft(
          'access_code.failed_to_set_on_device',
          at,
          message,
          ids,
          problemLists(at, { kind: 'error', code: errorCode, message }),
        ),
      ];
    }
    case 'pending':
    case 'removing': {
      const why = reason ? DELAY_REASONS[reason] : undefined;
      if (!why) return [];
      const removing = event.data.state === 'removing';
      const type = removing ? 'access_code.delay_in_removing_from_device' : 'access_code.delay_in_setting_on_device';
      const warning = removing ? 'delay_in_removing_from_device' : 'delay_in_setting_on_device';
      const message = `${removing ? 'Removing the access code from' : 'Setting the access code on'} the device is delayed: ${why}.`;
      return [draft(type, at, message, ids, problemLists(at, { kind: 'warning', code: warning, message }))];
    }
    default:
      return [];
  }
}

function keypadEvents(event: OutboxEvent, facts: MappingFacts): SeamEventDraft[] {
  const deviceId = str(event.data.lockId) ?? event.subjectId;
  if (!deviceId) return [];
  const door = str(event.data.doorName) ?? 'A lock';
  const usedCode = str(event.data.accessCodeId);
  // Only an integrator's own codes are named; a resident's or a guest's code is someone else's business.
  const accessCodeId = usedCode && facts.integrationCodes.has(usedCode) ? usedCode : null;
  const reported = str(event.data.at);
  const occurredAt = reported && !Number.isNaN(Date.parse(reported)) ? new Date(reported) : event.createdAt;
  const codeFields = accessCodeId ? { access_code_is_managed: true } : {};
  if (event.type === 'lock.opened') {
    return [
      draft(
        'lock.unlocked',
        occurredAt,
        `${door} was unlocked with a code on its keypad.`,
        { deviceId, accessCodeId },
        { method: 'keycode', ...codeFields },
      ),
    ];
  }
  return [
    draft('lock.access_denied', occurredAt, `${door} refused a code entered on its keypad.`, {
      deviceId,
      accessCodeId,
    }),
  ];
}

function hubEvents(event: OutboxEvent, facts: MappingFacts): SeamEventDraft[] {
  const hubId = str(event.data.hubId) ?? event.subjectId;
  if (!hubId) return [];
  const online = event.type === 'hub.online';
  return (facts.hubLocks.get(hubId) ?? []).map(({ lockId, doorName }) =>
    online
      ? draft('device.connected', event.createdAt, `${doorName} is connected again (its hub came back online).`, {
          deviceId: lockId,
        })
      : draft(
          'device.disconnected',
          event.createdAt,
          `${doorName} is disconnected: its hub went offline.`,
          { deviceId: lockId },
          {
            error_code: 'hub_disconnected',
            device_errors: [
              {
                error_code: 'hub_disconnected',
                message: 'The hub this lock is on is offline.',
                created_at: event.createdAt.toISOString(),
              },
            ],
            device_warnings: [],
            connected_account_errors: [],
            connected_account_warnings: [],
          },
        ),
  );
}

function lockEvents(event: OutboxEvent): SeamEventDraft[] {
  const deviceId = str(event.data.lockId) ?? event.subjectId;
  if (!deviceId) return [];
  const door = str(event.data.doorName);
  if (event.type === 'lock.added')
    return [draft('device.added', event.createdAt, `A lock was added${door ? ` on ${door}` : ''}.`, { deviceId })];
  return [draft('device.removed', event.createdAt, `The lock${door ? ` on ${door}` : ''} was removed.`, { deviceId })];
}

/** The Seam events one outbox event gives (often none: most of Keyway's events mean nothing to Seam clients). */
export function seamEventsFor(event: OutboxEvent, facts: MappingFacts): SeamEventDraft[] {
  switch (event.type) {
    case 'integration_code.created':
    case 'integration_code.updated':
    case 'integration_code.deleted':
    case 'integration_code.converted':
    case 'unmanaged_code.deleted':
      return codeEvents(event);
    case 'lock_code.updated':
      return lockCodeEvents(event, facts);
    case 'lock.opened':
    case 'lock.code_refused':
      return keypadEvents(event, facts);
    case 'hub.online':
    case 'hub.offline':
      return hubEvents(event, facts);
    case 'lock.added':
    case 'lock.removed':
      return lockEvents(event);
    default:
      return [];
  }
}

/** The codes whose kind the mapping needs to know (to name them, or to leave them out). */
export function accessCodeIdsNamed(event: OutboxEvent): string[] {
  if (event.type === 'lock_code.updated' || event.type === 'lock.opened' || event.type === 'lock.code_refused') {
    const id = str(event.data.accessCodeId);
    return id ? [id] : [];
  }
  return [];
}

/** The hubs whose locks the mapping needs. */
export function hubIdsNamed(event: OutboxEvent): string[] {
  if (event.type !== 'hub.online' && event.type !== 'hub.offline') return [];
  const id = str(event.data.hubId) ?? event.subjectId;
  return id ? [id] : [];
}
