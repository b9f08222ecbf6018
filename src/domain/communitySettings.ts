import type { PinLength } from './pin/pinRules.ts';

export const GUEST_TYPES = ['permanent', 'temporary', 'recurring', 'delivery'] as const;
export type GuestType = (typeof GUEST_TYPES)[number];

/** A community's rules for codes. The time zone lives on the community itself. */
export interface CommunitySettings {
  /** Residents may pick their own home code ("Pick a Code"). */
  customCodes: boolean;
  /** 6-digit codes may be generated or picked (4-digit codes are always allowed). */
  sixDigitCodes: boolean;
  /** Refuse the most common PINs when a resident picks one (generated codes never are). */
  blockCommonPins: boolean;
  /** Guest code types residents may create. */
  guestTypes: GuestType[];
  /** How long a delivery code lives if unused, in hours. */
  deliveryCodeHours: number;
  /** How long a delivery code keeps working after its first use, in minutes. */
  deliveryGraceMinutes: number;
  /** Delivery codes open residents' unit doors too (off: community doors and package rooms only). */
  deliveryToUnitDoors: boolean;
  /** Cap on a resident's guest codes that are scheduled or active at once. */
  maxGuestCodesPerResident: number;
  /**
   * When residents' access ends on their move-out day, 'HH:MM' local time; null: at the end of the day.
   * Optional because rows written before it existed do not have it: read through `moveOutTimeOf`.
   */
  moveOutTime?: string | null;
}

export const DEFAULT_SETTINGS: CommunitySettings = {
  customCodes: true,
  sixDigitCodes: false,
  blockCommonPins: false,
  guestTypes: [...GUEST_TYPES],
  deliveryCodeHours: 2,
  deliveryGraceMinutes: 15,
  deliveryToUnitDoors: false,
  maxGuestCodesPerResident: 25,
  moveOutTime: null,
};

/** The community's move-out time ('HH:MM'), or null for the end of the move-out day (also for old rows). */
export function moveOutTimeOf(settings: CommunitySettings): string | null {
  return settings.moveOutTime ?? null;
}

/** The code lengths a community allows, before any lock's own limits. */
export function communityPinLengths(settings: CommunitySettings): PinLength[] {
  return settings.sixDigitCodes ? [4, 6] : [4];
}
