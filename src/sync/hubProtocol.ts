/**
 * The hub ↔ Keyway MQTT contract, version 1 (documented for people in docs/mqtt.md). Both sides import
 * this file: the topic layout, the message shapes, and their parsers. Every message is JSON, QoS 1.
 *
 *   keyway/v1/hubs/{hubId}/status     hub → Keyway  retained; {"online":true} on connect, last will {"online":false}
 *   keyway/v1/hubs/{hubId}/commands   Keyway → hub  HubCommand (idempotent on the hub by `id`)
 *   keyway/v1/hubs/{hubId}/results    hub → Keyway  CommandResult, one per command id (repeated for duplicates)
 *   keyway/v1/hubs/{hubId}/events     hub → Keyway  LockEvent (keypad use, battery, lock reachability)
 *   keyway/v1/hubs/{hubId}/inventory  hub → Keyway  Inventory: the full slot list of one lock, on (re)connect
 *                                                   and in answer to a report_inventory command
 *
 * PINs travel inside command payloads and inventories (use TLS to the broker in production); neither side
 * ever logs a payload that can hold one.
 */
import { z } from 'zod';

export const PROTOCOL_VERSION = 'v1';
const ROOT = `keyway/${PROTOCOL_VERSION}/hubs`;

export type HubChannel = 'status' | 'commands' | 'results' | 'events' | 'inventory';

export function hubTopic(hubId: string, channel: HubChannel): string {
  return `${ROOT}/${hubId}/${channel}`;
}

/** Subscription pattern for one channel of every hub (what Keyway listens to). */
export function allHubsTopic(channel: Exclude<HubChannel, 'commands'>): string {
  return `${ROOT}/+/${channel}`;
}

/** Splits a topic into hub id and channel; undefined for anything outside the contract. */
export function parseHubTopic(topic: string): { hubId: string; channel: HubChannel } | undefined {
  const match = /^keyway\/v1\/hubs\/([^/]+)\/(status|commands|results|events|inventory)$/.exec(topic);
  return match ? { hubId: match[1]!, channel: match[2] as HubChannel } : undefined;
}

const pin = z.string().regex(/^[0-9]{4,8}$/);
const slot = z.number().int().min(1).max(1000);
const isoTime = z.string();

/** Why a lock did not do what was asked. `timeout` is decided by Keyway when no result comes. */
export const LOCK_FAILURES = [
  'duplicate_on_lock',
  'no_free_slot',
  'length_not_supported',
  'rejected_by_lock',
  'lock_unreachable',
] as const;
export type LockFailure = (typeof LOCK_FAILURES)[number];

/**
 * Optional on set_code (added within v1): the lock enforces it itself when it has native schedules.
 * `weekly` times are wall-clock times in `timeZone`; an `end` at or before `start` crosses midnight.
 */
export const lockScheduleSchema = z.object({
  timeZone: z.string(),
  from: isoTime.nullable(),
  to: isoTime.nullable(),
  weekly: z
    .object({
      days: z.array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])),
      start: z.string(),
      end: z.string(),
    })
    .nullable(),
});

export const hubCommandSchema = z.discriminatedUnion('type', [
  z.object({
    id: z.string().min(1),
    type: z.literal('set_code'),
    lockId: z.string(),
    slot,
    code: pin,
    schedule: lockScheduleSchema.optional(),
    sentAt: isoTime,
  }),
  z.object({ id: z.string().min(1), type: z.literal('clear_slot'), lockId: z.string(), slot, sentAt: isoTime }),
  z.object({ id: z.string().min(1), type: z.literal('report_inventory'), lockId: z.string(), sentAt: isoTime }),
]);
export type HubCommand = z.infer<typeof hubCommandSchema>;

export const commandResultSchema = z.discriminatedUnion('ok', [
  z.object({ commandId: z.string(), lockId: z.string(), ok: z.literal(true), at: isoTime }),
  z.object({
    commandId: z.string(),
    lockId: z.string(),
    ok: z.literal(false),
    error: z.enum(LOCK_FAILURES),
    at: isoTime,
  }),
]);
export type CommandResult = z.infer<typeof commandResultSchema>;

export const lockEventSchema = z.discriminatedUnion('type', [
  /** Someone typed on the keypad: `slot` is the slot whose code matched, null for a wrong code. */
  z.object({
    type: z.literal('keypad'),
    lockId: z.string(),
    slot: slot.nullable(),
    unlocked: z.boolean(),
    at: isoTime,
  }),
  z.object({ type: z.literal('battery'), lockId: z.string(), level: z.number().int().min(0).max(100), at: isoTime }),
  z.object({ type: z.literal('reachability'), lockId: z.string(), reachable: z.boolean(), at: isoTime }),
]);
export type LockEvent = z.infer<typeof lockEventSchema>;

export const inventorySchema = z.object({
  lockId: z.string(),
  slotCount: z.number().int().min(1),
  codeLengths: z.array(z.number().int()),
  /** Occupied slots only. `code` is null when the lock masks codes on read-back. */
  slots: z.array(z.object({ slot, code: pin.nullable() })),
  /** Whether the lock reads codes back (added within v1; absent: inferred from masked slots). */
  readableCodes: z.boolean().optional(),
  /** Whether the lock enforces schedules itself (Z-Wave Schedule Entry Lock CC; added within v1). */
  nativeSchedules: z.boolean().optional(),
  battery: z.number().int().min(0).max(100).nullable(),
  at: isoTime,
});
export type Inventory = z.infer<typeof inventorySchema>;

export const hubStatusSchema = z.object({
  online: z.boolean(),
  /** Locks this hub drives, announced on connect. */
  lockIds: z.array(z.string()).optional(),
  agent: z.string().optional(),
  at: isoTime.optional(),
});
export type HubStatus = z.infer<typeof hubStatusSchema>;

/** Parses a JSON payload against a schema; undefined (never a throw) for anything malformed. */
export function decode<T>(schema: z.ZodType<T>, payload: Buffer | string): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(payload.toString()));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function encode(message: HubCommand | CommandResult | LockEvent | Inventory | HubStatus): string {
  return JSON.stringify(message);
}
