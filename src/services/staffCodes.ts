/**
 * Staff and vendor codes, run by managers: always generated, for the doors the manager chooses (default:
 * every community door and amenity), permanent or for a date range. Managers see them masked; revealing
 * one is recorded in the activity log (DESIGN.md §6).
 */
import { KeywayError } from '../domain/errors.ts';
import { generatePin } from '../domain/pin/generator.ts';
import { ensureGuestRoom } from '../domain/slotRoom.ts';
import { insertAccessCode, lockCodeSpaces, requireOnLocks } from '../store/repositories/accessCodes.ts';
import { findCommunity } from '../store/repositories/communities.ts';
import { listDevices } from '../store/repositories/devices.ts';
import { recordEvent } from '../store/repositories/events.ts';
import { revokeGuestCodes, staffCodeById, staffCodesOfCommunity } from '../store/repositories/guestCodes.ts';
import { lockRooms } from '../store/repositories/slotRoom.ts';
import type { ServiceDeps } from './deps.ts';
import { type GuestCodeView, guestCodeView } from './guestCodeView.ts';
import { occupiedCodesOn } from './occupiedCodes.ts';
import { authorize } from './policies.ts';
import { actorOf, type Principal } from './principal.ts';

export interface StaffCodeView extends Omit<GuestCodeView, 'code' | 'shareUrl' | 'type'> {
  kind: 'staff' | 'vendor';
  /** Masked unless just created or revealed. */
  code: string;
}

type Deps = Pick<ServiceDeps, 'db' | 'clock' | 'random' | 'cipher' | 'sync' | 'publicUrl'>;

function view(row: Parameters<typeof guestCodeView>[0], deps: Deps, now: Date, reveal: boolean): StaffCodeView {
  const { shareUrl: _shareUrl, type: _type, ...full } = guestCodeView(row, deps, now);
  return {
    ...full,
    kind: row.kind === 'vendor' ? 'vendor' : 'staff',
    code: reveal ? full.code : '•'.repeat(full.code.length),
  };
}

export interface CreateStaffCodeProps {
  name: string;
  kind: 'staff' | 'vendor';
  accessPointIds?: string[];
  startsAt?: string;
  endsAt?: string;
}

export async function createStaffCode(
  deps: Deps,
  principal: Principal,
  props: CreateStaffCodeProps,
): Promise<StaffCodeView> {
  authorize(principal, 'residents.manage');
  const startsAt = props.startsAt ? new Date(props.startsAt) : null;
  const endsAt = props.endsAt ? new Date(props.endsAt) : null;
  if (
    (startsAt && Number.isNaN(startsAt.getTime())) ||
    (endsAt && Number.isNaN(endsAt.getTime())) ||
    (startsAt && endsAt && endsAt <= startsAt)
  ) {
    throw new KeywayError('invalid_request', 'Use ISO-8601 times with the end after the start.', { field: 'endsAt' });
  }
  if (endsAt && endsAt.getTime() <= deps.clock.now().getTime())
    throw new KeywayError('end_in_past', 'The end is already past: this code would never work.', { field: 'endsAt' });
  return deps.db.transaction(async (tx) => {
    const community = await findCommunity(tx, principal.communityId);
    if (!community) throw new KeywayError('not_found', 'Community not found.');
    const devices = await listDevices(tx, community.id);
    const wanted = props.accessPointIds && props.accessPointIds.length > 0 ? new Set(props.accessPointIds) : null;
    const doors = devices.filter((d) => (wanted ? wanted.has(d.accessPointId) : true));
    if (wanted && doors.length !== wanted.size)
      throw new KeywayError('invalid_request', 'Unknown door.', { field: 'accessPointIds' });
    const chosen = wanted ? doors : doors.filter((d) => d.kind !== 'unit_door');
    const lockIds = chosen.map((d) => d.lockId);
    await lockCodeSpaces(tx, lockIds);
    const id = deps.random.uuid();
    const now = deps.clock.now();
    // Like a guest code: a staff code must not take a slot a resident's own code needs.
    ensureGuestRoom(await lockRooms(tx, community.id, lockIds, now), 'staff code');
    const pin = await generatePin({
      length: community.settings.sixDigitCodes ? 6 : 4,
      randomInt: deps.random.int,
      occupied: occupiedCodesOn(tx, deps.cipher, lockIds, null),
    });
    await insertAccessCode(tx, {
      id,
      communityId: community.id,
      holderId: null,
      kind: props.kind,
      scope: null,
      origin: 'generated',
      pinEnc: deps.cipher.encrypt(pin, id),
      ...deps.cipher.fingerprints(pin),
      codeLength: pin.length,
      at: now,
      guest: {
        ownerId: principal.kind === 'person' ? principal.personId : null,
        guestType: startsAt || endsAt ? 'temporary' : 'permanent',
        guestName: props.name,
        guestPhone: null,
        guestEmail: null,
        startsAt: startsAt ?? (endsAt ? now : null),
        endsAt,
        schedule: null,
      },
    });
    await requireOnLocks(
      tx,
      lockIds.map((lockId) => ({ id: deps.random.uuid(), communityId: community.id, accessCodeId: id, lockId })),
      1,
      now,
    );
    await recordEvent(tx, {
      communityId: community.id,
      type: 'staff_code.created',
      actor: actorOf(principal),
      subject: { type: 'access_code', id },
      data: { name: props.name, kind: props.kind, doors: lockIds.length },
      at: now,
    });
    await deps.sync.reconcileLocks(lockIds, tx);
    const row = await staffCodeById(tx, community.id, id);
    if (!row) throw new Error('staff code vanished inside its transaction');
    return view(row, deps, now, true);
  });
}

export async function listStaffCodes(deps: Deps, principal: Principal): Promise<StaffCodeView[]> {
  authorize(principal, 'residents.list');
  const now = deps.clock.now();
  return (await staffCodesOfCommunity(deps.db, principal.communityId)).map((row) => view(row, deps, now, false));
}

/** Shows one staff code in full; the reveal is recorded with who did it. */
export async function revealStaffCode(deps: Deps, principal: Principal, id: string): Promise<StaffCodeView> {
  authorize(principal, 'residents.manage');
  return deps.db.transaction(async (tx) => {
    const row = await staffCodeById(tx, principal.communityId, id);
    if (!row) throw new KeywayError('not_found', 'No such staff code.');
    const now = deps.clock.now();
    await recordEvent(tx, {
      communityId: principal.communityId,
      type: 'staff_code.revealed',
      actor: actorOf(principal),
      subject: { type: 'access_code', id },
      data: { name: row.guestName, by: principal.name },
      at: now,
    });
    return view(row, deps, now, true);
  });
}

export async function revokeStaffCode(deps: Deps, principal: Principal, id: string): Promise<StaffCodeView> {
  authorize(principal, 'residents.manage');
  return deps.db.transaction(async (tx) => {
    const existing = await staffCodeById(tx, principal.communityId, id);
    if (!existing) throw new KeywayError('not_found', 'No such staff code.');
    const now = deps.clock.now();
    const lockIds = await revokeGuestCodes(
      tx,
      { id, communityId: principal.communityId, kinds: ['staff', 'vendor'] },
      now,
    );
    await recordEvent(tx, {
      communityId: principal.communityId,
      type: 'staff_code.revoked',
      actor: actorOf(principal),
      subject: { type: 'access_code', id },
      data: { name: existing.guestName },
      at: now,
    });
    await deps.sync.reconcileLocks(lockIds, tx);
    const row = await staffCodeById(tx, principal.communityId, id);
    return view(row ?? existing, deps, now, false);
  });
}
