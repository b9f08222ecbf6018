/** Reading and changing a community's code rules (manager only for changes). */
import {
  addressOf,
  type CommunitySettings,
  isValidVerifyInterval,
  moveOutTimeOf,
  VERIFY_INTERVAL_MINUTES,
  verifyIntervalOf,
} from '../domain/communitySettings.ts';
import { KeywayError } from '../domain/errors.ts';
import { isValidMoveOutTime } from '../domain/lease/leaseInstants.ts';
import { isValidTimeZone } from '../domain/residency.ts';
import { findCommunity, findCommunityForUpdate, updateCommunity } from '../store/repositories/communities.ts';
import { recordEvent } from '../store/repositories/events.ts';
import { openLeaseIds } from '../store/repositories/residencies.ts';
import { unscheduleCommunityLocks } from '../store/repositories/verification.ts';
import type { ServiceDeps } from './deps.ts';
import { settleLease } from './leaseTransitions.ts';
import { authorize } from './policies.ts';
import { actorOf, type Principal } from './principal.ts';

export type SettingsView = CommunitySettings & { timeZone: string };

export async function getCommunitySettings(deps: Pick<ServiceDeps, 'db'>, principal: Principal): Promise<SettingsView> {
  authorize(principal, 'community.read_settings');
  const community = await findCommunity(deps.db, principal.communityId);
  if (!community) throw new KeywayError('not_found', 'Community not found.');
  return {
    ...community.settings,
    moveOutTime: moveOutTimeOf(community.settings),
    verifyIntervalMinutes: verifyIntervalOf(community.settings),
    address: addressOf(community.settings),
    timeZone: community.timeZone,
  };
}

export type SettingsChanges = Partial<SettingsView>;

export async function updateCommunitySettings(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'random' | 'sync'>,
  principal: Principal,
  changes: SettingsChanges,
): Promise<SettingsView> {
  authorize(principal, 'community.update_settings');
  if (changes.timeZone !== undefined && !isValidTimeZone(changes.timeZone)) {
    throw new KeywayError('invalid_request', 'Unknown time zone; use an IANA name such as America/Chicago.', {
      field: 'timeZone',
    });
  }
  if (changes.moveOutTime != null && !isValidMoveOutTime(changes.moveOutTime)) {
    throw new KeywayError('invalid_request', 'The move-out time is HH:MM, 00:00 to 23:59.', { field: 'moveOutTime' });
  }
  if (changes.verifyIntervalMinutes !== undefined && !isValidVerifyInterval(changes.verifyIntervalMinutes)) {
    const { min, max } = VERIFY_INTERVAL_MINUTES;
    throw new KeywayError('invalid_request', `The verification interval is whole minutes, ${min} to ${max}.`, {
      field: 'verifyIntervalMinutes',
    });
  }
  return deps.db.transaction(async (tx) => {
    const community = await findCommunityForUpdate(tx, principal.communityId);
    if (!community) throw new KeywayError('not_found', 'Community not found.');
    const { timeZone = community.timeZone, ...settingChanges } = changes;
    if (settingChanges.address !== undefined) settingChanges.address = addressOf(settingChanges);
    const settings: CommunitySettings = { ...community.settings, ...settingChanges };
    await updateCommunity(tx, community.id, { settings, timeZone });
    const changed = Object.keys(changes).filter(
      (key) =>
        JSON.stringify((changes as Record<string, unknown>)[key]) !==
        JSON.stringify(({ ...community.settings, timeZone: community.timeZone } as Record<string, unknown>)[key]),
    );
    if (changed.length > 0) {
      await recordEvent(tx, {
        communityId: community.id,
        type: 'community.settings_changed',
        actor: actorOf(principal),
        subject: { type: 'community', id: community.id },
        data: { changed, settings: { ...settings, timeZone } },
        at: deps.clock.now(),
      });
    }
    if (changed.includes('moveOutTime') || changed.includes('timeZone')) {
      // Lease instants depend on both: every lease not yet over is settled again (a lease whose new end has
      // already passed ends now, through the move-out path).
      const lockIds = new Set<string>();
      for (const residencyId of await openLeaseIds(tx, community.id)) {
        const outcome = await settleLease(tx, deps, residencyId, deps.clock.now(), actorOf(principal));
        for (const lockId of outcome?.lockIds ?? []) lockIds.add(lockId);
      }
      await deps.sync.reconcileLocks([...lockIds], tx);
    }
    // A new cadence gives every lock a new phase: the next sweep schedules them afresh (staggered, no burst).
    if (changed.includes('verifyIntervalMinutes')) await unscheduleCommunityLocks(tx, community.id);
    return {
      ...settings,
      moveOutTime: moveOutTimeOf(settings),
      verifyIntervalMinutes: verifyIntervalOf(settings),
      address: addressOf(settings),
      timeZone,
    };
  });
}
