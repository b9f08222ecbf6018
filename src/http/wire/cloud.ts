/** Wire shapes of cloud locks (/cloud/seam…): the connection, the workspace's lock devices, a lock's codes. */
import { z } from 'zod';

export const seamConnectBody = z.object({
  apiKey: z
    .string()
    .trim()
    .min(8)
    .max(500)
    .describe('A Seam API key of the workspace (seam_…); stored encrypted, never shown again'),
  endpoint: z
    .string()
    .url()
    .optional()
    .describe('Another Seam-compatible endpoint; refused unless the operator allows it (SEAM_ALLOW_CUSTOM_ENDPOINT)'),
});

export const cloudAccountSchema = z
  .object({
    id: z.string(),
    provider: z.literal('seam'),
    endpoint: z.string(),
    workspaceId: z.string().nullable(),
    workspaceName: z.string().nullable(),
    status: z.enum(['connected', 'failing']).describe('failing: Seam refuses the key; connect again with a new one'),
    lastError: z.string().nullable(),
    lastPolledAt: z.string().nullable(),
    connectedAt: z.string(),
    webhook: z.boolean().describe('Seam posts events to Keyway (false: polling only, e.g. on a loopback URL)'),
    lockCount: z.number().int().describe('Doors whose lock is a device of this workspace'),
  })
  .meta({ id: 'CloudAccount' });

export const cloudAccountResponse = z.object({ account: cloudAccountSchema.nullable() });
export const cloudAccountConnectedResponse = z.object({ account: cloudAccountSchema });

const capabilities = z.object({
  codeLengths: z.array(z.number().int()),
  slotCount: z.number().int().describe('Virtual slots: the device’s max_active_codes_supported, or 100'),
  nativeSchedules: z.boolean(),
  readableCodes: z.boolean(),
});

export const cloudDeviceSchema = z
  .object({
    deviceId: z.string().describe('Seam device id: the lock’s `address` when assigned to a door'),
    name: z.string(),
    deviceType: z.string(),
    model: z.string().nullable(),
    manufacturer: z.string().nullable(),
    online: z.boolean(),
    battery: z.number().int().nullable().describe('Percent'),
    supportedCodeLengths: z.array(z.number().int()).nullable(),
    capabilities: capabilities.describe('What the lock would be in Keyway'),
    assigned: z
      .object({ lockId: z.string(), accessPointId: z.string(), doorName: z.string() })
      .nullable()
      .describe('The door this device is on, if any'),
  })
  .meta({ id: 'CloudDevice' });

export const cloudDeviceListResponse = z.object({ devices: z.array(cloudDeviceSchema) });

export const cloudCodeSchema = z
  .object({
    externalId: z.string().describe('Seam access_code_id'),
    managed: z.boolean().describe('false: set outside Keyway (at the lock or in another app); shown, never touched'),
    slot: z.number().int().nullable().describe('Keyway’s virtual slot (managed codes)'),
    name: z.string().nullable(),
    status: z.string().describe('Seam’s status: setting, set, unset, removing, unknown'),
    pending: z.boolean().describe('A change of Keyway’s is waiting for Seam to confirm it on the lock'),
    errors: z.array(z.string()).describe('Seam error types on the code'),
    warnings: z.array(z.string()).describe('Seam warning types, e.g. delay_in_setting_on_device'),
    updatedAt: z.string(),
  })
  .meta({ id: 'CloudCode' });

export const cloudLockCodesResponse = z.object({
  lockId: z.string(),
  doorName: z.string(),
  deviceId: z.string(),
  codes: z.array(cloudCodeSchema),
});
