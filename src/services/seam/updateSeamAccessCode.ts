/**
 * Seam's `/access_codes/update`: the name, the digits, when it opens (times, `type: 'ongoing'`, one-time use).
 * New digits go the residents' make-before-break way (the old code keeps working until the lock holds the new
 * one); a new window is sent to the lock again as a new version of the same PIN (a lock that enforces schedules
 * itself holds the old window until then). A code stays on its device: moving it is a new code.
 */
import { KeywayError } from '../../domain/errors.ts';
import { checkChosenCode } from '../../domain/seam/codeRules.ts';
import { type CodeValidity, codeValidity, validityChanged } from '../../domain/seam/codeValidity.ts';
import { changePin, isRolledOut, lockCodeSpaces, requireOnLocks } from '../../store/repositories/accessCodes.ts';
import { findCommunity } from '../../store/repositories/communities.ts';
import { recordEvent } from '../../store/repositories/events.ts';
import { bumpCodeVersion, updateIntegrationCode } from '../../store/repositories/seamAccessCodes.ts';
import type { ServiceDeps } from '../deps.ts';
import { occupiedCodesOn } from '../occupiedCodes.ts';
import { authorize } from '../policies.ts';
import { actorOf, type Principal } from '../principal.ts';
import { seamAccessCodeView } from './seamAccessCodeView.ts';
import { accessCodeNotFound, codeEventData, codeOf, devicesOf } from './seamCodeSupport.ts';
import type { SeamAccessCodeView } from './seamViews.ts';

type Deps = Pick<ServiceDeps, 'db' | 'clock' | 'random' | 'cipher' | 'sync'>;

export interface SeamCodeUpdate {
  accessCodeId: string;
  deviceId?: string | undefined;
  name?: string | null | undefined;
  code?: string | undefined;
  startsAt?: string | null | undefined;
  endsAt?: string | null | undefined;
  type?: 'ongoing' | 'time_bound' | undefined;
  isOneTimeUse?: boolean | undefined;
}

export async function updateSeamAccessCode(
  deps: Deps,
  principal: Principal,
  props: SeamCodeUpdate,
): Promise<SeamAccessCodeView> {
  authorize(principal, 'property.manage');
  return deps.db.transaction(async (tx) => {
    const community = await findCommunity(tx, principal.communityId);
    if (!community) throw new KeywayError('not_found', 'Community not found.');
    const row = await codeOf(tx, community.id, props.accessCodeId, { forUpdate: true });
    // A deleted code (still leaving its lock) can no longer be changed.
    if (row.status !== 'active') throw accessCodeNotFound();
    if (props.deviceId !== undefined && props.deviceId !== row.lockId) {
      throw new KeywayError(
        'invalid_request',
        'An access code stays on its device: create a new code on the other device instead.',
        { field: 'device_id' },
      );
    }
    const now = deps.clock.now();
    const current: CodeValidity = {
      guestType: row.guestType,
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      oneTimeUse: row.oneTimeUse,
    };
    const validity = codeValidity(
      { startsAt: props.startsAt, endsAt: props.endsAt, oneTimeUse: props.isOneTimeUse, type: props.type },
      now,
      current,
    );
    const currentPin = deps.cipher.decrypt(row.pinEnc, row.id);
    const newPin = props.code !== undefined && props.code !== currentPin ? props.code : null;
    const renamed = props.name !== undefined && props.name !== row.name;
    const rescheduled = validityChanged(current, validity);
    const changed = [
      ...(renamed ? ['name'] : []),
      ...(newPin !== null ? ['code'] : []),
      ...(rescheduled ? ['validity'] : []),
    ];
    if (changed.length === 0) return view(deps, row.id, community.id, now, tx);

    let version: number | null = null;
    // Whatever the lock is told again must be able to go there: a lock being removed only lets codes go.
    const [device] = newPin !== null || rescheduled ? await devicesOf(tx, community.id, [row.lockId], now) : [];
    if (device?.retiring)
      throw new KeywayError('invalid_request', 'This lock is being removed: its codes cannot change any more.', {
        field: 'access_code_id',
      });
    if (newPin !== null) {
      if (!device) throw new Error('the code’s lock vanished inside its transaction');
      const pin = checkChosenCode(newPin, community.settings, device);
      await lockCodeSpaces(tx, [row.lockId]);
      const taken = await occupiedCodesOn(tx, deps.cipher, [row.lockId], row.id).conflicting([pin]);
      if (taken.size > 0)
        throw new KeywayError('code_conflict', `That code cannot be used on ${row.doorName}. Choose another.`, {
          field: 'code',
        });
      const rolledOut = await isRolledOut(tx, row.id);
      version = await changePin(
        tx,
        row.id,
        {
          origin: 'custom',
          pinEnc: deps.cipher.encrypt(pin, row.id),
          ...deps.cipher.fingerprints(pin),
          codeLength: pin.length,
          at: now,
        },
        rolledOut ? row.pinEnc : null,
      );
    } else if (rescheduled) {
      version = await bumpCodeVersion(tx, row.id, now);
    }
    const name = renamed ? (props.name ?? null) : row.name;
    await updateIntegrationCode(tx, row.id, {
      ...(renamed ? { name } : {}),
      ...(rescheduled ? validity : {}),
      at: now,
    });
    if (version !== null) {
      await requireOnLocks(
        tx,
        [{ id: deps.random.uuid(), communityId: community.id, accessCodeId: row.id, lockId: row.lockId }],
        version,
        now,
      );
    }
    await recordEvent(tx, {
      communityId: community.id,
      type: 'integration_code.updated',
      actor: actorOf(principal),
      subject: { type: 'access_code', id: row.id },
      data: { ...codeEventData({ ...row, ...validity, name }), changed },
      at: now,
    });
    if (version !== null) await deps.sync.reconcileLocks([row.lockId], tx);
    return view(deps, row.id, community.id, now, tx);
  });
}

async function view(
  deps: Deps,
  id: string,
  communityId: string,
  now: Date,
  tx: Parameters<typeof codeOf>[0],
): Promise<SeamAccessCodeView> {
  const fresh = seamAccessCodeView(await codeOf(tx, communityId, id), deps.cipher, now);
  if (!fresh) throw accessCodeNotFound();
  return fresh;
}
