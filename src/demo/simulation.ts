/**
 * The simulation's use cases (demo mode only): what a person on site could do — look at a lock, type on
 * its keypad, unplug a hub, walk up to a Bluetooth door with a phone — and moving the simulated clock.
 * The simulation serves the demo community only: anyone else (a person or API key of another community) is
 * refused outright. What changes the world for everyone — the clock, hubs, a lock's memory — and reading a
 * lock's slots (its PINs, recorded as an event) are for the demo community's managers.
 */
import type { AdvanceableClock } from '../app.ts';
import { KeywayError } from '../domain/errors.ts';
import { LockDriverError } from '../hub/lockDriver.ts';
import type { SimulatedLock } from '../hub/simulatedLock.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { fetchBundle, uploadReceipt } from '../services/phoneCourier.ts';
import { actorOf, type Principal } from '../services/principal.ts';
import { recordEvent } from '../store/repositories/events.ts';
import { openDriftOf } from '../store/repositories/verification.ts';
import type { Receipt, SealedBundle } from '../sync/bluetoothEnvelope.ts';
import type { SyncEngine } from '../sync/syncEngine.ts';
import { BundleRefused } from './simulatedBluetoothLock.ts';
import type { SimLockInfo, SimWorld } from './simWorld.ts';

export interface Simulation {
  world: SimWorld;
  clock: AdvanceableClock;
  sync: SyncEngine;
}

/** Refuses anyone outside the demo community (the one server-wide simulation is not theirs to touch). */
function requireDemoMember(sim: Simulation, principal: Principal): void {
  if (principal.communityId !== sim.world.communityId)
    throw new KeywayError('forbidden', 'The simulation belongs to the demo community.');
}

/** Refuses all but the demo community's managers (API keys included: they act for no person on site). */
function requireDemoManager(sim: Simulation, principal: Principal, what: string): void {
  requireDemoMember(sim, principal);
  if (principal.kind !== 'person' || principal.role !== 'manager')
    throw new KeywayError('forbidden', `Only the demo community's managers can ${what}.`);
}

function lockOf(sim: Simulation, principal: Principal, lockId: string): SimLockInfo {
  requireDemoMember(sim, principal);
  const lock = sim.world.locks().find((l) => l.lockId === lockId);
  if (!lock || sim.world.communityOf(lockId) !== principal.communityId)
    throw new KeywayError('not_found', 'No such simulated lock.');
  return lock;
}

export function listSimLocks(sim: Simulation, principal: Principal): SimLockInfo[] {
  requireDemoMember(sim, principal);
  return sim.world.locks().filter((l) => sim.world.communityOf(l.lockId) === principal.communityId);
}

/** What the lock really holds. Managers only: it shows PINs, so each read is recorded (who, which lock). */
export async function readSimLock(
  deps: Pick<ServiceDeps, 'db'>,
  sim: Simulation,
  principal: Principal,
  lockId: string,
): Promise<{ lockId: string; slots: { slot: number; code: string }[] }> {
  requireDemoManager(sim, principal, "read a lock's slots");
  const lock = lockOf(sim, principal, lockId);
  const slots = sim.world.slots(lockId) ?? [];
  await recordEvent(deps.db, {
    communityId: sim.world.communityId,
    type: 'sim.lock_slots_read',
    actor: actorOf(principal),
    subject: { type: 'lock', id: lockId },
    data: { door: lock.name, slots: slots.length },
    at: sim.clock.now(),
  });
  return { lockId, slots };
}

/**
 * A code typed on the keypad; a burst of wrong ones locks the keypad out for a while, as on a real lock (for
 * everyone but the demo's managers, who may read the slots).
 */
export function typeOnKeypad(
  sim: Simulation,
  principal: Principal,
  lockId: string,
  code: string,
): { unlocked: boolean } {
  lockOf(sim, principal, lockId);
  // The demo's managers can read every slot anyway: guessing gains them nothing, and tests poll as a manager.
  if (principal.kind === 'person' && principal.role === 'manager')
    return { unlocked: sim.world.typeCode(lockId, code) ?? false };
  const lockout = sim.world.keypadLockout;
  const now = sim.clock.now();
  const lockedMs = lockout.lockedFor(lockId, now);
  if (lockedMs > 0) {
    const retryAfterSeconds = Math.ceil(lockedMs / 1000);
    throw new KeywayError('rate_limited', 'Too many wrong codes: the keypad is locked out for a while.', {
      retryAfterSeconds,
    });
  }
  const unlocked = sim.world.typeCode(lockId, code) ?? false;
  lockout.record(lockId, now, unlocked);
  return { unlocked };
}

