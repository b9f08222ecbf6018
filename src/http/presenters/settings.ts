import { z } from 'zod';
import { addressOf, GUEST_TYPES, verifyIntervalOf } from '../../domain/communitySettings.ts';
import type { SettingsView } from '../../services/communitySettings.ts';

export const settingsSchema = z
  .object({
    customCodes: z.boolean().describe('Residents may pick their own home code'),
    sixDigitCodes: z.boolean().describe('6-digit codes may be generated or picked'),
    blockCommonPins: z.boolean().describe('Refuse the most common PINs when a resident picks one'),
    guestTypes: z.array(z.enum(GUEST_TYPES)).describe('Guest code types residents may create'),
    deliveryCodeHours: z.number().describe('Lifetime of an unused delivery code, hours'),
    deliveryGraceMinutes: z.number().int().describe('How long a delivery code works after its first use, minutes'),
    deliveryToUnitDoors: z.boolean().describe('Delivery codes open unit doors too (default: community doors only)'),
    maxGuestCodesPerResident: z.number().int().describe('Cap on scheduled or active guest codes per resident'),
    moveOutTime: z
      .string()
      .nullable()
      .describe("When access ends on a resident's move-out day, HH:MM local time; null: at the end of the day"),
    verifyIntervalMinutes: z
      .number()
      .int()
      .describe('How often each lock that can report its codes is read again to verify them, minutes (staggered)'),
    address: z
      .string()
      .nullable()
      .describe('Street address, one line, shown to guests on their share page; null: none given'),
    timeZone: z.string().describe('IANA time zone of the community'),
  })
  .meta({ id: 'Settings' });

export function presentSettings(s: SettingsView): z.infer<typeof settingsSchema> {
  return {
    customCodes: s.customCodes,
    sixDigitCodes: s.sixDigitCodes,
    blockCommonPins: s.blockCommonPins,
    guestTypes: [...s.guestTypes],
    deliveryCodeHours: s.deliveryCodeHours,
    deliveryGraceMinutes: s.deliveryGraceMinutes,
    deliveryToUnitDoors: s.deliveryToUnitDoors ?? false,
    maxGuestCodesPerResident: s.maxGuestCodesPerResident,
    moveOutTime: s.moveOutTime ?? null,
    verifyIntervalMinutes: verifyIntervalOf(s),
    address: addressOf(s),
    timeZone: s.timeZone,
  };
}
