/**
 * Seam's access-code endpoints (`/access_codes/create | create_multiple | list | get | update | delete |
 * generate_code`) over Keyway's integration codes, with the verbs and response keys Seam's SDK uses. Inputs are
 * Seam's snake_case fields; fields this API does not use (newer SDKs send more) are accepted and ignored.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServiceDeps } from '../../services/deps.ts';
import { createSeamAccessCode, createSeamAccessCodes } from '../../services/seam/createSeamAccessCodes.ts';
import { deleteSeamAccessCode } from '../../services/seam/deleteSeamAccessCode.ts';
import { generateSeamCode, getSeamAccessCode, listSeamAccessCodes } from '../../services/seam/seamAccessCodeQueries.ts';
import type { SeamAccessCodeView, SeamProblem } from '../../services/seam/seamViews.ts';
import { updateSeamAccessCode } from '../../services/seam/updateSeamAccessCode.ts';
import { presentPagination, seamPagination } from './seamPagination.ts';
import { seamRoute } from './seamRoute.ts';

const seamErrorSchema = z.object({
  error_code: z.string(),
  message: z.string(),
  is_access_code_error: z.literal(true),
  created_at: z.string().optional(),
});

const seamWarningSchema = z.object({
  warning_code: z.string(),
  message: z.string(),
  created_at: z.string().optional(),
});

export const seamAccessCodeSchema = z
  .object({
    access_code_id: z.string(),
    device_id: z.string(),
    workspace_id: z.string(),
    name: z.string().nullable(),
    code: z.string(),
    common_code_key: z.string().nullable(),
    created_at: z.string(),
    type: z.enum(['ongoing', 'time_bound']),
    status: z.enum(['setting', 'set', 'unset', 'removing', 'unknown']),
    starts_at: z.string().optional().describe('Time-bound codes only'),
    ends_at: z.string().optional().describe('Time-bound codes only'),
    is_managed: z.literal(true),
    is_one_time_use: z.boolean(),
    is_backup_access_code_available: z.boolean(),
    is_external_modification_allowed: z.boolean(),
    is_offline_access_code: z.boolean(),
    errors: z.array(seamErrorSchema),
    warnings: z.array(seamWarningSchema),
    keyway: z
      .object({
        integration: z.string().nullable().describe('The name of the API key that made the code'),
        door_name: z.string(),
      })
      .describe("Keyway's additions"),
  })
  .meta({ id: 'SeamAccessCode' });

const actionAttemptSchema = z.object({
  action_attempt_id: z.string(),
  action_type: z.enum(['UPDATE_ACCESS_CODE', 'DELETE_ACCESS_CODE']),
  status: z.literal('success'),
  result: z.object({}),
  error: z.null(),
});

const iso = (at: Date | null | undefined) => at?.toISOString();

const problemTime = (p: SeamProblem) => (p.createdAt ? { created_at: p.createdAt.toISOString() } : {});

export function presentSeamAccessCode(v: SeamAccessCodeView): z.input<typeof seamAccessCodeSchema> {
  return {
    access_code_id: v.accessCodeId,
    device_id: v.deviceId,
    workspace_id: v.workspaceId,
    name: v.name,
    code: v.code,
    common_code_key: v.commonCodeKey,
    created_at: v.createdAt.toISOString(),
    type: v.type,
    status: v.status,
    ...(v.type === 'time_bound' ? { starts_at: iso(v.startsAt), ends_at: iso(v.endsAt) } : {}),
    is_managed: true,
    is_one_time_use: v.isOneTimeUse,
    is_backup_access_code_available: false,
    is_external_modification_allowed: false,
    is_offline_access_code: false,
    errors: v.errors.map((p) => ({
      error_code: p.code,
      message: p.message,
      is_access_code_error: true as const,
      ...problemTime(p),
    })),
    warnings: v.warnings.map((p) => ({ warning_code: p.code, message: p.message, ...problemTime(p) })),
    keyway: { integration: v.keyway.integration, door_name: v.keyway.doorName },
  };
}

/** Seam answers updates and deletes with a finished action attempt (Keyway's work goes on through the code's status). */
const actionAttempt = (deps: ServiceDeps, type: 'UPDATE_ACCESS_CODE' | 'DELETE_ACCESS_CODE') => ({
  action_attempt_id: deps.random.uuid(),
  action_type: type,
  status: 'success' as const,
  result: {},
  error: null,
});

/** What a new code may say (create and create_multiple). */
const codeFields = {
  name: z.string().max(200).nullish(),
  code: z.string().max(32).optional().describe('Digits you choose (unit doors only); absent: Keyway generates one'),
  starts_at: z.string().nullish(),
  ends_at: z.string().nullish(),
  is_one_time_use: z.boolean().optional().describe('The code leaves the lock at its first use'),
  preferred_code_length: z.number().int().optional(),
  common_code_key: z.string().max(200).nullish(),
};

const createInput = z.object({ device_id: z.string(), ...codeFields });

const createMultipleInput = z.object({
  device_ids: z.array(z.string()).min(1).max(100),
  behavior_when_code_cannot_be_shared: z.enum(['throw', 'create_random_code']).optional(),
  ...codeFields,
});

