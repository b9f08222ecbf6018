/**
 * After a wrong code at a keypad: if the lock has seen a burst of them, one `lock.keypad_brute_force` event
 * (manager activity, live feed, webhooks, the console's alert banner), an email to every manager of the community
 * through the outbox, and, where the lock can, a `keypad_lockout` command. The rule is pure
 * (domain/sync/keypadBruteForce.ts); this reads the lock's recent history in the report's own transaction.
 *
 * Every server process hears every report, so the event is deduplicated on the report that tripped it, and only
 * the process whose insert recorded it queues the emails and the command: one email per manager and one lockout
 * per burst however many processes run. The command is stored (lock_commands) in the same transaction and
 * published by the caller after the commit, like every command.
 */

import { keypadAlertEmail } from '../domain/sync/keypadAlertEmail.ts';
import { KEYPAD_BRUTE_FORCE, KEYPAD_LOCKOUT_MS, keypadBruteForce } from '../domain/sync/keypadBruteForce.ts';
import type { Clock } from '../platform/clock.ts';
import type { Random } from '../platform/random.ts';
import type { Tx } from '../store/database.ts';
import {
  KEYPAD_BRUTE_FORCE_EVENT,
  keypadAlertAudience,
  keypadHistory,
  recordKeypadAlert,
} from '../store/repositories/keypadAttempts.ts';
import { insertLockCommands } from '../store/repositories/lockSync.ts';
import { insertMessage } from '../store/repositories/messages.ts';
import type { HubCommand } from './hubProtocol.ts';

export interface BruteForceLock {
  id: string;
  communityId: string;
  accessPointId: string | null;
  name: string;
  timeZone: string;
  connectivity: 'hub' | 'bluetooth' | 'seam';
  hubId: string | null;
  hubOnline: boolean | null;
}

/** A command to publish once the transaction has committed. */
export interface OutgoingCommand {
  hubId: string;
  command: HubCommand;
}

export async function checkKeypadBruteForce(
  tx: Tx,
  deps: { random: Random; clock: Clock },
  lock: BruteForceLock,
  at: Date,
): Promise<OutgoingCommand[]> {
  const since = new Date(at.getTime() - Math.max(KEYPAD_BRUTE_FORCE.windowMs, KEYPAD_BRUTE_FORCE.quietMs));
  const history = await keypadHistory(tx, lock.communityId, lock.id, since, at);
  if (!keypadBruteForce({ ...history, now: at })) return [];
  const recent = history.wrongCodesAt.filter((t) => at.getTime() - t.getTime() < KEYPAD_BRUTE_FORCE.windowMs);
  const audience = await keypadAlertAudience(tx, lock.communityId, lock.id);
  // Only a hub lock that says it can, with its hub online (a command to an offline hub would only time out).
  const lockout =
    lock.connectivity === 'hub' && lock.hubId && lock.hubOnline && audience.keypadLockout && audience.address
      ? { hubId: lock.hubId, address: audience.address }
      : null;
  const lockoutMinutes = lockout ? KEYPAD_LOCKOUT_MS / 60_000 : null;
  const windowMinutes = KEYPAD_BRUTE_FORCE.windowMs / 60_000;
  const eventId = await recordKeypadAlert(tx, {
    communityId: lock.communityId,
    type: KEYPAD_BRUTE_FORCE_EVENT,
    actor: { type: 'system', id: null },
    subject: { type: 'lock', id: lock.id },
    data: {
      lockId: lock.id,
      accessPointId: lock.accessPointId,
      doorName: lock.name,
      wrongCodes: recent.length,
      windowMinutes,
      lockoutMinutes,
    },
    dedupeKey: `keypad-brute-force:${lock.id}:${at.toISOString()}`,
    at,
  });
  if (eventId === undefined) return []; // another process recorded it, and tells the managers
  const now = deps.clock.now();
  const email = keypadAlertEmail({
    communityName: audience.communityName,
    timeZone: lock.timeZone,
    doorName: lock.name,
    wrongCodes: recent.length,
    windowMinutes,
    at,
    lockoutMinutes,
  });
  for (const recipient of audience.managerEmails) {
    await insertMessage(tx, {
      id: deps.random.uuid(),
      communityId: lock.communityId,
      kind: 'security_alert',
      channel: 'email',
      recipient,
      subject: email.subject,
      body: email.body,
      status: 'queued',
      createdAt: now,
    });
  }
  if (!lockout) return [];
  const command: HubCommand = {
    id: deps.random.uuid(),
    type: 'keypad_lockout',
    lockId: lockout.address,
    durationSeconds: KEYPAD_LOCKOUT_MS / 1000,
    sentAt: now.toISOString(),
  };
  await insertLockCommands(tx, [
    {
      id: command.id,
      communityId: lock.communityId,
      lockId: lock.id,
      accessCodeId: null,
      type: 'keypad_lockout',
      slot: null,
      version: null,
      status: 'sent',
      sentAt: now,
    },
  ]);
  return [{ hubId: lockout.hubId, command }];
}
