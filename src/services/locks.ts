/**
 * A manager puts a lock on a door: a hub lock (which hub, and its address on that hub), a Bluetooth lock
 * (Keyway makes its key, as at installation), or a Seam cloud lock (its address: the Seam device id, checked
 * with Seam). One lock per door; an address is unique on its hub, a Seam device on one door. Capabilities default per connectivity (or from what the hub reported).
 */
import { randomBytes } from 'node:crypto';
import { KeywayError } from '../domain/errors.ts';
import { cardsOpeningDoor } from '../store/repositories/accessCards.ts';
import { requireOnLocks } from '../store/repositories/accessCodes.ts';
import { seamDeviceTaken } from '../store/repositories/cloud.ts';
import {
  addressTaken,
  findLock,
  insertLock,
  lockOnAccessPoint,
  type ProvisionedLock,
  retirementProgress,
  updateLockSettings,
} from '../store/repositories/devices.ts';
import { recordEvent } from '../store/repositories/events.ts';
import { deleteDiscovery, findDiscovery, findHub } from '../store/repositories/hubs.ts';
import { listAccessPoints } from '../store/repositories/provisioning.ts';
import { sealBleKey } from '../sync/bluetoothCourier.ts';
import { seamLockSetup } from './cloud/seamLockSetup.ts';
import type { ServiceDeps } from './deps.ts';
import { authorize } from './policies.ts';
import { actorOf, type Principal } from './principal.ts';

type Deps = Pick<ServiceDeps, 'db' | 'clock' | 'random' | 'cipher' | 'sync' | 'cloud'>;

export interface LockCapabilities {
  /** PIN lengths the keypad accepts. */
  codeLengths: number[];
  /** How many user codes the lock holds. */
  slotCount: number;
  /** Whether the lock enforces time windows itself (else Keyway adds and removes codes on time). */
  nativeSchedules: boolean;
  /** Whether the lock can tell which PIN is in a slot (else only that the slot is taken). */
  readableCodes: boolean;
}

export const DEFAULT_CAPABILITIES: Record<'hub' | 'bluetooth' | 'seam', LockCapabilities> = {
  hub: { codeLengths: [4, 6], slotCount: 30, nativeSchedules: false, readableCodes: true },
  // Seam locks take theirs from the device (seamLockSetup); these only fill gaps.
  seam: { codeLengths: [4, 6], slotCount: 100, nativeSchedules: true, readableCodes: true },
  // Bluetooth locks are reached only through phones, so they always carry a code's window themselves.
  bluetooth: { codeLengths: [4, 6], slotCount: 20, nativeSchedules: true, readableCodes: false },
};

export interface NewLockProps {
  accessPointId: string;
  connectivity: 'hub' | 'bluetooth' | 'seam';
  hubId?: string | undefined;
  address?: string | undefined;
  capabilities?: Partial<LockCapabilities> | undefined;
}

function fromDiscovery(capabilities: Record<string, unknown> | undefined): Partial<LockCapabilities> {
  if (!capabilities) return {};
  const out: Partial<LockCapabilities> = {};
  const lengths = capabilities.codeLengths;
  if (Array.isArray(lengths) && lengths.every((n) => Number.isInteger(n) && n >= 4 && n <= 8) && lengths.length > 0)
    out.codeLengths = lengths as number[];
  if (Number.isInteger(capabilities.slotCount)) out.slotCount = capabilities.slotCount as number;
  if (typeof capabilities.readableCodes === 'boolean') out.readableCodes = capabilities.readableCodes;
  if (typeof capabilities.nativeSchedules === 'boolean') out.nativeSchedules = capabilities.nativeSchedules;
  return out;
}

