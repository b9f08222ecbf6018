/** Wire shapes of the community's settings and its residents (/community/settings, /residents). */
import { z } from 'zod';
import { GUEST_TYPES, VERIFY_INTERVAL_MINUTES } from '../../domain/communitySettings.ts';
import { residentSchema } from '../presenters/resident.ts';
import { settingsSchema } from '../presenters/settings.ts';
import { displayName } from './text.ts';

export const settingsResponse = z.object({ settings: settingsSchema });

export const settingsPatchBody = z.strictObject({
  customCodes: z.boolean().optional(),
  sixDigitCodes: z.boolean().optional(),
  blockCommonPins: z.boolean().optional(),
  guestTypes: z
    .array(z.enum(GUEST_TYPES))
    .refine((types) => new Set(types).size === types.length, 'guestTypes must not repeat a type')
    .optional(),
  deliveryCodeHours: z
    .number()
    .positive()
    .max(24 * 7)
    .optional(),
  deliveryGraceMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .optional(),
  deliveryToUnitDoors: z.boolean().optional(),
  maxGuestCodesPerResident: z.number().int().min(0).max(1000).optional(),
  moveOutTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'moveOutTime is HH:MM (00:00–23:59)')
    .nullable()
    .optional()
    .describe("HH:MM local time access ends on a resident's move-out day; null: at the end of the day"),
  verifyIntervalMinutes: z
    .number()
    .int()
    .min(VERIFY_INTERVAL_MINUTES.min)
    .max(VERIFY_INTERVAL_MINUTES.max)
    .optional()
    .describe(
      'Minutes between two verification reads of each lock (1–1440; default 60; every read is radio traffic for a battery lock)',
    ),
  address: z
    .union([displayName(200), z.literal('')])
    .nullable()
    .optional()
    .describe('Street address, one line (shown to guests on their share page); null or "" removes it'),
  timeZone: z.string().min(1).max(64).optional(),
});

export const residentListResponse = z.object({ residents: z.array(residentSchema) });

const isoDate = z.iso.date().describe('YYYY-MM-DD in the community time zone');
export const moveInBody = z.object({
  name: displayName(200),
  email: z.email().max(320),
  unit: displayName(50).describe('Unit name, e.g. "101"'),
  moveIn: isoDate,
  moveOut: isoDate.nullable().optional(),
  password: z.string().min(8).max(1024).optional().describe('Initial password for the resident app'),
});

export const residentResponse = z.object({ resident: residentSchema });

export const leasePatchBody = z.strictObject({
  moveIn: isoDate.optional().describe('New move-in date; only before the lease has started, today or later'),
  moveOut: isoDate
    .nullable()
    .optional()
    .describe('New move-out date (today or later, not before the move-in); null: no planned move-out'),
});

export const removalSchema = z
  .object({
    lockId: z.string(),
    doorName: z.string(),
    connectivity: z.enum(['hub', 'bluetooth', 'seam']),
    status: z.enum(['removing', 'removed', 'failed']),
    reason: z.string().nullable().describe('Why a lock has not let go yet: hub_offline, awaiting_phone, timeout, …'),
    ownCodesLeft: z.number().int().describe("The resident's own codes still on this lock"),
    guestCodesLeft: z.number().int().describe("Their guests' codes still on this lock"),
    waitingSince: z
      .string()
      .nullable()
      .describe('When the codes still on this lock were revoked (the move-out); null once the lock let go'),
  })
  .meta({ id: 'Removal' });

export const moveOutResponse = z.object({
  residentId: z.string(),
  moveOut: z.string(),
  revokedCodes: z.number().int(),
  removals: z.array(removalSchema),
});

export const removalListResponse = z.object({ removals: z.array(removalSchema) });
