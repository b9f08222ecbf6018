/**
 * A manager connects the community's Seam workspace with an API key: Keyway checks the key with Seam (the
 * workspace it belongs to), stores it sealed with the master key, and registers a webhook so Seam tells Keyway
 * about codes and keypad use as they happen (not when Keyway's public URL is loopback: Seam could not reach it,
 * and polling does the work). Connecting again replaces the key (e.g. after Seam refused the old one); a key of
 * another workspace is refused while locks of the current one are assigned to doors.
 */
import { apiKeyLabel, webhookSecretLabel } from '../../cloud/cloudDeps.ts';
import { classifySeamError } from '../../cloud/seamMapping.ts';
import { KeywayError } from '../../domain/errors.ts';
import {
  type CloudAccountRow,
  findCloudAccount,
  insertCloudAccount,
  releaseHeldRows,
  seamLocksOf,
  updateCloudAccount,
} from '../../store/repositories/cloud.ts';
import { recordEvent } from '../../store/repositories/events.ts';
import type { ServiceDeps } from '../deps.ts';
import { authorize } from '../policies.ts';
import { actorOf, type Principal } from '../principal.ts';
import { openAccount, requireCloud } from './cloudSupport.ts';

type Deps = Pick<ServiceDeps, 'db' | 'clock' | 'random' | 'cipher' | 'logger' | 'publicUrl' | 'cloud' | 'sync'>;

/** The events Keyway acts on; the poll covers anything missed. */
export const WEBHOOK_EVENTS = [
  'access_code.set_on_device',
  'access_code.failed_to_set_on_device',
  'access_code.delay_in_setting_on_device',
  'access_code.removed_from_device',
  'access_code.failed_to_remove_from_device',
  'access_code.deleted',
  'access_code.deleted_external_to_seam',
  'access_code.modified_external_to_seam',
  'access_code.unmanaged.created',
  'access_code.unmanaged.removed',
  'lock.unlocked',
  'device.connected',
  'device.disconnected',
  'device.low_battery',
  'device.battery_status_changed',
] as const;

export function webhookUrl(publicUrl: string, accountId: string): string {
  return `${publicUrl}/api/v1/cloud/seam/webhooks/${accountId}`;
}

/** A URL Seam's servers could never reach. */
export function isLoopback(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return (
    host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1' || host === '0.0.0.0'
  );
}

export async function connectSeam(
  deps: Deps,
  principal: Principal,
  props: { apiKey: string; endpoint?: string | undefined },
): Promise<CloudAccountRow> {
  authorize(principal, 'property.manage');
  const cloud = requireCloud(deps);
  if (props.endpoint !== undefined && !cloud.allowCustomEndpoint)
    throw new KeywayError('invalid_request', 'This server uses Seam’s own endpoint.', { field: 'endpoint' });
  const endpoint = (props.endpoint ?? cloud.endpoint).replace(/\/+$/, '');
  const apiKey = props.apiKey.trim();
  let seam: ReturnType<typeof cloud.openSeam>;
  try {
    seam = cloud.openSeam(endpoint, apiKey);
  } catch {
    // Seam's client refuses, before any call, a key not of Seam's format: the key is wrong, not Seam down.
    throw new KeywayError('cloud_key_refused', 'Seam did not accept this API key.', {
      field: 'apiKey',
      seam: 'invalid_key_format',
    });
  }
  let workspace: { workspaceId: string; name: string };
  try {
    workspace = await seam.workspace();
  } catch (error) {
    const seen = classifySeamError(error);
    if (seen.kind === 'transient')
      throw new KeywayError('cloud_unavailable', 'Seam did not answer; try again in a moment.', { seam: seen.code });
    throw new KeywayError('cloud_key_refused', 'Seam did not accept this API key.', {
      field: 'apiKey',
      seam: seen.code,
    });
  }
  const existing = await findCloudAccount(deps.db, principal.communityId);
  if (existing && existing.workspaceId !== workspace.workspaceId) {
    const locks = await seamLocksOf(deps.db, principal.communityId);
    if (locks.length > 0)
      throw new KeywayError(
        'conflict_state',
        'Doors still use locks of the connected Seam workspace; remove them before switching workspaces.',
        { locks: locks.length },
      );
  }
  const id = existing?.id ?? deps.random.uuid();
  let webhook: { webhookId: string; secret: string } | null = null;
  if (isLoopback(deps.publicUrl)) {
    deps.logger.info({ accountId: id }, 'Seam webhook not registered: KEYWAY_PUBLIC_URL is loopback; polling only');
  } else {
    webhook = await seam.createWebhook(webhookUrl(deps.publicUrl, id), WEBHOOK_EVENTS).catch((error: unknown) => {
      deps.logger.warn(
        { accountId: id, seam: classifySeamError(error).code },
        'Seam webhook not registered; polling only',
      );
      return null;
    });
  }
  if (existing?.webhookId) {
    // The old registration would keep posting with a secret Keyway no longer holds.
    await openAccount(deps, existing)
      .deleteWebhook(existing.webhookId)
      .catch(() => undefined);
  }
  const at = deps.clock.now();
  const sealed = {
    endpoint,
    apiKeyEnc: deps.cipher.encrypt(apiKey, apiKeyLabel(id)),
    workspaceId: workspace.workspaceId,
    workspaceName: workspace.name,
    webhookId: webhook?.webhookId ?? null,
    webhookSecretEnc: webhook?.secret ? deps.cipher.encrypt(webhook.secret, webhookSecretLabel(id)) : null,
    status: 'connected' as const,
    lastError: null,
    connectedAt: at,
  };
  await deps.db.transaction(async (tx) => {
    if (existing) {
      await updateCloudAccount(tx, id, sealed);
      // Changes held while Seam refused the old key may go now.
      const lockIds = (await seamLocksOf(tx, principal.communityId)).map((l) => l.id);
      await releaseHeldRows(tx, lockIds);
      await deps.sync.reconcileLocks(lockIds, tx);
    } else
      await insertCloudAccount(tx, {
        id,
        communityId: principal.communityId,
        provider: 'seam',
        ...sealed,
        createdAt: at,
      });
    await recordEvent(tx, {
      communityId: principal.communityId,
      type: 'cloud.connected',
      actor: actorOf(principal),
      subject: { type: 'cloud_account', id },
      data: { accountId: id, provider: 'seam', workspaceName: workspace.name, webhook: webhook !== null },
      at,
    });
  });
  await cloud.requestPoll(id);
  return (await findCloudAccount(deps.db, principal.communityId)) as CloudAccountRow;
}
