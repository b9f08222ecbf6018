/** A manager sets up the doors (access points): unit doors, community doors, amenities. */
import { KeywayError } from '../domain/errors.ts';
import { insertAccessPoint } from '../store/repositories/devices.ts';
import { recordEvent } from '../store/repositories/events.ts';
import {
  type AccessPointRow,
  accessPointHasLock,
  deleteAccessPoint,
  findUnit,
  listAccessPoints as list,
  renameAccessPoint as rename,
} from '../store/repositories/provisioning.ts';
import type { ServiceDeps } from './deps.ts';
import { authorize } from './policies.ts';
import { actorOf, type Principal } from './principal.ts';

type Deps = Pick<ServiceDeps, 'db' | 'clock' | 'random'>;
export type AccessPointKind = AccessPointRow['kind'];

export interface NewAccessPoint {
  name: string;
  kind: AccessPointKind;
  /** Required for unit doors, refused for the others. */
  unitId?: string | undefined;
}

export async function createAccessPoint(
  deps: Deps,
  principal: Principal,
  props: NewAccessPoint,
): Promise<AccessPointRow> {
  authorize(principal, 'property.manage');
  if (props.kind === 'unit_door' && !props.unitId)
    throw new KeywayError('invalid_request', 'A unit door needs the unit it belongs to.', { field: 'unitId' });
  if (props.kind !== 'unit_door' && props.unitId)
    throw new KeywayError('invalid_request', 'Only unit doors belong to a unit.', { field: 'unitId' });
  const id = deps.random.uuid();
  const at = deps.clock.now();
  const name = props.name.trim();
  return deps.db.transaction(async (tx) => {
    const unit = props.unitId ? await findUnit(tx, principal.communityId, props.unitId) : undefined;
    if (props.unitId && !unit) throw new KeywayError('not_found', 'No such unit.', { field: 'unitId' });
    await insertAccessPoint(tx, {
      id,
      communityId: principal.communityId,
      name,
      kind: props.kind,
      unitId: unit?.id ?? null,
      createdAt: at,
    });
    await recordEvent(tx, {
      communityId: principal.communityId,
      type: 'access_point.created',
      actor: actorOf(principal),
      subject: { type: 'access_point', id },
      data: { doorName: name, kind: props.kind, unitId: unit?.id ?? null },
      at,
    });
    return { id, name, kind: props.kind, unitId: unit?.id ?? null, unitName: unit?.name ?? null, lock: null };
  });
}

export async function listAccessPoints(deps: Pick<ServiceDeps, 'db'>, principal: Principal) {
  authorize(principal, 'property.manage');
  return list(deps.db, principal.communityId);
}

export async function renameAccessPoint(
  deps: Deps,
  principal: Principal,
  id: string,
  props: { name: string },
): Promise<AccessPointRow> {
  authorize(principal, 'property.manage');
  const at = deps.clock.now();
  const name = props.name.trim();
  return deps.db.transaction(async (tx) => {
    const [door] = await list(tx, principal.communityId, id);
    if (!door) throw new KeywayError('not_found', 'No such door.');
    await rename(tx, principal.communityId, id, name);
    await recordEvent(tx, {
      communityId: principal.communityId,
      type: 'access_point.renamed',
      actor: actorOf(principal),
      subject: { type: 'access_point', id },
      data: { doorName: name, previous: door.name },
      at,
    });
    return { ...door, name };
  });
}

export async function removeAccessPoint(deps: Deps, principal: Principal, id: string): Promise<void> {
  authorize(principal, 'property.manage');
  const at = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const [door] = await list(tx, principal.communityId, id);
    if (!door) throw new KeywayError('not_found', 'No such door.');
    if (await accessPointHasLock(tx, id))
      throw new KeywayError('conflict_state', 'Remove the lock on this door first (its codes leave it first).', {
        lockId: door.lock?.id,
      });
    await deleteAccessPoint(tx, principal.communityId, id);
    await recordEvent(tx, {
      communityId: principal.communityId,
      type: 'access_point.removed',
      actor: actorOf(principal),
      subject: { type: 'access_point', id },
      data: { doorName: door.name },
      at,
    });
  });
}
