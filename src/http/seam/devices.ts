/**
 * Seam's device endpoints on Keyway's locks: `/devices/list|get`, `/locks/list|get` (the same devices: every
 * Keyway device is a lock) and `/workspaces/get|list` (the key's community). The presenter is an allow-list of
 * Seam's fields (plus Keyway's own under `keyway`), in Seam's snake_case.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { KeywayError } from '../../domain/errors.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import {
  getSeamDevice,
  getSeamWorkspace,
  listSeamDevices,
  type SeamDeviceQuery,
  type SeamWorkspaceView,
} from '../../services/seam/seamDevices.ts';
import {
  SEAM_DEVICE_TYPE,
  SEAM_MANUFACTURER,
  type SeamDeviceProblem,
  type SeamDeviceView,
} from '../../services/seam/seamDeviceView.ts';
import { presentPagination, seamPagination } from './seamPagination.ts';
import { seamRoute } from './seamRoute.ts';

const listInput = z.looseObject({
  device_ids: z.array(z.string()).optional(),
  device_type: z.string().optional(),
  device_types: z.array(z.string()).optional(),
  manufacturer: z.string().optional(),
  connected_account_id: z.string().optional(),
  connected_account_ids: z.array(z.string()).optional(),
  created_before: z.string().optional().describe('ISO 8601 time: only devices created before it'),
  custom_metadata_has: z.record(z.string(), z.union([z.string(), z.boolean()])).optional(),
  search: z.string().optional().describe('A part of the device (door) name, or its whole id'),
  limit: z.number().int().min(1).optional(),
  page_cursor: z.string().nullable().optional(),
});

const getInput = z.object({
  device_id: z.string().optional(),
  name: z.string().optional().describe("The device's name (the door's)"),
});

const problem = z.object({
  error_code: z.string().optional(),
  warning_code: z.string().optional(),
  message: z.string(),
  created_at: z.string(),
  is_device_error: z.boolean().optional(),
  is_connected_account_error: z.boolean().optional(),
  active_access_code_count: z.number().int().optional(),
  max_active_access_code_count: z.number().int().optional(),
});

const device = z.object({
  device_id: z.string(),
  workspace_id: z.string(),
  connected_account_id: z.string(),
  device_type: z.string(),
  display_name: z.string(),
  is_managed: z.literal(true),
  capabilities_supported: z.array(z.string()),
  created_at: z.string(),
  properties: z.object({
    name: z.string(),
    appearance: z.object({ name: z.string() }),
    online: z.boolean(),
    manufacturer: z.string(),
    model: z.object({
      display_name: z.string(),
      manufacturer_display_name: z.string(),
      has_built_in_keypad: z.boolean(),
      can_connect_accessory_keypad: z.boolean(),
    }),
    battery: z.object({ level: z.number(), status: z.enum(['critical', 'low', 'good', 'full']) }).optional(),
    battery_level: z.number().optional(),
    currently_triggering_noise_threshold_ids: z.array(z.string()),
    supported_code_lengths: z.array(z.number().int()),
    max_active_codes_supported: z.number().int(),
    code_constraints: z.array(z.object({ constraint_type: z.string() })),
    has_native_entry_events: z.boolean(),
  }),
  errors: z.array(problem),
  warnings: z.array(problem),
  custom_metadata: z.record(z.string(), z.union([z.string(), z.boolean()])),
  can_remotely_lock: z.boolean(),
  can_remotely_unlock: z.boolean(),
  can_program_online_access_codes: z.boolean(),
  can_program_offline_access_codes: z.boolean(),
  can_unlock_with_code: z.boolean(),
  space_ids: z.array(z.string()),
  keyway: z
    .object({
      door_kind: z.enum(['unit_door', 'community_door', 'amenity']),
      connectivity: z.enum(['hub', 'bluetooth', 'seam']),
      hub_id: z.string().nullable(),
      hub_name: z.string().nullable(),
      native_schedules: z.boolean(),
      readable_codes: z.boolean(),
      verified_at: z.string().nullable(),
      retiring_since: z.string().nullable(),
      occupied_slots: z.number().int(),
      code_rules: z.array(z.string()).describe("Keyway's code rules that Seam has no constraint type for"),
    })
    .describe("Keyway's additions"),
});

const workspace = z.object({
  workspace_id: z.string(),
  name: z.string(),
  company_name: z.string(),
  connect_partner_name: z.string().nullable(),
  is_sandbox: z.boolean(),
  is_suspended: z.boolean(),
  is_publishable_key_auth_enabled: z.boolean(),
  organization_id: z.string().nullable(),
  connect_webview_customization: z.object({}),
  keyway: z.object({ time_zone: z.string() }),
});

function presentProblem(p: SeamDeviceProblem, kind: 'error' | 'warning') {
  return {
    ...(kind === 'error' ? { error_code: p.code } : { warning_code: p.code }),
    message: p.message,
    created_at: p.createdAt.toISOString(),
    ...(kind === 'error'
      ? {
          is_device_error: p.source === 'device',
          ...(p.source === 'connected_account' ? { is_connected_account_error: true } : {}),
        }
      : {}),
    ...(p.counts ? { active_access_code_count: p.counts.active, max_active_access_code_count: p.counts.max } : {}),
  };
}

export function presentDevice(d: SeamDeviceView): z.input<typeof device> {
  return {
    device_id: d.deviceId,
    workspace_id: d.workspaceId,
    connected_account_id: d.connectedAccountId,
    device_type: SEAM_DEVICE_TYPE,
    display_name: d.displayName,
    is_managed: true,
    capabilities_supported: ['access_code'],
    created_at: d.createdAt.toISOString(),
    properties: {
      name: d.displayName,
      appearance: { name: d.displayName },
      online: d.online,
      manufacturer: SEAM_MANUFACTURER,
      model: {
        display_name: d.model,
        manufacturer_display_name: 'Keyway',
        has_built_in_keypad: true,
        can_connect_accessory_keypad: false,
      },
      ...(d.battery ? { battery: d.battery, battery_level: d.battery.level } : {}),
      currently_triggering_noise_threshold_ids: [],
      supported_code_lengths: d.supportedCodeLengths,
      max_active_codes_supported: d.maxActiveCodes,
      code_constraints: d.codeConstraints.map((constraint_type) => ({ constraint_type })),
      // Keypad use is reported (hub and Bluetooth locks; Seam relays its own), with whose code it was.
      has_native_entry_events: true,
    },
    errors: d.errors.map((p) => presentProblem(p, 'error')),
    warnings: d.warnings.map((p) => presentProblem(p, 'warning')),
    custom_metadata: {},
    can_remotely_lock: false,
    can_remotely_unlock: false,
    can_program_online_access_codes: d.canProgramOnlineCodes,
    can_program_offline_access_codes: false,
    can_unlock_with_code: true,
    space_ids: [],
    keyway: {
      door_kind: d.keyway.doorKind,
      connectivity: d.keyway.connectivity,
      hub_id: d.keyway.hubId,
      hub_name: d.keyway.hubName,
      native_schedules: d.keyway.nativeSchedules,
      readable_codes: d.keyway.readableCodes,
      verified_at: d.keyway.verifiedAt?.toISOString() ?? null,
      retiring_since: d.keyway.retiringSince?.toISOString() ?? null,
      occupied_slots: d.keyway.occupiedSlots,
      code_rules: d.keyway.codeRules,
    },
  };
}

function presentWorkspace(w: SeamWorkspaceView): z.input<typeof workspace> {
  return {
    workspace_id: w.workspaceId,
    name: w.name,
    company_name: w.name,
    connect_partner_name: null,
    is_sandbox: false,
    is_suspended: false,
    is_publishable_key_auth_enabled: false,
    organization_id: null,
    connect_webview_customization: {},
    keyway: { time_zone: w.timeZone },
  };
}

/** The SDK sends an object filter in a query string as dotted keys (`custom_metadata_has.floor=2`). */
function dottedObject(input: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  const prefix = `${name}.`;
  const entries = Object.entries(input).filter(([key]) => key.startsWith(prefix));
  return entries.length > 0 ? Object.fromEntries(entries.map(([k, v]) => [k.slice(prefix.length), v])) : undefined;
}

