/**
 * `/access_codes/unmanaged/convert_to_managed` and `/access_codes/unmanaged/delete` on hub and Bluetooth locks.
 * Both make the code a Keyway credential of kind `integration` that owns its slot (with the code's own id, so an
 * integrator keeps the id Seam-style), and leave the rest to the normal sync path:
 * - convert: the credential is wanted there (`present`) and the lock already holds it in that slot, so it is
 *   active at once and nothing is sent; from then on it is an ordinary integration code (listed by
 *   /access_codes/list, drift repaired, deletable). Keyway's uniqueness rules hold: a code equal to another code
 *   on the lock, or a prefix of one, is refused (409 duplicate_access_code).
 * - delete: the credential is revoked at birth (`absent`, still in its slot), so the reconcile pass sends
 *   `clear_slot` and the slot empties when the lock confirms — Keyway never writes to a slot it does not own.
 * Masked codes (PIN unknown) and Seam locks' codes are refused with not_supported_yet.
 */
import { KeywayError } from '../../domain/errors.ts';
import { LockCodeIndex } from '../../domain/pin/lockCodeIndex.ts';
import { initialStatus, transition } from '../../domain/sync/lockCodeState.ts';
import type { Tx } from '../../store/database.ts';
import { lockCodeSpaces } from '../../store/repositories/accessCodes.ts';
import { recordEvent } from '../../store/repositories/events.ts';
import { insertAdoptedCode, slotLockForUpdate } from '../../store/repositories/seamDevices.ts';
import { openInventory } from '../../sync/inventory.ts';
import type { ServiceDeps } from '../deps.ts';
import { occupiedCodesOn } from '../occupiedCodes.ts';
import { authorize } from '../policies.ts';
import { actorOf, type Principal } from '../principal.ts';
import { codeNotFound, findUnmanagedCode, type SlotCode, slotCodesOf } from './unmanagedCodes.ts';

type Deps = Pick<ServiceDeps, 'db' | 'clock' | 'random' | 'cipher' | 'sync'>;

export const CONVERTED_CODE_NAME = 'Converted code';

export async function convertUnmanagedCode(
  deps: Deps,
  principal: Principal,
  accessCodeId: string,
  options: { name?: string | undefined } = {},
): Promise<{ accessCodeId: string; deviceId: string }> {
  authorize(principal, 'property.manage');
  return deps.db.transaction(async (tx) => {
    const found = await lockedSlotCode(tx, deps, principal, accessCodeId, 'converted to a managed code');
    const { lock, slot } = found;
    const pin = found.code as string;
    if (lock.retiringSince)
      throw new KeywayError('conflict_state', 'A manager is removing this lock; it takes no new managed codes.');
    await refuseClash(tx, deps, found, pin);
    const now = deps.clock.now();
    const name = options.name?.trim() || CONVERTED_CODE_NAME;
    await adopt(tx, deps, principal, found, pin, name, transition(initialStatus('present'), { type: 'confirmed' }));
    await recordEvent(tx, {
      communityId: principal.communityId,
      type: 'integration_code.converted',
      actor: actorOf(principal),
      subject: { type: 'access_code', id: found.id },
      data: {
        accessCodeId: found.id,
        lockId: lock.lockId,
        doorName: lock.doorName,
        slot,
        name,
        ...apiKeyOf(principal),
      },
      at: now,
    });
    return { accessCodeId: found.id, deviceId: lock.lockId };
  });
}

export async function deleteUnmanagedCode(
  deps: Deps,
  principal: Principal,
  accessCodeId: string,
): Promise<{ accessCodeId: string; deviceId: string }> {
  authorize(principal, 'property.manage');
  return deps.db.transaction(async (tx) => {
    const found = await lockedSlotCode(tx, deps, principal, accessCodeId, 'deleted');
    const { lock, slot } = found;
    const now = deps.clock.now();
    await adopt(tx, deps, principal, found, found.code as string, `Code in slot ${slot}`, initialStatus('absent'));
    await recordEvent(tx, {
      communityId: principal.communityId,
      type: 'unmanaged_code.deleted',
      actor: actorOf(principal),
      subject: { type: 'access_code', id: found.id },
      data: { accessCodeId: found.id, lockId: lock.lockId, doorName: lock.doorName, slot, ...apiKeyOf(principal) },
      at: now,
    });
    return { accessCodeId: found.id, deviceId: lock.lockId };
  });
}

