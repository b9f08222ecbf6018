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
 * A `keypad_lockout` command (added within v1) goes only to a lock whose inventory said `keypadLockout: true`.
 *
 * PINs never travel in clear: a set_code carries `sealedCode` and an inventory `sealedSlots`, sealed for the hub
 * with its own key (src/security/hubSeal.ts), bound to hub, lock, slot and command id. The clear forms (`code`,
 * `slots`) are only what a hub agent WITHOUT credentials (a development or test agent on an open broker) sends and
 * accepts; Keyway never sends a clear PIN and ignores clear slots from a hub that has a sealing key. Neither side
 * ever logs a payload.
 */
import { z } from 'zod';
import { openCode, openSlots, sealCode, sealSlots } from '../security/hubSeal.ts';

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

const setCodeFields = {
  id: z.string().min(1),
  type: z.literal('set_code'),
  lockId: z.string(),
  slot,
  schedule: lockScheduleSchema.optional(),
  sentAt: isoTime,
};
const clearSlotSchema = z.object({
  id: z.string().min(1),
  type: z.literal('clear_slot'),
  lockId: z.string(),
  slot,
  sentAt: isoTime,
});
const reportInventorySchema = z.object({
  id: z.string().min(1),
  type: z.literal('report_inventory'),
  lockId: z.string(),
  sentAt: isoTime,
});
/** The keypad takes no code at all (the right one neither) for `durationSeconds`, after a burst of wrong codes. */
const keypadLockoutSchema = z.object({
  id: z.string().min(1),
  type: z.literal('keypad_lockout'),
  lockId: z.string(),
  durationSeconds: z.number().int().min(1).max(3600),
  sentAt: isoTime,
});

/** A command as Keyway means it (the PIN in clear): what the reconciler hands to the transport. */
export const hubCommandContentSchema = z.discriminatedUnion('type', [
  z.object({ ...setCodeFields, code: pin }),
  clearSlotSchema,
  reportInventorySchema,
  keypadLockoutSchema,
]);
export type HubCommand = z.infer<typeof hubCommandContentSchema>;

/** A command as it travels on `…/commands`: set_code carries `sealedCode` (or, for a keyless agent only, `code`). */
export const hubCommandSchema = z.discriminatedUnion('type', [
  z
    .object({ ...setCodeFields, sealedCode: z.string().min(1).optional(), code: pin.optional() })
    .refine((c) => (c.sealedCode === undefined) !== (c.code === undefined), 'exactly one of sealedCode and code'),
  clearSlotSchema,
  reportInventorySchema,
  keypadLockoutSchema,
]);
export type WireHubCommand = z.infer<typeof hubCommandSchema>;

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
  /**
   * Someone typed on the keypad: `slot` is the slot whose code matched, null for a wrong code. `lockedOut` (added
   * within v1): the keypad was locked out and compared nothing (slot null, not unlocked).
   */
  z.object({
    type: z.literal('keypad'),
    lockId: z.string(),
    slot: slot.nullable(),
    unlocked: z.boolean(),
    lockedOut: z.boolean().optional(),
    at: isoTime,
  }),
  z.object({ type: z.literal('battery'), lockId: z.string(), level: z.number().int().min(0).max(100), at: isoTime }),
  z.object({ type: z.literal('reachability'), lockId: z.string(), reachable: z.boolean(), at: isoTime }),
]);
export type LockEvent = z.infer<typeof lockEventSchema>;

const inventoryFields = {
  lockId: z.string(),
  slotCount: z.number().int().min(1),
  codeLengths: z.array(z.number().int()),
  /** Whether the lock reads codes back (added within v1; absent: inferred from masked slots). */
  readableCodes: z.boolean().optional(),
  /** Whether the lock enforces schedules itself (Z-Wave Schedule Entry Lock CC; added within v1). */
  nativeSchedules: z.boolean().optional(),
  /** Whether the lock can lock its keypad out on command (`keypad_lockout`; added within v1; absent: it cannot). */
  keypadLockout: z.boolean().optional(),
  battery: z.number().int().min(0).max(100).nullable(),
  at: isoTime,
};
/** Occupied slots only. `code` is null when the lock masks codes on read-back. */
const slotListSchema = z.array(z.object({ slot, code: pin.nullable() }));

/** An inventory as Keyway and the hub mean it (slots in clear). */
export const inventorySchema = z.object({ ...inventoryFields, slots: slotListSchema });
export type Inventory = z.infer<typeof inventorySchema>;

/** An inventory as it travels on `…/inventory`: `sealedSlots` (or, from a keyless agent only, clear `slots`). */
export const wireInventorySchema = z
  .object({ ...inventoryFields, sealedSlots: z.string().min(1).optional(), slots: slotListSchema.optional() })
  .refine((i) => (i.sealedSlots === undefined) !== (i.slots === undefined), 'exactly one of sealedSlots and slots');
export type WireInventory = z.infer<typeof wireInventorySchema>;

/**
 * Seals a command for a hub. `key` undefined means a keyless development agent: only commands without a PIN may go
 * to it (a set_code throws — Keyway never sends a PIN in clear).
 */
export function sealHubCommand(key: Buffer | undefined, hubId: string, command: HubCommand): WireHubCommand {
  if (command.type !== 'set_code') return command;
  if (!key) throw new Error('this hub has no sealing key: a PIN is never sent in clear');
  const { code, ...rest } = command;
  const binding = { hubId, lockAddress: command.lockId, slot: command.slot, commandId: command.id };
  return { ...rest, sealedCode: sealCode(key, binding, code) };
}

/**
 * Opens a received command (the hub side). With a key, a set_code must be sealed for this hub, lock, slot and id;
 * without one (a keyless agent) only the clear form is accepted. Undefined when it does not open.
 */
export function openHubCommand(key: Buffer | undefined, hubId: string, wire: WireHubCommand): HubCommand | undefined {
  if (wire.type !== 'set_code') return wire;
  const { sealedCode, code, ...rest } = wire;
  if (!key) return code === undefined ? undefined : { ...rest, code };
  if (sealedCode === undefined) return undefined;
  const opened = openCode(key, { hubId, lockAddress: wire.lockId, slot: wire.slot, commandId: wire.id }, sealedCode);
  return opened !== undefined && pin.safeParse(opened).success ? { ...rest, code: opened } : undefined;
}

/** Seals an inventory's slot list (the hub side); a keyless agent sends it in clear. */
export function sealHubInventory(key: Buffer | undefined, hubId: string, inventory: Inventory): WireInventory {
  if (!key) return inventory;
  const { slots, ...rest } = inventory;
  return { ...rest, sealedSlots: sealSlots(key, { hubId, lockAddress: inventory.lockId, at: inventory.at }, slots) };
}

/**
 * Opens a received inventory (Keyway's side). A hub with a key must seal; clear slots are accepted only from a hub
 * that has none. Undefined when it does not open or the slots break the contract.
 */
export function openHubInventory(key: Buffer | undefined, hubId: string, wire: WireInventory): Inventory | undefined {
  const { sealedSlots, slots, ...rest } = wire;
  if (!key) return slots === undefined ? undefined : { ...rest, slots };
  if (sealedSlots === undefined) return undefined;
  const opened = openSlots(key, { hubId, lockAddress: wire.lockId, at: wire.at }, sealedSlots);
  const parsed = slotListSchema.safeParse(opened);
  return parsed.success ? { ...rest, slots: parsed.data } : undefined;
}

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

export function encode(
  message: HubCommand | WireHubCommand | CommandResult | LockEvent | Inventory | WireInventory | HubStatus,
): string {
  return JSON.stringify(message);
}
