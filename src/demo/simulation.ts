/**
 * The simulation's use cases (demo mode only): what a person on site could do — look at a lock, type on
 * its keypad, unplug a hub, walk up to a Bluetooth door with a phone — and moving the simulated clock.
 * Every call is scoped to the caller's community.
 */
import type { AdvanceableClock } from '../app.ts';
import { KeywayError } from '../domain/errors.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { fetchBundle, uploadReceipt } from '../services/phoneCourier.ts';
import type { Principal } from '../services/principal.ts';
import type { SyncEngine } from '../sync/syncEngine.ts';
import type { SimLockInfo, SimWorld } from './simWorld.ts';

export interface Simulation {
  world: SimWorld;
  clock: AdvanceableClock;
  sync: SyncEngine;
}

function lockOf(sim: Simulation, principal: Principal, lockId: string): SimLockInfo {
  const lock = sim.world.locks().find((l) => l.lockId === lockId);
  if (!lock || sim.world.communityOf(lockId) !== principal.communityId)
    throw new KeywayError('not_found', 'No such simulated lock.');
  return lock;
}

export function listSimLocks(sim: Simulation, principal: Principal): SimLockInfo[] {
  return sim.world.locks().filter((l) => sim.world.communityOf(l.lockId) === principal.communityId);
}

/** What the lock really holds. Managers only: it shows PINs. */
export function readSimLock(
  sim: Simulation,
  principal: Principal,
  lockId: string,
): { lockId: string; slots: { slot: number; code: string }[] } {
  if (principal.kind === 'person' && principal.role !== 'manager') {
    throw new KeywayError('forbidden', "Only managers can read a lock's slots.");
  }
  lockOf(sim, principal, lockId);
  return { lockId, slots: sim.world.slots(lockId) ?? [] };
}

export function typeOnKeypad(
  sim: Simulation,
  principal: Principal,
  lockId: string,
  code: string,
): { unlocked: boolean } {
  lockOf(sim, principal, lockId);
  return { unlocked: sim.world.typeCode(lockId, code) ?? false };
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
  const bundle = await fetchBundle(deps, principal, lockId);
  const receipt = await lock.deliver(bundle);
  await uploadReceipt(deps, principal, lockId, receipt);
  return { delivered: bundle.operations };
}

export async function setSimHubOnline(
  sim: Simulation,
  principal: Principal,
  hubId: string,
  online: boolean,
): Promise<{ hubId: string; online: boolean }> {
  if (sim.world.hubCommunity(hubId) !== principal.communityId)
    throw new KeywayError('not_found', 'No such simulated hub.');
  const now = await sim.world.setHubOnline(hubId, online);
  return { hubId, online: now ?? false };
}

export function readSimClock(sim: Simulation): { now: Date } {
  return { now: sim.clock.now() };
}

/** Moves the whole server and the simulated locks forward; due work (expiry, retries) runs at once. */
export async function advanceSimClock(sim: Simulation, minutes: number): Promise<{ now: Date }> {
  const now = sim.clock.advance(minutes * 60_000);
  await sim.sync.sweepNow();
  return { now };
}
