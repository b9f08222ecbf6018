/**
 * Keyway's PostgreSQL schema: one schema (`public`), the same on PGlite and on a PostgreSQL server.
 * Migrations are generated from this file by drizzle-kit (`npm run db:generate`) into `store/migrations/`.
 *
 * PINs never appear in clear: `pinEnc` columns hold AES-256-GCM ciphertext (security/pinCipher.ts) and the
 * `fp`/`fp4` columns hold keyed fingerprints (HMAC) of the whole PIN and of its first four digits, so that
 * "is this code, or a prefix of it, already on that lock?" is an indexed lookup that never decrypts anything.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { CommunitySettings } from '../domain/communitySettings.ts';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull();
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const communities = pgTable('communities', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull(),
  settings: jsonb('settings').$type<CommunitySettings>().notNull(),
  createdAt: createdAt(),
});

export const units = pgTable(
  'units',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('units_community_name').on(t.communityId, t.name)],
);

export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey(),
    /** Null only for operators, who run the installation rather than one community. */
    communityId: uuid('community_id').references(() => communities.id),
    name: text('name').notNull(),
    /** Stored lower-case; one account per address across the whole installation. */
    email: text('email').notNull(),
    phone: text('phone'),
    /** scrypt hash with its parameters (security/passwords.ts); null until an invitation is accepted. */
    passwordHash: text('password_hash'),
    role: text('role', { enum: ['operator', 'manager', 'resident', 'staff'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('people_email').on(t.email), index('people_community').on(t.communityId)],
);

export const residencies = pgTable(
  'residencies',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    /** Calendar dates in the community's time zone. */
    moveIn: date('move_in', { mode: 'string' }).notNull(),
    moveOut: date('move_out', { mode: 'string' }),
    /**
     * The instants the dates mean (community time zone and move-out setting), and where the lease stands:
     * `upcoming` before access starts, `current` while codes belong on locks, `ended` once they have left.
     * `nextBoundaryAt` is when the lease sweep next has work for this residency (null: none).
     */
    accessStartsAt: ts('access_starts_at'),
    accessEndsAt: ts('access_ends_at'),
    accessState: text('access_state', { enum: ['upcoming', 'current', 'ended'] })
      .notNull()
      .default('current'),
    nextBoundaryAt: ts('next_boundary_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('residencies_person').on(t.personId),
    index('residencies_unit').on(t.unitId),
    index('residencies_next_boundary').on(t.nextBoundaryAt),
  ],
);

export const accessPoints = pgTable(
  'access_points',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['unit_door', 'community_door', 'amenity'] }).notNull(),
    /** Set for unit doors only. */
    unitId: uuid('unit_id').references(() => units.id),
    createdAt: createdAt(),
  },
  (t) => [index('access_points_community').on(t.communityId), index('access_points_unit').on(t.unitId)],
);

export const hubs = pgTable('hubs', {
  id: uuid('id').primaryKey(),
  communityId: uuid('community_id')
    .notNull()
    .references(() => communities.id),
  name: text('name').notNull(),
  online: boolean('online').notNull().default(false),
  lastSeenAt: ts('last_seen_at'),
  /** The hub's own MQTT credentials: the username is public, the password only stored as a hash. */
  mqttUsername: text('mqtt_username').unique(),
  mqttPasswordHash: text('mqtt_password_hash'),
  credentialsIssuedAt: ts('credentials_issued_at'),
  /**
   * The hub's sealing key (derived from its MQTT password, so the hub needs no second secret), encrypted with the
   * master key: PINs travel to and from the hub sealed with it, never in clear on the broker.
   */
  sealKeyEnc: text('seal_key_enc'),
  createdAt: createdAt(),
});