const listInput = z.object({
  device_id: z.string().optional(),
  access_code_ids: z.array(z.string()).max(1000).optional(),
  search: z.string().max(200).optional(),
  limit: z.number().int().positive().optional().describe('Default 500, at most 1000'),
  page_cursor: z.string().nullish(),
});

const getInput = z.object({
  access_code_id: z.string().optional(),
  device_id: z.string().optional(),
  code: z.string().max(32).optional(),
});

const updateInput = z.object({
  access_code_id: z.string(),
  device_id: z.string().optional(),
  name: z.string().max(200).nullish(),
  code: z.string().max(32).optional(),
  starts_at: z.string().nullish(),
  ends_at: z.string().nullish(),
  type: z.enum(['ongoing', 'time_bound']).optional(),
  is_one_time_use: z.boolean().optional(),
});

const deleteInput = z.object({ access_code_id: z.string(), device_id: z.string().optional() });

const generateInput = z.object({ device_id: z.string() });

const codeProps = (input: z.output<typeof createMultipleInput> | z.output<typeof createInput>) => ({
  name: input.name,
  code: input.code,
  startsAt: input.starts_at,
  endsAt: input.ends_at,
  isOneTimeUse: input.is_one_time_use,
  preferredCodeLength: input.preferred_code_length,
  commonCodeKey: input.common_code_key,
});

export const seamAccessCodeRoutes = (deps: ServiceDeps) => (app: FastifyInstance) => {
  seamRoute(app, '/access_codes/create', {
    summary: 'Create an access code on one device',
    sdkVerb: 'POST',
    input: createInput,
    response: { access_code: seamAccessCodeSchema },
    handler: async (input, principal) => ({
      access_code: presentSeamAccessCode(
        await createSeamAccessCode(deps, principal, { deviceId: input.device_id, ...codeProps(input) }),
      ),
    }),
  });

  seamRoute(app, '/access_codes/create_multiple', {
    summary: 'Create linked access codes with the same code on several devices (all or nothing)',
    sdkVerb: 'PUT',
    input: createMultipleInput,
    response: { access_codes: z.array(seamAccessCodeSchema) },
    handler: async (input, principal) => ({
      access_codes: (
        await createSeamAccessCodes(deps, principal, {
          deviceIds: input.device_ids,
          behaviorWhenCodeCannotBeShared: input.behavior_when_code_cannot_be_shared,
          ...codeProps(input),
        })
      ).map(presentSeamAccessCode),
    }),
  });

  seamRoute(app, '/access_codes/list', {
    summary: "The workspace's access codes (only codes made through this API), oldest first",
    sdkVerb: 'GET',
    input: listInput,
    response: {
      access_codes: z.array(seamAccessCodeSchema),
      pagination: seamPagination,
    },
    handler: async (input, principal) => {
      const page = await listSeamAccessCodes(deps, principal, {
        deviceId: input.device_id,
        accessCodeIds: input.access_code_ids,
        search: input.search,
        limit: input.limit,
        pageCursor: input.page_cursor,
      });
      return {
        access_codes: page.items.map(presentSeamAccessCode),
        pagination: presentPagination(page.nextCursor),
      };
    },
  });

  seamRoute(app, '/access_codes/get', {
    summary: 'One access code, by access_code_id or by device_id and code',
    sdkVerb: 'GET',
    input: getInput,
    response: { access_code: seamAccessCodeSchema },
    handler: async (input, principal) => ({
      access_code: presentSeamAccessCode(
        await getSeamAccessCode(deps, principal, {
          accessCodeId: input.access_code_id,
          deviceId: input.device_id,
          code: input.code,
        }),
      ),
    }),
  });

  seamRoute(app, '/access_codes/update', {
    summary: "Change an access code's name, code or validity (it stays on its device)",
    sdkVerb: 'PATCH',
    input: updateInput,
    response: { action_attempt: actionAttemptSchema },
    handler: async (input, principal) => {
      await updateSeamAccessCode(deps, principal, {
        accessCodeId: input.access_code_id,
        deviceId: input.device_id,
        name: input.name,
        code: input.code,
        startsAt: input.starts_at,
        endsAt: input.ends_at,
        type: input.type,
        isOneTimeUse: input.is_one_time_use,
      });
      return { action_attempt: actionAttempt(deps, 'UPDATE_ACCESS_CODE') };
    },
  });

  seamRoute(app, '/access_codes/delete', {
    summary: 'Delete an access code: it reads removing until it has left the lock, then it is gone',
    sdkVerb: 'DELETE',
    input: deleteInput,
    response: { action_attempt: actionAttemptSchema },
    handler: async (input, principal) => {
      await deleteSeamAccessCode(deps, principal, { accessCodeId: input.access_code_id, deviceId: input.device_id });
      return { action_attempt: actionAttempt(deps, 'DELETE_ACCESS_CODE') };
    },
  });

  seamRoute(app, '/access_codes/generate_code', {
    summary: 'A code this device would accept now (not reserved)',
    sdkVerb: 'GET',
    input: generateInput,
    response: { generated_code: z.object({ device_id: z.string(), code: z.string() }) },
    handler: async (input, principal) => {
      const generated = await generateSeamCode(deps, principal, { deviceId: input.device_id });
      return { generated_code: { device_id: generated.deviceId, code: generated.code } };
    },
  });
};
