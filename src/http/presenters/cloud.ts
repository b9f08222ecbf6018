/** Allow-list presenters for cloud locks: never the API key, the webhook secret or a PIN. */
import type { z } from 'zod';
import type { CloudDeviceView } from '../../services/cloud/listCloudDevices.ts';
import type { CloudAccountRow, CloudCodeRow } from '../../store/repositories/cloud.ts';
import type { cloudAccountSchema, cloudCodeSchema, cloudDeviceSchema } from '../wire/cloud.ts';

export function presentCloudAccount(account: CloudAccountRow, lockCount: number): z.infer<typeof cloudAccountSchema> {
  return {
    id: account.id,
    provider: account.provider,
    endpoint: account.endpoint,
    workspaceId: account.workspaceId,
    workspaceName: account.workspaceName,
    status: account.status,
    lastError: account.lastError,
    lastPolledAt: account.lastPolledAt?.toISOString() ?? null,
    connectedAt: account.connectedAt.toISOString(),
    webhook: account.webhookId !== null,
    lockCount,
  };
}

export function presentCloudDevice(view: CloudDeviceView): z.infer<typeof cloudDeviceSchema> {
  const d = view.device;
  return {
    deviceId: d.deviceId,
    name: d.name,
    deviceType: d.deviceType,
    model: d.model,
    manufacturer: d.manufacturer,
    online: d.online,
    battery: d.battery,
    supportedCodeLengths: d.supportedCodeLengths,
    capabilities: view.capabilities,
    assigned: view.assigned,
  };
}

export function presentCloudCode(row: CloudCodeRow): z.infer<typeof cloudCodeSchema> {
  return {
    externalId: row.externalId,
    managed: row.managed,
    slot: row.slot,
    name: row.name,
    status: row.status,
    pending: row.pendingCommandId !== null,
    errors: row.problems?.errors ?? [],
    warnings: row.problems?.warnings ?? [],
    updatedAt: row.updatedAt.toISOString(),
  };
}