/** Locks a hub reported that no door uses yet: the manager assigns them to doors. */
export const hubDiscoveries = pgTable(
  'hub_discoveries',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    hubId: uuid('hub_id')
      .notNull()
      .references(() => hubs.id),
    /** The lock's id on the hub (a Z-Wave node id, a simulated lock's name). */
    address: text('address').notNull(),
    capabilities: jsonb('capabilities').$type<Record<string, unknown>>().notNull(),
    firstSeenAt: ts('first_seen_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
  },
  (t) => [uniqueIndex('hub_discoveries_hub_address').on(t.hubId, t.address)],
);

export const locks = pgTable(
  'locks',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    accessPointId: uuid('access_point_id')
      .notNull()
      .references(() => accessPoints.id),
    /** Null for Bluetooth locks, which are reached only through residents' phones. */
    hubId: uuid('hub_id').references(() => hubs.id),
    connectivity: text('connectivity', { enum: ['hub', 'bluetooth', 'seam'] }).notNull(),
    /** The lock's id on its hub (hub locks) or in the cloud service (seam); null for Bluetooth locks. */
    address: text('address'),
    codeLengths: integer('code_lengths').array().notNull(),
    slotCount: integer('slot_count').notNull(),
    nativeSchedules: boolean('native_schedules').notNull(),
    readableCodes: boolean('readable_codes').notNull(),
    /** The lock can lock its keypad out on command (reported by its hub on every inventory). */
    keypadLockout: boolean('keypad_lockout').notNull().default(false),
    battery: integer('battery'),
    /** False while the hub reports the lock out of radio reach. */
    reachable: boolean('reachable').notNull().default(true),
    /** The lock's last full slot inventory, encrypted (it holds PINs): JSON [{slot, code|null}]. */
    inventoryEnc: text('inventory_enc'),
    /**
     * The same inventory's slots with the keyed fingerprint of each code (null: masked), written with it: a
     * reconcile pass matches confirmations against it without decrypting the inventory. Null: not printed yet (an
     * inventory stored before migration 0009); the pass then prints the decrypted inventory itself.
     */
    inventoryPrints: jsonb('inventory_prints').$type<[slot: number, fp: string | null][]>(),
    inventoryAt: ts('inventory_at'),
    /** When the lock last proved what it holds (a readable inventory); null: never, or it cannot read codes back. */
    verifiedAt: ts('verified_at'),
    /** When the next verification read is due (staggered per lock); null: not scheduled (e.g. not readable). */
    verifyDueAt: ts('verify_due_at'),
    /** Occupied slots no credential claims: codes Keyway did not put there (shown to managers, never overwritten). */
    unmanagedSlots: integer('unmanaged_slots').array().notNull().default(sql`'{}'::int[]`),
    /** Per-lock circuit breaker: consecutive failed commands and when it opened. */
    breakerFailures: integer('breaker_failures').notNull().default(0),
    breakerOpenedAt: ts('breaker_opened_at'),
    /** Bluetooth locks: the lock's own key (encrypted with the master key) and the last bundle counter issued. */
    bleKeyEnc: text('ble_key_enc'),
    bleCounter: integer('ble_counter').notNull().default(0),
    /** The highest bundle counter whose receipt was applied: an older or equal one is a replay. */
    bleReceiptCounter: integer('ble_receipt_counter').notNull().default(0),
    /**
     * Set when a manager removes the lock: its codes leave it first (the rows go to removing), then the lock
     * and its rows are deleted. A retiring lock takes no new codes.
     */
    retiringSince: ts('retiring_since'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('locks_access_point').on(t.accessPointId),
    index('locks_community').on(t.communityId),
    uniqueIndex('locks_hub_address').on(t.hubId, t.address).where(sql`hub_id is not null`),
    index('locks_verify_due').on(t.verifyDueAt),
  ],
);

/**
 * A credential: a resident's access card (one per holder and scope) or, later, a guest/staff/vendor code.
 * The row is long-lived; changing the PIN bumps `version` and keeps the code it replaces in
 * `previousPinEnc` until the new one is on every door (make-before-break, DESIGN.md §4).
 */
