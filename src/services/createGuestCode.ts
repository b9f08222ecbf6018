/**
 * A resident creates a guest code (DESIGN.md §1): always generated — a request that names digits is
 * refused — for the resident's unit doors and the community doors by default (delivery codes: community
 * doors only), valid as its type says in the community's time zone. The guest gets a link, no app.
 */
import { KeywayError } from '../domain/errors.ts';
import { type GuestRequest, validateGuestRequest } from '../domain/guest/guestRequest.ts';
import { generatePin } from '../domain/pin/generator.ts';
import { localDate } from '../domain/residency.ts';
import { ensureGuestRoom } from '../domain/slotRoom.ts';
import { insertAccessCode, lockCodeSpaces, requireOnLocks } from '../store/repositories/accessCodes.ts';
import { findCommunity } from '../store/repositories/communities.ts';
import { recordEvent } from '../store/repositories/events.ts';
import { countLiveGuestCodes, guestCodeById, queueMessage, shareableDoors } from '../store/repositories/guestCodes.ts';
import { lockRooms } from '../store/repositories/slotRoom.ts';
import type { ServiceDeps } from './deps.ts';
import { type GuestCodeView, guestCodeView, shareUrlOf } from './guestCodeView.ts';
import { occupiedCodesOn } from './occupiedCodes.ts';
import { requirePerson } from './policies.ts';
import type { Principal } from './principal.ts';
import { CODE_CHANGE_LIMIT, enforceRateLimit } from './rateLimit.ts';
import { requireCurrentResidency } from './support/currentResidency.ts';

export interface CreateGuestCodeProps extends GuestRequest {
  phone?: string;
  email?: string;
  accessPointIds?: string[];
}

export async function createGuestCode(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'random' | 'cipher' | 'sync' | 'publicUrl'>,
  principal: Principal,
  props: CreateGuestCodeProps,
): Promise<GuestCodeView> {
  const person = requirePerson(principal);
  if (Object.hasOwn(props, 'code')) {
    throw new KeywayError(
      'guest_code_not_customizable',
      'Guest codes are always generated; you cannot choose their digits.',
    );
  }
  await enforceRateLimit(deps.db, `code-change:${person.personId}`, CODE_CHANGE_LIMIT, deps.clock.now());
  return deps.db.transaction(async (tx) => {
    const community = await findCommunity(tx, person.communityId);
    if (!community) throw new KeywayError('not_found', 'Community not found.');
    const now = deps.clock.now();
    await requireCurrentResidency(tx, person, now);
    const valid = validateGuestRequest(props, community.settings, now);
    const live = await countLiveGuestCodes(tx, person.personId, now);
    if (live >= community.settings.maxGuestCodesPerResident) {
      throw new KeywayError('conflict_state', `You already have ${live} guest codes; revoke one first.`, {
        limit: community.settings.maxGuestCodesPerResident,
      });
    }
    const doors = await shareableDoors(tx, person.personId, community.id, localDate(now, community.timeZone));
    let chosen = doors;
    if (props.accessPointIds && props.accessPointIds.length > 0) {
      const wanted = new Set(props.accessPointIds);
      chosen = doors.filter((d) => wanted.has(d.accessPointId));
      if (chosen.length !== wanted.size) {
        throw new KeywayError('invalid_request', 'Some of those doors are not yours to share.', {
          field: 'accessPointIds',
        });
      }
    } else {
      const deliveryKinds = community.settings.deliveryToUnitDoors
        ? ['community_door', 'unit_door']
        : ['community_door'];
      chosen = doors.filter((d) => (valid.type === 'delivery' ? deliveryKinds.includes(d.kind) : d.kind !== 'amenity'));
    }
    if (chosen.length === 0)
      throw new KeywayError('invalid_request', 'There is no door to share.', { field: 'accessPointIds' });
    const lockIds = chosen.map((d) => d.lockId);
    await lockCodeSpaces(tx, lockIds);
    // Counted with the doors' code spaces locked: two guest codes cannot both take a door's last guest slot.
    ensureGuestRoom(await lockRooms(tx, community.id, lockIds, now));
    const id = deps.random.uuid();
    const pin = await generatePin({
      length: community.settings.sixDigitCodes ? 6 : 4,
      randomInt: deps.random.int,
      occupied: occupiedCodesOn(tx, deps.cipher, lockIds, null),
    });
    await insertAccessCode(tx, {
      id,
      communityId: community.id,
      holderId: null,
      kind: 'guest',
      scope: null,
      origin: 'generated',
      pinEnc: deps.cipher.encrypt(pin, id),
      ...deps.cipher.fingerprints(pin),
      codeLength: pin.length,
      at: now,
      guest: {
        ownerId: person.personId,
        guestType: valid.type,
        guestName: valid.name,
        guestPhone: props.phone ?? null,
        guestEmail: props.email ?? null,
        startsAt: valid.startsAt,
        endsAt: valid.endsAt,
        schedule: valid.schedule
          ? { days: [...valid.schedule.days], start: valid.schedule.start, end: valid.schedule.end }
          : null,
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
      type: 'guest_code.created',
      actor: { type: 'person', id: person.personId },
      subject: { type: 'access_code', id },
      data: { ownerId: person.personId, guestType: valid.type, guestName: valid.name, doors: lockIds.length },
      at: now,
    });
    const link = shareUrlOf(deps.publicUrl, deps.cipher, id);
    const text = `${person.name} shared a door code with you for ${community.name}. Open ${link} to see it and when it works.`;
    for (const [channel, recipient] of [
      ['sms', props.phone],
      ['email', props.email],
    ] as const) {
      if (!recipient) continue;
      await queueMessage(tx, {
        id: deps.random.uuid(),
        communityId: community.id,
        channel,
        recipient,
        subject: `Your door code for ${community.name}`,
        body: text,
        status: 'queued',
        createdAt: now,
      });
    }
    await deps.sync.reconcileLocks(lockIds, tx);
    const row = await guestCodeById(tx, id);
    if (!row) throw new Error('guest code vanished inside its transaction');
    return guestCodeView(row, deps, now);
  });
}
