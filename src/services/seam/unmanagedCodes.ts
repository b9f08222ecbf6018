/**
 * Unmanaged access codes for the Seam-compatible API: codes on a lock that no Keyway credential claims (the
 * console's "unmanaged codes"; Keyway never overwrites them).
 * - Hub and Bluetooth locks: the slots the last reconcile pass found occupied by nobody's code
 *   (`locks.unmanaged_slots`), less any slot a conversion or deletion has claimed since, with the code the lock's
 *   last inventory read there. A lock that masks codes on read-back gives `code: null` (Seam's type allows it);
 *   such a code cannot be managed or deleted here (Keyway cannot know its PIN).
 * - Seam (cloud) locks: the codes Seam reports that Keyway did not set (`cloud_codes` with managed = false).
 *   Keyway does not keep their PINs, so `code` is null, and they cannot be converted or deleted here (yet).
 * `created_at` is when Keyway last read the code there (it cannot know when someone programmed it).
 */
import { KeywayError } from '../../domain/errors.ts';
import type { PinCipher } from '../../security/pinCipher.ts';
import type { Executor } from '../../store/database.ts';
import { findLock } from '../../store/repositories/devices.ts';
import {
  type CloudUnmanagedRow,
  cloudUnmanagedRows,
  type SlotLockRow,
  slotLocksWithUnmanaged,
  takenAccessCodeIds,
} from '../../store/repositories/seamDevices.ts';
import { openInventory } from '../../sync/inventory.ts';
import type { ServiceDeps } from '../deps.ts';
import { authorize } from '../policies.ts';
import type { Principal } from '../principal.ts';
import { DEFAULT_PAGE_LIMIT, decodePageCursor, MAX_PAGE_LIMIT, type Page, toPage } from './pageCursor.ts';
import type { SeamProblem } from './seamViews.ts';
import { unmanagedCodeId } from './unmanagedCodeId.ts';

type Deps = Pick<ServiceDeps, 'db' | 'clock' | 'cipher'>;

export interface UnmanagedCodeView {
  accessCodeId: string;
  deviceId: string;
  workspaceId: string;
  name: string | null;
  /** The PIN as the lock reported it; null when the lock masks codes or Keyway does not hold it (Seam locks). */
  code: string | null;
  status: 'set' | 'unset';
  createdAt: Date;
  errors: SeamProblem[];
  warnings: SeamProblem[];
  canBeManaged: boolean;
  canBeDeleted: boolean;
  keyway: { slot: number | null; doorName: string; source: 'lock' | 'seam' };
}