export const accessCodes = pgTable(
  'access_codes',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    holderId: uuid('holder_id').references(() => people.id),
    /** `integration`: created by an integrator through the Seam-compatible API, for exactly one lock. */
    kind: text('kind', { enum: ['resident', 'guest', 'staff', 'vendor', 'integration'] }).notNull(),
    /** For resident cards: which card this is. */
    scope: text('scope', { enum: ['home', 'community'] }),
    origin: text('origin', { enum: ['generated', 'custom'] }).notNull(),
    pinEnc: text('pin_enc').notNull(),
    fp: text('fp').notNull(),
    fp4: text('fp4').notNull(),
    codeLength: integer('code_length').notNull(),
    /** The code this one replaces, while the change is still rolling out; cleared once it is on every door. */
    previousPinEnc: text('previous_pin_enc'),
    version: integer('version').notNull().default(1),
    status: text('status', { enum: ['active', 'revoked'] })
      .notNull()
      .default('active'),
    /** Guest codes: the resident who created it, the guest's name and contact, and when it is valid. */
    ownerId: uuid('owner_id').references(() => people.id),
    guestType: text('guest_type', { enum: ['permanent', 'temporary', 'recurring', 'delivery'] }),
    guestName: text('guest_name'),
    guestPhone: text('guest_phone'),
    guestEmail: text('guest_email'),
    startsAt: ts('starts_at'),
    endsAt: ts('ends_at'),
    /** Recurring guest codes: { days: ['mon', …], start: 'HH:MM', end: 'HH:MM' } in the community's time zone. */
    schedule: jsonb('schedule').$type<{ days: string[]; start: string; end: string }>(),
    /** Delivery codes: the first time the code opened a door (it stops working a grace period later). */
    firstUsedAt: ts('first_used_at'),
    /** Integration codes: the API key that created the code (its name is shown in the console as the integration). */
    apiKeyId: uuid('api_key_id').references(() => apiKeys.id),
    /** Integration codes: leaves the lock at its first use, with no grace period (Seam's `is_one_time_use`). */
    oneTimeUse: boolean('one_time_use').notNull().default(false),
    /** Integration codes made together for several locks (Seam's `common_code_key`). */
    commonCodeKey: text('common_code_key'),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    index('access_codes_owner').on(t.ownerId),
    index('access_codes_holder').on(t.holderId),
    index('access_codes_fp').on(t.fp),
    index('access_codes_fp4').on(t.fp4),
    index('access_codes_integration').on(t.communityId, t.createdAt).where(sql`kind = 'integration'`),
    uniqueIndex('access_codes_one_card_per_scope')
      .on(t.holderId, t.scope)
      .where(sql`kind = 'resident' and status = 'active'`),
  ],
);

/**
 * The per-(code, lock) state the sync engine drives (DESIGN.md §4): what should be on the lock for this
 * code (`desiredVersion`), what the lock last reported for it (`reported*`), and where the change stands.
 */
export const lockCodes = pgTable(
  'lock_codes',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    accessCodeId: uuid('access_code_id')
      .notNull()
      .references(() => accessCodes.id),
    lockId: uuid('lock_id')
      .notNull()
      .references(() => locks.id),
    slot: integer('slot'),
    state: text('state', { enum: ['pending', 'active', 'failed', 'removing', 'removed'] }).notNull(),
    reason: text('reason'),
    desiredVersion: integer('desired_version').notNull(),
    /** The code version the lock confirmed holding for this credential, and its fingerprints. */
    reportedVersion: integer('reported_version'),
    reportedFp: text('reported_fp'),
    reportedFp4: text('reported_fp4'),
    reportedLength: integer('reported_length'),
    /** 'present' while the code should be on the lock, 'absent' once it must leave (revoked, moved out). */
    intent: text('intent', { enum: ['present', 'absent'] })
      .notNull()
      .default('present'),
    attempts: integer('attempts').notNull().default(0),
    /** When the next retry is due (null = nothing scheduled). */
    nextAttemptAt: ts('next_attempt_at'),
    /** When this code's wanted presence on the lock next changes (a guest window opens or closes). */
    nextBoundaryAt: ts('next_boundary_at'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('lock_codes_next_attempt').on(t.nextAttemptAt),
    index('lock_codes_next_boundary').on(t.nextBoundaryAt),
    uniqueIndex('lock_codes_code_lock').on(t.accessCodeId, t.lockId),
    index('lock_codes_lock').on(t.lockId),
    index('lock_codes_lock_reported_fp').on(t.lockId, t.reportedFp),
    index('lock_codes_lock_reported_fp4').on(t.lockId, t.reportedFp4),
  ],
);

