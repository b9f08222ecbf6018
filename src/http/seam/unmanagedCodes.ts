/**
 * Seam's unmanaged access codes: `/access_codes/unmanaged/list|get|delete|convert_to_managed` (and `update` with
 * `is_managed: true`, the older way to convert). The presenter is an allow-list of Seam's fields, snake_case, with
 * Keyway's additions under `keyway`.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServiceDeps } from '../../services/deps.ts';
import { convertUnmanagedCode, deleteUnmanagedCode } from '../../services/seam/adoptUnmanagedCode.ts';
import type { SeamProblem } from '../../services/seam/seamViews.ts';
import { getUnmanagedCode, listUnmanagedCodes, type UnmanagedCodeView } from '../../services/seam/unmanagedCodes.ts';
import { presentPagination, seamPagination } from './seamPagination.ts';
import { seamRoute } from './seamRoute.ts';

const listInput = z.object({
  device_id: z.string(),
  search: z.string().optional().describe('A part of the name or the code, or the whole access_code_id'),
  limit: z.number().int().min(1).optional(),
  page_cursor: z.string().nullable().optional(),
});

const getInput = z.object({
  access_code_id: z.string().optional(),
  device_id: z.string().optional(),
  code: z.string().optional(),
});

const byId = z.object({ access_code_id: z.string() });

const convertInput = z.object({
  access_code_id: z.string(),
  name: z.string().max(200).optional().describe(`Keyway: the managed code's name (default "Converted code")`),
  allow_external_modification: z.boolean().optional(),
  is_external_modification_allowed: z.boolean().optional(),
  force: z.boolean().optional(),
});

const updateInput = convertInput.extend({ is_managed: z.boolean() });

const problem = z.object({
  error_code: z.string().optional(),
  warning_code: z.string().optional(),
  message: z.string(),
  is_access_code_error: z.literal(true).optional(),
  created_at: z.string().optional(),
});

const unmanagedCode = z.object({
  access_code_id: z.string(),
  device_id: z.string(),
  workspace_id: z.string(),
  name: z.string().nullable(),
  code: z.string().nullable().describe('null when the lock does not read codes back (or for a Seam lock)'),
  type: z.literal('ongoing'),
  status: z.enum(['set', 'unset']),
  display_status: z.string(),
  is_managed: z.literal(false),
  created_at: z.string(),
  errors: z.array(problem),
  warnings: z.array(problem),
  is_backup_access_code_available: z.boolean(),
  is_external_modification_allowed: z.boolean(),
  is_one_time_use: z.boolean(),
  is_offline_access_code: z.boolean(),
  common_code_key: z.string().nullable(),
  cannot_be_managed: z.literal(true).optional(),
  cannot_delete_unmanaged_access_code: z.literal(true).optional(),
  keyway: z
    .object({
      slot: z.number().int().nullable(),
      door_name: z.string(),
      source: z.enum(['lock', 'seam']).describe("lock: read from the lock's slots; seam: reported by Seam"),
    })
    .describe("Keyway's additions"),
});

const presentProblem = (p: SeamProblem, kind: 'error' | 'warning') => ({
  ...(kind === 'error' ? { error_code: p.code, is_access_code_error: true as const } : { warning_code: p.code }),
  message: p.message,
  ...(p.createdAt ? { created_at: p.createdAt.toISOString() } : {}),
});

export function presentUnmanagedCode(c: UnmanagedCodeView): z.input<typeof unmanagedCode> {
  return {
    access_code_id: c.accessCodeId,
    device_id: c.deviceId,
    workspace_id: c.workspaceId,
    name: c.name,
    code: c.code,
    type: 'ongoing',
    status: c.status,
    display_status: c.status === 'set' ? 'Active' : 'Not active',
    is_managed: false,
    created_at: c.createdAt.toISOString(),
    errors: c.errors.map((p) => presentProblem(p, 'error')),
    warnings: c.warnings.map((p) => presentProblem(p, 'warning')),
    is_backup_access_code_available: false,
    is_external_modification_allowed: false,
    is_one_time_use: false,
    is_offline_access_code: false,
    common_code_key: null,
    ...(c.canBeManaged ? {} : { cannot_be_managed: true as const }),
    ...(c.canBeDeleted ? {} : { cannot_delete_unmanaged_access_code: true as const }),
    keyway: { slot: c.keyway.slot, door_name: c.keyway.doorName, source: c.keyway.source },
  };
}

export const seamUnmanagedRoutes = (deps: ServiceDeps) => (app: FastifyInstance) => {
  seamRoute(app, '/access_codes/unmanaged/list', {
    summary: "Codes on a device that Keyway did not set (read from the lock's slots, or reported by Seam)",
    sdkVerb: 'GET',
    input: listInput,
    response: { access_codes: z.array(unmanagedCode), pagination: seamPagination },
    handler: async (input, principal) => {
      const page = await listUnmanagedCodes(deps, principal, {
        deviceId: input.device_id,
        search: input.search,
        limit: input.limit,
        pageCursor: input.page_cursor,
      });
      return {
        access_codes: page.items.map(presentUnmanagedCode),
        pagination: presentPagination(page.nextCursor),
      };
    },
  });

  seamRoute(app, '/access_codes/unmanaged/get', {
    summary: 'One unmanaged code by access_code_id, or by device_id and code',
    sdkVerb: 'GET',
    input: getInput,
    response: { access_code: unmanagedCode },
    handler: async (input, principal) => ({
      access_code: presentUnmanagedCode(
        await getUnmanagedCode(deps, principal, {
          accessCodeId: input.access_code_id,
          deviceId: input.device_id,
          code: input.code,
        }),
      ),
    }),
  });

  seamRoute(app, '/access_codes/unmanaged/delete', {
    summary: 'Take an unmanaged code off its lock (through the normal sync path: the lock clears the slot)',
    sdkVerb: 'DELETE',
    input: byId,
    response: {},
    handler: async (input, principal) => {
      await deleteUnmanagedCode(deps, principal, input.access_code_id);
      return {};
    },
  });

  seamRoute(app, '/access_codes/unmanaged/convert_to_managed', {
    summary:
      'Make an unmanaged code a managed one (same id, PIN and slot; set at once). 409 duplicate_access_code when it clashes with another code on the lock',
    sdkVerb: 'PATCH',
    input: convertInput,
    response: {},
    handler: async (input, principal) => {
      await convertUnmanagedCode(deps, principal, input.access_code_id, { name: input.name });
      return {};
    },
  });

  seamRoute(app, '/access_codes/unmanaged/update', {
    summary: 'is_managed: true converts the code to a managed one (as convert_to_managed); false changes nothing',
    sdkVerb: 'PATCH',
    input: updateInput,
    response: {},
    handler: async (input, principal) => {
      if (input.is_managed) await convertUnmanagedCode(deps, principal, input.access_code_id, { name: input.name });
      else await getUnmanagedCode(deps, principal, { accessCodeId: input.access_code_id });
      return {};
    },
  });
};
