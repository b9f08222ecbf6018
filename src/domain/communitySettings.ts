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
  /**
   * How often Keyway re-reads each lock that can report what it holds, in minutes (staggered per lock).
   * Optional for the same reason: read through `verifyIntervalOf`.
   */
  verifyIntervalMinutes?: number;
  /**
   * The street address, one line, as guests should read it ("120 Maple Court Drive, Springfield, IL"); shown on
   * guest share pages. Optional for rows written before it existed: read through `addressOf`.
   */
  address?: string | null;
}

/** Verification cadence: the default and the range a community may choose (a minute — demos — to a day). */
export const VERIFY_INTERVAL_MINUTES = { default: 60, min: 1, max: 24 * 60 } as const;

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
  verifyIntervalMinutes: VERIFY_INTERVAL_MINUTES.default,
  address: null,
};

/** The community's move-out time ('HH:MM'), or null for the end of the move-out day (also for old rows). */
export function moveOutTimeOf(settings: CommunitySettings): string | null {
  return settings.moveOutTime ?? null;
}

/** The community's street address, or null when the manager has not given one. */
export function addressOf(settings: Pick<CommunitySettings, 'address'>): string | null {
  const address = settings.address?.trim();
  return address ? address : null;
}

/** Minutes between two reads of a lock (the default for rows written before the setting existed). */
export function verifyIntervalOf(settings: Pick<CommunitySettings, 'verifyIntervalMinutes'>): number {
  const minutes = settings.verifyIntervalMinutes;
  return typeof minutes === 'number' && Number.isInteger(minutes) ? minutes : VERIFY_INTERVAL_MINUTES.default;
}

/** Whether a community may choose this cadence. */
export function isValidVerifyInterval(minutes: number): boolean {
  return Number.isInteger(minutes) && minutes >= VERIFY_INTERVAL_MINUTES.min && minutes <= VERIFY_INTERVAL_MINUTES.max;
}

/** The code lengths a community allows, before any lock's own limits. */
export function communityPinLengths(settings: CommunitySettings): PinLength[] {
  return settings.sixDigitCodes ? [4, 6] : [4];
}