export async function createLock(deps: Deps, principal: Principal, props: NewLockProps): Promise<ProvisionedLock> {
  authorize(principal, 'property.manage');
  const connectivity = props.connectivity;
  if (connectivity === 'seam' && (props.hubId || !props.address))
    throw new KeywayError('invalid_request', 'A Seam lock has no hub; its address is the Seam device id.', {
      field: props.hubId ? 'hubId' : 'address',
    });
  if (connectivity === 'hub' && (!props.hubId || !props.address))
    throw new KeywayError('invalid_request', 'A hub lock needs its hub and its address on that hub.', {
      field: props.hubId ? 'address' : 'hubId',
    });
  if (connectivity === 'bluetooth' && (props.hubId || props.address))
    throw new KeywayError('invalid_request', 'A Bluetooth lock has no hub and no address.', {
      field: props.hubId ? 'hubId' : 'address',
    });
  const id = deps.random.uuid();
  const at = deps.clock.now();
  const address = props.address?.trim() ?? null;
  // Seam is asked before the transaction (never inside one): the device exists there and can hold codes.
  const fromSeam = connectivity === 'seam' ? await seamLockSetup(deps, principal.communityId, address as string) : {};
  return deps.db.transaction(async (tx) => {
    const [door] = await listAccessPoints(tx, principal.communityId, props.accessPointId);
    if (!door) throw new KeywayError('not_found', 'No such door.', { field: 'accessPointId' });
    if (await lockOnAccessPoint(tx, door.id))
      throw new KeywayError('conflict_state', 'This door already has a lock.', { field: 'accessPointId' });
    let hubName: string | null = null;
    let discovered: Partial<LockCapabilities> = {};
    if (connectivity === 'hub') {
      const hub = await findHub(tx, principal.communityId, props.hubId as string);
      if (!hub) throw new KeywayError('not_found', 'No such hub.', { field: 'hubId' });
      hubName = hub.name;
      if (await addressTaken(tx, hub.id, address as string))
        throw new KeywayError('conflict_state', 'Another lock of this hub already has this address.', {
          field: 'address',
        });
      discovered = fromDiscovery((await findDiscovery(tx, hub.id, address as string))?.capabilities);
      await deleteDiscovery(tx, hub.id, address as string);
    }
    if (connectivity === 'seam') {
      if (await seamDeviceTaken(tx, address as string))
        throw new KeywayError('conflict_state', 'This Seam device is already on a door.', { field: 'address' });
      discovered = fromSeam;
    }
    const capabilities: LockCapabilities = {
      ...DEFAULT_CAPABILITIES[connectivity],
      ...discovered,
      ...definedOnly(props.capabilities ?? {}),
    };
    await insertLock(tx, {
      id,
      communityId: principal.communityId,
      accessPointId: door.id,
      hubId: connectivity === 'hub' ? (props.hubId as string) : null,
      connectivity,
      address,
      ...capabilities,
      codeLengths: [...new Set(capabilities.codeLengths)].sort(),
      // A Bluetooth lock's own key: only Keyway and the lock hold it (the installer loads it into the lock).
      bleKeyEnc: connectivity === 'bluetooth' ? sealBleKey(deps.cipher, id, randomBytes(32)) : null,
      createdAt: at,
    });
    // Residents whose cards open this door: their codes belong on the new lock too.
    for (const card of await cardsOpeningDoor(tx, door.id)) {
      await requireOnLocks(
        tx,
        [{ id: deps.random.uuid(), communityId: card.communityId, accessCodeId: card.accessCodeId, lockId: id }],
        card.version,
        at,
      );
    }
    await deps.sync.reconcileLocks([id], tx);
    await recordEvent(tx, {
      communityId: principal.communityId,
      type: 'lock.added',
      actor: actorOf(principal),
      subject: { type: 'lock', id },
      data: { lockId: id, doorName: door.name, connectivity, hubName, address },
      at,
    });
    return (await findLock(tx, principal.communityId, id)) as ProvisionedLock;
  });
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export async function updateLock(
  deps: Pick<Deps, 'db' | 'clock' | 'sync'>,
  principal: Principal,
  id: string,
  props: { address?: string | undefined; capabilities?: Partial<LockCapabilities> | undefined },
): Promise<ProvisionedLock> {
  authorize(principal, 'property.manage');
  const at = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const lock = await findLock(tx, principal.communityId, id);
    if (!lock) throw new KeywayError('not_found', 'No such lock.');
    if (lock.retiringSince) throw new KeywayError('conflict_state', 'This lock is being removed.');
    const address = props.address?.trim();
    if (address !== undefined) {
      if (lock.connectivity !== 'hub')
        throw new KeywayError('invalid_request', 'Only hub locks have an address.', { field: 'address' });
      if (await addressTaken(tx, lock.hubId as string, address, id))
        throw new KeywayError('conflict_state', 'Another lock of this hub already has this address.', {
          field: 'address',
        });
    }
    const caps = definedOnly(props.capabilities ?? {});
    await updateLockSettings(tx, id, {
      ...(address !== undefined ? { address } : {}),
      ...caps,
      ...(caps.codeLengths ? { codeLengths: [...new Set(caps.codeLengths)].sort() } : {}),
    });
    await recordEvent(tx, {
      communityId: principal.communityId,
      type: 'lock.updated',
      actor: actorOf(principal),
      subject: { type: 'lock', id },
      data: { lockId: id, ...(address !== undefined ? { address } : {}), ...caps },
      at,
    });
    // New capabilities or a new address change what the reconciler sends: let it look again.
    await deps.sync.reconcileLocks([id], tx);
    return (await findLock(tx, principal.communityId, id)) as ProvisionedLock;
  });
}

export async function getLock(deps: Pick<Deps, 'db'>, principal: Principal, id: string) {
  authorize(principal, 'property.manage');
  return deps.db.transaction(async (tx) => {
    const lock = await findLock(tx, principal.communityId, id);
    if (!lock) throw new KeywayError('not_found', 'No such lock.');
    return { lock, progress: lock.retiringSince ? await retirementProgress(tx, id) : null };
  });
}