/** A code found in a slot of a hub or Bluetooth lock. */
export interface SlotCode {
  id: string;
  lock: SlotLockRow;
  slot: number;
  code: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Unmanaged codes have no creation time of their own: their list is ordered by id alone. */
const NO_TIME = new Date(0);

export const codeNotFound = () =>
  new KeywayError('not_found', 'No unmanaged access code with that id in this workspace.', {
    resource: 'access_code',
  });
const deviceNotFound = () =>
  new KeywayError('not_found', 'No device with that id in this workspace.', { resource: 'device' });

/** The unmanaged codes in a slot lock's slots, with their stable ids. */
export async function slotCodesOf(ex: Executor, cipher: PinCipher, lock: SlotLockRow): Promise<SlotCode[]> {
  const inventory = new Map((openInventory(cipher, lock.lockId, lock.inventoryEnc) ?? []).map((s) => [s.slot, s.code]));
  const claimed = new Set(lock.claimedSlots);
  let pending = lock.unmanagedSlots
    .filter((slot) => !claimed.has(slot) && inventory.has(slot))
    .map((slot) => {
      const code = inventory.get(slot) ?? null;
      return { slot, code, print: code === null ? null : cipher.fingerprint(code), generation: 0 };
    });
  const found: SlotCode[] = [];
  // An id already taken by a credential (an earlier code of that slot, converted or deleted) moves to the next
  // generation; rarely more than one round.
  while (pending.length > 0) {
    const ids = pending.map((p) => unmanagedCodeId(lock.lockId, p.slot, p.print, p.generation));
    const taken = await takenAccessCodeIds(ex, ids);
    const next: typeof pending = [];
    pending.forEach((p, i) => {
      const id = ids[i] as string;
      if (taken.has(id)) next.push({ ...p, generation: p.generation + 1 });
      else found.push({ id, lock, slot: p.slot, code: p.code });
    });
    pending = next;
  }
  return found.sort((a, b) => a.slot - b.slot);
}

/** Finds an unmanaged code by id anywhere in the community: a cloud code by its row, a slot code by its lock. */
export async function findUnmanagedCode(
  ex: Executor,
  cipher: PinCipher,
  communityId: string,
  id: string,
): Promise<{ kind: 'slot'; code: SlotCode } | { kind: 'cloud'; row: CloudUnmanagedRow } | undefined> {
  if (!UUID.test(id)) return undefined;
  const [cloud] = await cloudUnmanagedRows(ex, communityId, { id });
  if (cloud) return { kind: 'cloud', row: cloud };
  for (const lock of await slotLocksWithUnmanaged(ex, communityId)) {
    const code = (await slotCodesOf(ex, cipher, lock)).find((c) => c.id === id);
    if (code) return { kind: 'slot', code };
  }
  return undefined;
}

function slotView(code: SlotCode, communityId: string, now: Date): UnmanagedCodeView {
  const known = code.code !== null;
  return {
    accessCodeId: code.id,
    deviceId: code.lock.lockId,
    workspaceId: communityId,
    name: `Code in slot ${code.slot}`,
    code: code.code,
    status: 'set',
    createdAt: code.lock.inventoryAt ?? now,
    errors: [],
    warnings: [],
    canBeManaged: known,
    canBeDeleted: known,
    keyway: { slot: code.slot, doorName: code.lock.doorName, source: 'lock' },
  };
}

function cloudView(row: CloudUnmanagedRow, communityId: string): UnmanagedCodeView {
  const problem = (code: string): SeamProblem => ({ code, message: `Seam reports ${code}.`, createdAt: row.updatedAt });
  return {
    accessCodeId: row.id,
    deviceId: row.lockId,
    workspaceId: communityId,
    name: row.name,
    code: null,
    status: row.status === 'set' ? 'set' : 'unset',
    createdAt: row.updatedAt,
    errors: (row.problems?.errors ?? []).map(problem),
    warnings: (row.problems?.warnings ?? []).map(problem),
    canBeManaged: false,
    canBeDeleted: false,
    keyway: { slot: null, doorName: row.doorName, source: 'seam' },
  };
}

async function codesOfDevice(
  ex: Executor,
  cipher: PinCipher,
  communityId: string,
  deviceId: string,
  now: Date,
): Promise<UnmanagedCodeView[]> {
  const lock = UUID.test(deviceId) ? await findLock(ex, communityId, deviceId) : undefined;
  if (!lock) throw deviceNotFound();
  if (lock.connectivity === 'seam')
    return (await cloudUnmanagedRows(ex, communityId, { lockId: lock.id })).map((r) => cloudView(r, communityId));
  const [slotLock] = await slotLocksWithUnmanaged(ex, communityId, lock.id);
  if (!slotLock) return [];
  return (await slotCodesOf(ex, cipher, slotLock)).map((c) => slotView(c, communityId, now));
}

export interface UnmanagedListQuery {
  deviceId: string;
  search?: string | undefined;
  limit?: number | undefined;
  pageCursor?: string | null | undefined;
}

export async function listUnmanagedCodes(
  deps: Deps,
  principal: Principal,
  query: UnmanagedListQuery,
): Promise<Page<UnmanagedCodeView>> {
  authorize(principal, 'property.manage');
  const limit = Math.min(MAX_PAGE_LIMIT, Math.max(1, query.limit ?? DEFAULT_PAGE_LIMIT));
  const after = decodePageCursor(query.pageCursor);
  const search = query.search?.trim().toLowerCase();
  const codes = await deps.db.transaction((tx) =>
    codesOfDevice(tx, deps.cipher, principal.communityId, query.deviceId, deps.clock.now()),
  );
  const listed = codes
    .filter(
      (c) =>
        !search ||
        (c.name ?? '').toLowerCase().includes(search) ||
        (c.code ?? '').includes(search) ||
        c.accessCodeId.includes(search),
    )
    .filter((c) => !after || c.accessCodeId > after.id)
    .sort((a, b) => (a.accessCodeId < b.accessCodeId ? -1 : 1));
  return toPage(listed, limit, (c) => ({ createdAt: NO_TIME, id: c.accessCodeId }));
}

/** One unmanaged code by its id, or by its device and PIN. */
export async function getUnmanagedCode(
  deps: Deps,
  principal: Principal,
  by: { accessCodeId?: string | undefined; deviceId?: string | undefined; code?: string | undefined },
): Promise<UnmanagedCodeView> {
  authorize(principal, 'property.manage');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    if (by.accessCodeId !== undefined) {
      const found = await findUnmanagedCode(tx, deps.cipher, principal.communityId, by.accessCodeId);
      if (!found || (by.deviceId !== undefined && by.deviceId !== deviceOf(found))) throw codeNotFound();
      return found.kind === 'cloud'
        ? cloudView(found.row, principal.communityId)
        : slotView(found.code, principal.communityId, now);
    }
    if (by.deviceId === undefined || by.code === undefined)
      throw new KeywayError('invalid_request', 'Give access_code_id, or device_id and code.', {
        field: 'access_code_id',
      });
    const codes = await codesOfDevice(tx, deps.cipher, principal.communityId, by.deviceId, now);
    const match = codes.find((c) => c.code !== null && c.code === by.code);
    if (!match) throw codeNotFound();
    return match;
  });
}

function deviceOf(found: { kind: 'slot'; code: SlotCode } | { kind: 'cloud'; row: CloudUnmanagedRow }): string {
  return found.kind === 'cloud' ? found.row.lockId : found.code.lock.lockId;
}