/**
 * Finds the code, then holds its lock (code assignment on it, and its row against reconcile passes) and looks
 * again: between the two, a pass or another request may have claimed the slot.
 */
async function lockedSlotCode(
  tx: Tx,
  deps: Deps,
  principal: Principal,
  accessCodeId: string,
  what: string,
): Promise<SlotCode> {
  const found = await findUnmanagedCode(tx, deps.cipher, principal.communityId, accessCodeId);
  if (!found) throw codeNotFound();
  if (found.kind === 'cloud')
    throw new KeywayError(
      'not_supported_yet',
      `A code on a Seam lock that Keyway did not set cannot be ${what} here yet; do it in Seam or at the lock.`,
    );
  await lockCodeSpaces(tx, [found.code.lock.lockId]);
  const lock = await slotLockForUpdate(tx, principal.communityId, found.code.lock.lockId);
  const current = lock && (await slotCodesOf(tx, deps.cipher, lock)).find((c) => c.id === accessCodeId);
  if (!current) throw codeNotFound();
  if (current.code === null)
    throw new KeywayError(
      'not_supported_yet',
      `This lock does not read codes back, so Keyway cannot know this code's PIN: it cannot be ${what} here.`,
    );
  return current;
}

/** Equal to another code on the lock, or a prefix of one (either way): the keypad could not tell them apart. */
async function refuseClash(tx: Tx, deps: Deps, found: SlotCode, pin: string): Promise<void> {
  const claimed = new Set(found.lock.claimedSlots);
  // Other codes nobody claims are only in the lock's inventory; Keyway's own are found by their fingerprints.
  const foreign = (openInventory(deps.cipher, found.lock.lockId, found.lock.inventoryEnc) ?? []).flatMap((s) =>
    s.slot !== found.slot && !claimed.has(s.slot) && s.code !== null ? [s.code] : [],
  );
  const clashesWithForeign = new LockCodeIndex(foreign.filter((c) => /^[0-9]+$/.test(c))).conflictsWith(pin);
  const clashesWithKeyway =
    (await occupiedCodesOn(tx, deps.cipher, [found.lock.lockId], null).conflicting([pin])).size > 0;
  if (clashesWithForeign || clashesWithKeyway)
    throw new KeywayError(
      'code_conflict',
      'Another code on this lock is the same or starts the same way; the lock could not tell them apart.',
      { field: 'access_code_id' },
    );
}

async function adopt(
  tx: Tx,
  deps: Deps,
  principal: Principal,
  found: SlotCode,
  pin: string,
  name: string,
  status: ReturnType<typeof initialStatus>,
): Promise<void> {
  const prints = deps.cipher.fingerprints(pin);
  await insertAdoptedCode(tx, {
    id: found.id,
    communityId: principal.communityId,
    lockId: found.lock.lockId,
    slot: found.slot,
    pinEnc: deps.cipher.encrypt(pin, found.id),
    fp: prints.fp,
    fp4: prints.fp4,
    codeLength: pin.length,
    name,
    apiKeyId: principal.kind === 'api_key' ? principal.apiKeyId : null,
    status,
    lockCodeId: deps.random.uuid(),
    at: deps.clock.now(),
  });
  // Conversion: the pass finds the code already in place and sends nothing (and stops listing the slot as
  // unmanaged). Deletion: the pass sends clear_slot.
  await deps.sync.reconcileLocks([found.lock.lockId], tx);
}

function apiKeyOf(principal: Principal): { apiKeyId: string | null } {
  return { apiKeyId: principal.kind === 'api_key' ? principal.apiKeyId : null };
}