function toQuery(input: z.output<typeof listInput>): SeamDeviceQuery {
  let createdBefore: Date | undefined;
  if (input.created_before !== undefined) {
    createdBefore = new Date(input.created_before);
    if (Number.isNaN(createdBefore.getTime()))
      throw new KeywayError('invalid_request', 'created_before is not a date and time.', { field: 'created_before' });
  }
  return {
    deviceIds: input.device_ids,
    deviceType: input.device_type,
    deviceTypes: input.device_types,
    manufacturer: input.manufacturer,
    connectedAccountId: input.connected_account_id,
    connectedAccountIds: input.connected_account_ids,
    createdBefore,
    customMetadataHas: input.custom_metadata_has ?? dottedObject(input, 'custom_metadata_has'),
    search: input.search,
    limit: input.limit,
    pageCursor: input.page_cursor,
  };
}

export const seamDeviceRoutes = (deps: ServiceDeps) => (app: FastifyInstance) => {
  for (const area of ['devices', 'locks'] as const) {
    seamRoute(app, `/${area}/list`, {
      summary:
        area === 'devices'
          ? "The workspace's devices: the community's locks (every connectivity)"
          : 'The workspace’s locks (the same devices as /devices/list)',
      sdkVerb: 'GET',
      input: listInput,
      // Seam's /locks/* also answer under the older `locks` / `lock` keys; clients written before the SDK read those.
      response: { devices: z.array(device), locks: z.array(device).optional(), pagination: seamPagination },
      handler: async (input, principal) => {
        const page = await listSeamDevices(deps, principal, toQuery(input));
        const devices = page.items.map(presentDevice);
        return {
          devices,
          ...(area === 'locks' ? { locks: devices } : {}),
          pagination: presentPagination(page.nextCursor),
        };
      },
    });
    seamRoute(app, `/${area}/get`, {
      summary: 'One device by device_id or by name (404 device_not_found for another workspace’s)',
      sdkVerb: 'GET',
      input: getInput,
      response: { device, lock: device.optional() },
      handler: async (input, principal) => {
        const found = presentDevice(
          await getSeamDevice(deps, principal, { deviceId: input.device_id, name: input.name }),
        );
        return { device: found, ...(area === 'locks' ? { lock: found } : {}) };
      },
    });
  }
  seamRoute(app, '/workspaces/get', {
    summary: "The key's workspace: its community",
    sdkVerb: 'GET',
    input: z.object({}),
    response: { workspace },
    handler: async (_input, principal) => ({ workspace: presentWorkspace(await getSeamWorkspace(deps, principal)) }),
  });
  seamRoute(app, '/workspaces/list', {
    summary: "The workspaces the key reaches: its community's, alone",
    sdkVerb: 'GET',
    input: z.object({}),
    response: { workspaces: z.array(workspace) },
    handler: async (_input, principal) => ({
      workspaces: [presentWorkspace(await getSeamWorkspace(deps, principal))],
    }),
  });
};
