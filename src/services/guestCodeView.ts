/** A guest code as its owner sees it: the code, its status now, the share link and each door's state. */
import { type GuestStatus, guestStatusAt } from '../domain/guest/guestStatus.ts';
import type { DailyWindow } from '../domain/guest/schedule.ts';
import type { PinCipher } from '../security/pinCipher.ts';
import type { GuestCodeRow } from '../store/repositories/guestCodes.ts';

export interface GuestDoorView {
  accessPointId: string;
  name: string;
  kind: 'unit_door' | 'community_door' | 'amenity';
  connectivity: 'hub' | 'bluetooth';
  status: 'active' | 'pending' | 'failed' | 'removing' | 'removed';
  reason: string | null;
}

export interface GuestCodeView {
  id: string;
  type: GuestCodeRow['guestType'];
  name: string;
  code: string;
  status: GuestStatus;
  startsAt: Date | null;
  endsAt: Date | null;
  schedule: { days: string[]; start: string; end: string } | null;
  firstUsedAt: Date | null;
  shareUrl: string;
  doors: GuestDoorView[];
}

export function shareUrlOf(publicUrl: string, cipher: PinCipher, id: string): string {
  return `${publicUrl}/g/${id}.${cipher.shareToken(id)}`;
}

export function guestStatusOf(row: GuestCodeRow, now: Date): GuestStatus {
  return guestStatusAt(
    {
      type: row.guestType,
      timeZone: row.timeZone,
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      schedule: row.schedule as DailyWindow | null,
      firstUsedAt: row.firstUsedAt,
      graceMinutes: row.graceMinutes,
      revokedAt: row.revokedAt,
    },
    now,
  );
}

export function guestCodeView(
  row: GuestCodeRow,
  deps: { cipher: PinCipher; publicUrl: string },
  now: Date,
): GuestCodeView {
  return {
    id: row.id,
    type: row.guestType,
    name: row.guestName,
    code: deps.cipher.decrypt(row.pinEnc, row.id),
    status: guestStatusOf(row, now),
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    schedule: row.schedule,
    firstUsedAt: row.firstUsedAt,
    shareUrl: shareUrlOf(deps.publicUrl, deps.cipher, row.id),
    doors: row.doors.map((d) => ({
      accessPointId: d.accessPointId,
      name: d.name,
      kind: d.kind,
      connectivity: d.connectivity,
      status: d.state as GuestDoorView['status'],
      reason: d.reason,
    })),
  };
}
