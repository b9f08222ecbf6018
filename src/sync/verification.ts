/**
 * The verification cadence (DESIGN.md §7): every hub lock is read again once per community interval, at its
 * own staggered time (domain/sync/verificationCadence.ts). The read is an ordinary `report_inventory` command:
 * on the hub it waits in the lock's queue behind any code change, and the inventory comes back through the
 * normal report path (applyInventory), which repairs drift and sets `verified_at`.
 *
 * Each sweep takes at most `batch` due locks (row-locked, skipped by other processes), so a building's reads
 * never pile up in one burst and the sweep stays short. A lock whose hub is offline (or that is out of radio
 * reach) is not read but still moves to its next time: it is tried again next period, not every second, and
 * the hub's reconnect inventory covers the gap. Locks never scheduled (new, or from before this existed) are
 * given their first time without a read. Bluetooth locks are verified by each phone visit's receipt; Seam
 * locks by the cloud connector's own poll, so neither is read from here.
 */
import { VERIFY_INTERVAL_MINUTES } from '../domain/communitySettings.ts';
import { nextVerificationAt } from '../domain/sync/verificationCadence.ts';
import type { Clock } from '../platform/clock.ts';
import type { Random } from '../platform/random.ts';
import type { Db } from '../store/database.ts';
import { setVerifyDue, takeDueLocks } from '../store/repositories/verification.ts';
import type { HubCommand } from './hubProtocol.ts';
import type { HubTransport } from './hubTransport.ts';

export interface VerificationDeps {
  db: Db;
  clock: Clock;
  random: Random;
  hubs: HubTransport;
}

export interface VerificationPass {
  /** Reads asked of hubs. */
  requested: number;
  /** Due locks not read now (hub offline, lock out of reach): moved to their next time. */
  deferred: number;
  /** Locks given their first time. */
  scheduled: number;
}

/** Default locks per sweep: small, so a sweep is short and a hub's queue never fills with reads. */
export const VERIFY_BATCH = 50;

export async function verificationSweep(deps: VerificationDeps, batch = VERIFY_BATCH): Promise<VerificationPass> {
  const now = deps.clock.now();
  const outgoing: { hubId: string; command: HubCommand }[] = [];
  const pass: VerificationPass = { requested: 0, deferred: 0, scheduled: 0 };
  await deps.db.transaction(async (tx) => {
    const due = await takeDueLocks(tx, now, batch);
    const next = due.map((lock) => {
      const interval = lock.intervalMinutes ?? VERIFY_INTERVAL_MINUTES.default;
      return { id: lock.id, at: nextVerificationAt(lock.id, now, interval) };
    });
    for (const lock of due) {
      if (lock.verifyDueAt === null) pass.scheduled++;
      else if (lock.hubId && lock.hubOnline && lock.reachable && lock.address) {
        pass.requested++;
        outgoing.push({
          hubId: lock.hubId,
          command: {
            id: deps.random.uuid(),
            type: 'report_inventory',
            lockId: lock.address,
            sentAt: now.toISOString(),
          },
        });
      } else pass.deferred++;
    }
    await setVerifyDue(tx, next);
  });
  // After the commit, like every command: a crash in between only skips one read (the next period reads again).
  for (const { hubId, command } of outgoing) await deps.hubs.publishCommand(hubId, command);
  return pass;
}