/** Commands sent to hubs (and operations carried in Bluetooth bundles), keyed by their idempotent id. */
export const lockCommands = pgTable(
  'lock_commands',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    lockId: uuid('lock_id')
      .notNull()
      .references(() => locks.id),
    accessCodeId: uuid('access_code_id').references(() => accessCodes.id),
    type: text('type', { enum: ['set_code', 'clear_slot', 'report_inventory', 'keypad_lockout'] }).notNull(),
    slot: integer('slot'),
    version: integer('version'),
    /** Fingerprints of the code a set_code writes, so a confirmation can record what the lock now holds. */
    codeFp: text('code_fp'),
    codeFp4: text('code_fp4'),
    codeLength: integer('code_length'),
    /** For Bluetooth: the bundle counter that carries this operation. */
    bundleCounter: integer('bundle_counter'),
    status: text('status', { enum: ['sent', 'ok', 'failed', 'timed_out', 'superseded'] }).notNull(),
    error: text('error'),
    sentAt: ts('sent_at').notNull(),
    completedAt: ts('completed_at'),
    /** The server process that planned and sent it (its instance id): proof that one lock has one driver at a time. */
    sentBy: text('sent_by'),
  },
  (t) => [
    index('lock_commands_lock_status').on(t.lockId, t.status),
    index('lock_commands_status_sent').on(t.status, t.sentAt),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey(),
    /** SHA-256 of the bearer token; the token itself is only ever in the client's hands. */
    tokenHash: text('token_hash').notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    createdAt: createdAt(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [uniqueIndex('sessions_token_hash').on(t.tokenHash)],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    name: text('name').notNull(),
    /** `seam` keys (`seam_…`) are the ones Seam's SDKs accept, for the Seam-compatible API under /seam. */
    format: text('format', { enum: ['keyway', 'seam'] })
      .notNull()
      .default('keyway'),
    /** First characters of the key, shown in lists so a manager can tell keys apart. */
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    createdBy: uuid('created_by').references(() => people.id),
    createdAt: createdAt(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [uniqueIndex('api_keys_key_hash').on(t.keyHash)],
);

/**
 * The outbox and audit trail in one: every state change writes its event here in the same transaction.
 * Downstream work (sync, webhooks, live updates) reads it in `id` order. Never holds a PIN.
 */
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Null for events of the installation itself (an operator signing in, setup). */
    communityId: uuid('community_id').references(() => communities.id),
    type: text('type').notNull(),
    actorType: text('actor_type', { enum: ['person', 'api_key', 'system'] }).notNull(),
    actorId: uuid('actor_id'),
    subjectType: text('subject_type').notNull(),
    subjectId: uuid('subject_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    /** Set for facts reported by devices, which every server process hears: the first one records it. */
    dedupeKey: text('dedupe_key'),
    createdAt: createdAt(),
  },
  (t) => [index('events_community').on(t.communityId, t.id), uniqueIndex('events_dedupe').on(t.dedupeKey)],
);

/**
 * A manager dismissed an alert (an event managers are alerted to, e.g. a keypad brute force): it leaves every
 * manager's banner. One row per alert; who and when, for the record.
 */
export const alertAcknowledgements = pgTable('alert_acknowledgements', {
  eventId: bigint('event_id', { mode: 'number' })
    .primaryKey()
    .references(() => events.id),
  communityId: uuid('community_id')
    .notNull()
    .references(() => communities.id),
  personId: uuid('person_id')
    .notNull()
    .references(() => people.id),
  acknowledgedAt: ts('acknowledged_at').notNull(),
});

/**
 * Messages to people (guest links, invitations, password resets by SMS or email): an outbox that pluggable
 * senders drain, retrying with backoff. Never holds a PIN. A one-time link's secret is kept encrypted in
 * `secretEnc` (the body has a placeholder for it) and erased once the message is sent.
 */
export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey(),
    /** Null for messages of the installation itself (an operator's password reset). */
    communityId: uuid('community_id').references(() => communities.id),
    kind: text('kind', { enum: ['guest_link', 'invitation', 'password_reset', 'security_alert'] })
      .notNull()
      .default('guest_link'),
    channel: text('channel', { enum: ['sms', 'email'] }).notNull(),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    secretEnc: text('secret_enc'),
    status: text('status', { enum: ['queued', 'sent', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** When a queued message is next tried (null: at once). */
    nextAttemptAt: ts('next_attempt_at'),
    error: text('error'),
    createdAt: createdAt(),
    sentAt: ts('sent_at'),
  },
  (t) => [index('messages_status').on(t.status, t.createdAt)],
);

/** One-time tokens that let a person in without a password: invitations (72 h) and password resets (1 h). */
export const accountTokens = pgTable(
  'account_tokens',
  {
    id: uuid('id').primaryKey(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    purpose: text('purpose', { enum: ['invitation', 'password_reset'] }).notNull(),
    /** SHA-256 of the token; the token itself only ever travels in the email. */
    tokenHash: text('token_hash').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('account_tokens_hash').on(t.tokenHash), index('account_tokens_person').on(t.personId)],
);

/**
 * The installation itself (one row): the first-start setup token (hashed, 24 h) that creates the first
 * operator, and when that happened; the key check.
 */
export const installation = pgTable('installation', {
  id: integer('id').primaryKey(),
  setupTokenHash: text('setup_token_hash'),
  setupTokenExpiresAt: ts('setup_token_expires_at'),
  setUpAt: ts('set_up_at'),
  /**
   * A keyed check of the key that fingerprints PINs and signs links (the installation's first key), written by
   * the first start: a server started without that key refuses to start instead of silently matching no code.
   */
  keyCheck: text('key_check'),
});

/** Sliding-window rate limiting shared by every server process (no in-memory counters). */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').notNull(),
    hits: timestamp('hits', { withTimezone: true, mode: 'date' }).array().notNull(),
    allowed: boolean('allowed').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key] })],
);

