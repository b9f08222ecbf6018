/** A manager sets up the community's units: add, rename, remove (only while nothing hangs on it). */
import { KeywayError } from '../domain/errors.ts';
import { recordEvent } from '../store/repositories/events.ts';
import {
  deleteUnit,
  findUnit,
  insertUnit,
  renameUnit as rename,
  type UnitRow,
  unitDependents,
  unitNameTaken,
} from '../store/repositories/provisioning.ts';
import type { ServiceDeps } from './deps.ts';
import { authorize } from './policies.ts';
import { actorOf, type Principal } from './principal.ts';

type Deps = Pick<ServiceDeps, 'db' | 'clock' | 'random'>;

const nameTaken = (name: string) =>
  new KeywayError('conflict_state', `A unit named “${name}” already exists.`, { field: 'name' });

export async function createUnit(deps: Deps, principal: Principal, props: { name: string }): Promise<UnitRow> {
  authorize(principal, 'property.manage');
  const id = deps.random.uuid();
  const at = deps.clock.now();
  const name = props.name.trim();
  await deps.db.transaction(async (tx) => {
    if (!(await insertUnit(tx, { id, communityId: principal.communityId, name, createdAt: at }))) throw nameTaken(name);
    await recordEvent(tx, {
      communityId: principal.communityId,
      type: 'unit.created',
      actor: actorOf(principal),
      subject: { type: 'unit', id },
      data: { unit: name },
      at,
    });
  });
  return { id, name };
}

export async function renameUnit(
  deps: Deps,
  principal: Principal,
  id: string,
  props: { name: string },
): Promise<UnitRow> {
  authorize(principal, 'property.manage');
  const at = deps.clock.now();
  const name = props.name.trim();
  return deps.db.transaction(async (tx) => {
    const unit = await findUnit(tx, principal.communityId, id);
    if (!unit) throw new KeywayError('not_found', 'No such unit.');
    if (await unitNameTaken(tx, principal.communityId, name, id)) throw nameTaken(name);
    await rename(tx, principal.communityId, id, name);
    await recordEvent(tx, {
      communityId: principal.communityId,
      type: 'unit.renamed',
      actor: actorOf(principal),
      subject: { type: 'unit', id },
      data: { unit: name, previous: unit.name },
      at,
    });
    return { id, name };
  });
}

export async function removeUnit(deps: Deps, principal: Principal, id: string): Promise<void> {
  authorize(principal, 'property.manage');
  const at = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const unit = await findUnit(tx, principal.communityId, id);
    if (!unit) throw new KeywayError('not_found', 'No such unit.');
    const held = await unitDependents(tx, id);
    if (held.doors > 0 || held.residents > 0)
      throw new KeywayError(
        'conflict_state',
        'This unit still has doors or residents (past leases count too): remove its doors first; a unit with a lease history stays.',
        held,
      );
    await deleteUnit(tx, principal.communityId, id);
    await recordEvent(tx, {
      communityId: principal.communityId,
      type: 'unit.removed',
      actor: actorOf(principal),
      subject: { type: 'unit', id },
      data: { unit: unit.name },
      at,
    });
  });
}
