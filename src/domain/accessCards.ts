/**
 * Access cards as the resident app shows them (DESIGN.md §2): one card per scope.
 * Home = the resident's unit doors, where a custom code is allowed if the community enables it.
 * Community = community doors and amenities, where codes are only ever generated (DESIGN.md §1.3).
 */
import { type CommunitySettings, communityPinLengths } from './communitySettings.ts';
import type { PinLength } from './pin/pinRules.ts';

export type CardScope = 'home' | 'community';
export type AccessPointKind = 'unit_door' | 'community_door' | 'amenity';
export const CARD_SCOPES: readonly CardScope[] = ['home', 'community'];

export function scopeOfAccessPoint(kind: AccessPointKind): CardScope {
  return kind === 'unit_door' ? 'home' : 'community';
}

export interface AllowedLengths {
  generateLengths: PinLength[];
  pickLengths: PinLength[];
}

/**
 * Lengths a card offers: what the community allows, narrowed to what every lock behind the card accepts
 * (a lock that takes only 4-digit codes cannot hold a 6-digit one).
 */
export function allowedLengths(
  settings: CommunitySettings,
  scope: CardScope,
  lockCodeLengths: readonly (readonly number[])[],
): AllowedLengths {
  const lengths = communityPinLengths(settings).filter((length) =>
    lockCodeLengths.every((supported) => supported.includes(length)),
  );
  const pickable = scope === 'home' && settings.customCodes;
  return { generateLengths: lengths, pickLengths: pickable ? lengths : [] };
}

/**
 * What the card shows. While a change rolls out, the code it replaces keeps working and stays the card's
 * `code`; the new one is `pendingCode` until every door holds it.
 */
export function cardCodes(pin: string, previousPin: string | null): { code: string; pendingCode: string | null } {
  return previousPin === null ? { code: pin, pendingCode: null } : { code: previousPin, pendingCode: pin };
}
