/**
 * Seam events (from a verified webhook, or listed by the poll) turned into Keyway facts. Keypad use becomes
 * activity exactly as a hub's keypad report would (deduplicated, so webhook and poll may both see it). From a
 * webhook, a code's failure or removal answers the command that code awaits at once; the poll never does that
 * from listed events — it may list old ones — and reads the codes' current status instead.
 */

import {
  type CloudAccountRow,
  clearPendingIf,
  cloudCodeByExternalId,
  commandById,
  deleteCloudCode,
  seamLocksOf,
} from '../store/repositories/cloud.ts';
import { applyCommandResult, applyLockEvent } from '../sync/applyLockReports.ts';
import { type CloudDeps, seamOf } from './cloudDeps.ts';
import { discardCode } from './discardCode.ts';
import type { SeamEvent } from './seamApi.ts';

export interface EventEffect {
  /** Locks (Keyway ids) whose codes should be looked at now. */
  refresh: string[];
  reconcile: string[];
}

const KEYPAD = /^lock\.unlocked$/;
const FAILED = /^access_code\.(failed_to_set_on_device|failed_to_remove_from_device)$/;
const GONE = /^access_code\.(removed_from_device|deleted)$/;

export async function applySeamEvent(
  deps: CloudDeps,
  account: CloudAccountRow,
  event: SeamEvent,
  source: 'webhook' | 'poll',
): Promise<EventEffect> {
  const effect: EventEffect = { refresh: [], reconcile: [] };
  if (account.workspaceId && event.workspaceId && event.workspaceId !== account.workspaceId) return effect;
  const lock = event.deviceId
    ? (await seamLocksOf(deps.db, account.communityId)).find((l) => l.deviceId === event.deviceId)
    : undefined;
  if (!lock) return effect;
  const code = event.accessCodeId ? await cloudCodeByExternalId(deps.db, event.accessCodeId) : undefined;
  const ours = code && code.lockId === lock.id ? code : undefined;
  if (KEYPAD.test(event.eventType)) {
    if (!event.accessCodeId) return effect; // unlocked from an app or by key: not keypad use
    const outcome = await applyLockEvent(deps, null, {
      type: 'keypad',
      lockId: lock.id,
      slot: ours?.managed ? ours.slot : null,
      unlocked: true,
      at: event.occurredAt,
    });
    effect.reconcile.push(...outcome.reconcile);
    return effect;
  }
  if (source === 'webhook' && ours?.pendingCommandId) {
    const command = await commandById(deps.db, ours.pendingCommandId);
    const awaited = command && (command.status === 'sent' || command.status === 'timed_out');
    const failed =
      FAILED.test(event.eventType) &&
      command?.type === (event.eventType.includes('remove') ? 'clear_slot' : 'set_code');
    const gone = GONE.test(event.eventType) && command?.type === 'clear_slot';
    if (awaited && (failed || gone) && (await clearPendingIf(deps.db, ours.id, command.id, deps.clock.now()))) {
      if (gone) await deleteCloudCode(deps.db, ours.id);
      else if (command.type === 'set_code') await discardCode(deps, seamOf(deps, account), ours);
      const outcome = await applyCommandResult(deps, {
        commandId: command.id,
        ok: gone,
        error: gone ? null : 'rejected_by_lock',
        hubId: null,
      });
      effect.reconcile.push(...outcome.reconcile);
    }
  }
  effect.refresh.push(lock.id);
  return effect;
}