/** A phone comes within range of a Bluetooth lock: fetch the bundle, hand it over, upload the receipt. */
export async function phoneNearby(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'random' | 'cipher' | 'sync'>,
  sim: Simulation,
  principal: Principal,
  lockId: string,
): Promise<{ delivered: number }> {
  const info = lockOf(sim, principal, lockId);
  const lock = sim.world.bluetoothLock(lockId);
  if (info.connectivity !== 'bluetooth' || !lock)
    throw new KeywayError('invalid_request', 'This door has a hub lock; phones carry changes only to Bluetooth locks.');
  const visit = async () => {
    const bundle = await fetchBundle(deps, principal, lockId);
    const receipt = await lock.deliver(bundle);
    await uploadReceipt(deps, principal, lockId, receipt);
    return bundle.operations;
  };
  const driftBefore = (await openDriftOf(deps.db, lockId))?.eventId;
  let delivered = await visit();
  // The receipt carries the lock's slot list: if it showed drift (a wipe, a code changed at the lock), the phone
  // is still in range, so it carries the repair at once, as a real app would by asking again after uploading.
  const driftAfter = (await openDriftOf(deps.db, lockId))?.eventId;
  if (driftAfter !== undefined && driftAfter !== driftBefore) delivered += await visit();
  return { delivered };
}

/**
 * Only the air between a phone and a Bluetooth lock: the phone hands over a sealed bundle it fetched earlier (while
 * it had a connection) and takes the lock's signed receipt away, to upload when it has one again. Keyway plays no
 * part: the lock alone checks the seal and refuses a counter it has seen (a stale or replayed bundle).
 */
export async function bluetoothHandover(
  sim: Simulation,
  principal: Principal,
  lockId: string,
  bundle: SealedBundle,
): Promise<Receipt> {
  lockOf(sim, principal, lockId);
  const lock = sim.world.bluetoothLock(lockId);
  if (!lock)
    throw new KeywayError('invalid_request', 'This door has a hub lock; phones carry changes only to Bluetooth locks.');
  try {
    return await lock.deliver(bundle);
  } catch (error) {
    if (error instanceof BundleRefused)
      throw new KeywayError('conflict_state', 'The lock refused this bundle: it is not for this lock, or out of date.');
    throw error;
  }
}

/** Demo managers only: acting on a lock's memory is what an installer (or a vandal) does on site. */
function physicalLock(sim: Simulation, principal: Principal, lockId: string): SimulatedLock {
  requireDemoManager(sim, principal, 'wipe or reprogram a simulated lock');
  lockOf(sim, principal, lockId);
  const lock = sim.world.hubLock(lockId) ?? sim.world.bluetoothLock(lockId)?.keypad;
  if (!lock) throw new KeywayError('not_found', 'No such simulated lock.');
  return lock;
}

/**
 * The lock loses every code (battery pulled, factory reset). Keyway is not told: the next verification read
 * (hub locks, on the community's cadence) or phone visit (Bluetooth) finds it and restores the codes.
 */
export function wipeSimLock(sim: Simulation, principal: Principal, lockId: string): { lockId: string; slots: number } {
  physicalLock(sim, principal, lockId).wipe();
  return { lockId, slots: 0 };
}

/** Someone programs `code` into `slot` at the lock itself. Keyway finds out the same way as for a wipe. */
export function tamperSimLock(
  sim: Simulation,
  principal: Principal,
  lockId: string,
  slot: number,
  code: string,
): { lockId: string; slot: number } {
  const lock = physicalLock(sim, principal, lockId);
  try {
    lock.tamper(slot, code);
  } catch (error) {
    if (error instanceof LockDriverError && error.code === 'duplicate_on_lock')
      throw new KeywayError('code_conflict', 'Another slot of this lock already holds that code.');
    if (error instanceof LockDriverError)
      throw new KeywayError('invalid_request', `This lock has slots 1 to ${lock.capabilities.slotCount}.`, {
        field: 'slot',
      });
    throw error;
  }
  return { lockId, slot };
}

export async function setSimHubOnline(
  sim: Simulation,
  principal: Principal,
  hubId: string,
  online: boolean,
): Promise<{ hubId: string; online: boolean }> {
  requireDemoManager(sim, principal, 'unplug or replug a hub');
  if (sim.world.hubCommunity(hubId) !== principal.communityId)
    throw new KeywayError('not_found', 'No such simulated hub.');
  const now = await sim.world.setHubOnline(hubId, online);
  return { hubId, online: now ?? false };
}

export function readSimClock(sim: Simulation, principal: Principal): { now: Date } {
  requireDemoMember(sim, principal);
  return { now: sim.clock.now() };
}

/**
 * Moves the whole server and the simulated locks forward; due work (expiry, retries) runs at once. Managers of
 * the demo community only: it ends sessions and rate-limit windows of everyone on this server.
 */
export async function advanceSimClock(sim: Simulation, principal: Principal, minutes: number): Promise<{ now: Date }> {
  requireDemoManager(sim, principal, 'move the simulated clock');
  const now = sim.clock.advance(minutes * 60_000);
  await sim.sync.sweepNow();
  return { now };
}
