/** Turns stored cards into what the resident sees: PINs decrypted for their holder, per-door status. */
import { type AllowedLengths, allowedLengths, type CardScope, cardCodes } from '../domain/accessCards.ts';
import type { CommunitySettings } from '../domain/communitySettings.ts';
import type { PinCipher } from '../security/pinCipher.ts';
import type { CardWithDoors } from '../store/repositories/accessCards.ts';

export type DoorStatus = 'active' | 'pending' | 'failed' | 'removing';

export interface DoorView {
  accessPointId: string;
  name: string;
  kind: 'unit_door' | 'community_door' | 'amenity';
  connectivity: 'hub' | 'bluetooth';
  status: DoorStatus;
  reason: string | null;
}

export interface CardView {
  id: string;
  scope: CardScope;
  code: string;
  origin: 'generated' | 'custom';
  pendingCode: string | null;
  doors: DoorView[];
  allowed: AllowedLengths;
}

export function cardView(card: CardWithDoors, settings: CommunitySettings, cipher: PinCipher): CardView {
  const pin = cipher.decrypt(card.pinEnc, card.id);
  const previous = card.previousPinEnc === null ? null : cipher.decrypt(card.previousPinEnc, card.id);
  return {
    id: card.id,
    scope: card.scope,
    ...cardCodes(pin, previous),
    origin: card.origin,
    doors: card.doors.map((door) => ({
      accessPointId: door.accessPointId,
      name: door.name,
      kind: door.kind,
      connectivity: door.connectivity,
      // No sync row yet (a door added after the code was set) is as pending as a queued change.
      status: door.state === null || door.state === 'removed' ? 'pending' : door.state,
      reason: door.state === null ? 'awaiting_sync' : door.reason,
    })),
    allowed: allowedLengths(
      settings,
      card.scope,
      card.doors.map((d) => d.codeLengths),
    ),
  };
}