/**
 * A community's connection to a cloud lock service (Seam): its API key, encrypted with the master key like
 * PINs, and the webhook Keyway registered there (its signing secret encrypted too). One per community.
 */
export const cloudAccounts = pgTable(
  'cloud_accounts',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    provider: text('provider', { enum: ['seam'] }).notNull(),
    /** The service's API base URL (Seam's by default; a test points it at Seam's fake). */
    endpoint: text('endpoint').notNull(),
    apiKeyEnc: text('api_key_enc').notNull(),
    /** The workspace the key belongs to, and its name, as the service reports them. */
    workspaceId: text('workspace_id'),
    workspaceName: text('workspace_name'),
    webhookId: text('webhook_id'),
    webhookSecretEnc: text('webhook_secret_enc'),
    status: text('status', { enum: ['connected', 'failing'] }).notNull(),
    lastError: text('last_error'),
    lastPolledAt: ts('last_polled_at'),
    connectedAt: ts('connected_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('cloud_accounts_community_provider').on(t.communityId, t.provider)],
);

/**
 * Codes on a cloud lock, as the service knows them. Keyway's model has slots; a cloud lock has access-code ids,
 * so each Keyway slot of a cloud lock is one row here (managed). Codes Keyway did not set are rows with
 * `managed = false` and no slot: shown as unmanaged, never overwritten.
 */
export const cloudCodes = pgTable(
  'cloud_codes',
  {
    id: uuid('id').primaryKey(),
    lockId: uuid('lock_id')
      .notNull()
      .references(() => locks.id),
    slot: integer('slot'),
    managed: boolean('managed').notNull(),
    /** The service's id of the code (Seam's access_code_id). */
    externalId: text('external_id').notNull(),
    /** The service's status of the code (Seam: setting, set, removing, unknown). */
    status: text('status').notNull(),
    name: text('name'),
    /** The command that created/updated/deletes the code, awaiting the service's confirmation. */
    pendingCommandId: uuid('pending_command_id'),
    /** The service's errors/warnings on the code, as reported (types only, never a code). */
    problems: jsonb('problems').$type<{ errors: string[]; warnings: string[] }>(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('cloud_codes_external').on(t.externalId),
    uniqueIndex('cloud_codes_lock_slot').on(t.lockId, t.slot).where(sql`slot is not null`),
    index('cloud_codes_pending').on(t.pendingCommandId),
  ],
);

/**
 * Events in Seam's shapes (the Seam-compatible API's `/events/list` and its webhooks), projected from the events
 * outbox in `id` order. `payload` is the event exactly as served (snake_case, Seam's fields); never holds a PIN.
 */
export const seamEvents = pgTable(
  'seam_events',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    /** The outbox event it came from (one outbox event may give several Seam events, e.g. one per lock of a hub). */
    sourceEventId: bigint('source_event_id', { mode: 'number' }).notNull(),
    eventType: text('event_type').notNull(),
    deviceId: uuid('device_id'),
    accessCodeId: uuid('access_code_id'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    occurredAt: ts('occurred_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('seam_events_community_created').on(t.communityId, t.createdAt),
    index('seam_events_device').on(t.deviceId, t.createdAt),
    index('seam_events_access_code').on(t.accessCodeId, t.createdAt),
    uniqueIndex('seam_events_source_type_subject').on(t.sourceEventId, t.eventType, t.deviceId),
  ],
);

/** How far a projection of the events outbox has read (one row per projection, locked while it runs). */
export const outboxCursors = pgTable('outbox_cursors', {
  name: text('name').primaryKey(),
  lastEventId: bigint('last_event_id', { mode: 'number' }).notNull(),
});

/** Webhook endpoints of a community (Seam-compatible `/webhooks/*` and the console). */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    url: text('url').notNull(),
    /** The Standard Webhooks signing secret (`whsec_…`), encrypted with the master key. */
    secretEnc: text('secret_enc').notNull(),
    /** Seam event types sent here; null: every type. */
    eventTypes: text('event_types').array(),
    status: text('status', { enum: ['enabled', 'disabled'] }).notNull(),
    /** Why it was disabled, in words a manager reads (e.g. no successful delivery for 24 hours). */
    disabledReason: text('disabled_reason'),
    disabledAt: ts('disabled_at'),
    /** Since when every delivery attempt has failed (null: the last attempt succeeded, or none yet). */
    failingSince: ts('failing_since'),
    createdByApiKeyId: uuid('created_by_api_key_id').references(() => apiKeys.id),
    createdByPersonId: uuid('created_by_person_id').references(() => people.id),
    createdAt: createdAt(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [index('webhook_endpoints_community').on(t.communityId)],
);

/** One event to one endpoint: retried with backoff for 24 hours, every attempt recorded. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id),
    seamEventId: uuid('seam_event_id')
      .notNull()
      .references(() => seamEvents.id),
    eventType: text('event_type').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** When it is next tried (null: not again). A claimed delivery is pushed ahead by the claim's lease. */
    nextAttemptAt: ts('next_attempt_at'),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    deliveredAt: ts('delivered_at'),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_endpoint_event').on(t.endpointId, t.seamEventId),
    index('webhook_deliveries_due').on(t.status, t.nextAttemptAt),
    index('webhook_deliveries_endpoint_created').on(t.endpointId, t.createdAt),
  ],
);

/** Every delivery attempt, for the manager: when, the answer (HTTP status) or the error, how long it took. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: uuid('id').primaryKey(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id),
    at: ts('at').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('webhook_attempts_delivery').on(t.deliveryId, t.at)],
);
