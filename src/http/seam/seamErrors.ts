/**
 * Seam's error envelope for the Seam-compatible surface: `{ error: { type, message, validation_errors? }, ok: false }`.
 * The status and Keyway code come from the one error mapper (classifyError); this only renames Keyway's codes to
 * the types Seam's SDKs know (SeamHttpInvalidInputError needs `invalid_input`, SeamHttpUnauthorizedError a 401).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ClassifiedError, classifyError } from '../errorMapper.ts';

export interface SeamErrorBody {
  error: {
    type: string;
    message: string;
    validation_errors?: Record<string, { _errors: string[] }>;
    /** Keyway's own stable code, for integrators who want the finer reason (e.g. pin_sequential). */
    keyway_code: string;
    details?: Record<string, unknown>;
  };
  ok: false;
}

/** Keyway codes whose Seam name differs; a code not listed keeps its name (Seam's types are snake_case too). */
const SEAM_TYPE: Record<string, string> = {
  invalid_request: 'invalid_input',
  unauthenticated: 'unauthorized',
  code_conflict: 'duplicate_access_code',
  pin_not_digits: 'invalid_input',
  pin_length_not_allowed: 'invalid_input',
  pin_repeated_digit: 'invalid_input',
  pin_sequential: 'invalid_input',
  pin_common: 'invalid_input',
  custom_codes_disabled: 'invalid_input',
  custom_code_not_allowed_here: 'invalid_input',
  payload_too_large: 'invalid_input',
  url_not_allowed: 'invalid_input',
  lock_full: 'no_space_for_access_code_on_device',
  code_space_exhausted: 'no_space_for_access_code_on_device',
};

/** Seam answers rule breaks with 400 invalid_input (Keyway's own API uses 422 for them). */
const SEAM_STATUS: Record<string, number> = { invalid_input: 400, unauthorized: 401 };

/** `not_found` becomes Seam's resource-specific type when the service said which resource it was. */
function seamType(classified: ClassifiedError): string {
  if (classified.code === 'not_found') {
    const resource = classified.details?.resource;
    if (resource === 'device') return 'device_not_found';
    if (resource === 'access_code') return 'access_code_not_found';
    if (resource === 'webhook') return 'webhook_not_found';
    return 'not_found';
  }
  return SEAM_TYPE[classified.code] ?? classified.code;
}

export function seamErrorBody(classified: ClassifiedError): { status: number; body: SeamErrorBody } {
  const type = seamType(classified);
  const status = SEAM_STATUS[type] ?? classified.status;
  const field = typeof classified.details?.field === 'string' ? classified.details.field : undefined;
  const issues = classified.details?.issues as { path: string; message: string }[] | undefined;
  let validationErrors: Record<string, { _errors: string[] }> | undefined;
  if (type === 'invalid_input') {
    validationErrors = {};
    for (const issue of issues ?? []) {
      const key = issue.path || '_root';
      const entry = validationErrors[key] ?? { _errors: [] };
      entry._errors.push(issue.message);
      validationErrors[key] = entry;
    }
    if (field && !validationErrors[field]) validationErrors[field] = { _errors: [classified.message] };
  }
  const { issues: _issues, ...details } = classified.details ?? {};
  return {
    status,
    body: {
      error: {
        type,
        message: classified.message,
        ...(validationErrors ? { validation_errors: validationErrors } : {}),
        keyway_code: classified.code,
        ...(Object.keys(details).length > 0 ? { details } : {}),
      },
      ok: false,
    },
  };
}

export function handleSeamError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const classified = classifyError(error, request);
  if (classified.retryAfterSeconds !== undefined) reply.header('retry-after', String(classified.retryAfterSeconds));
  const { status, body } = seamErrorBody(classified);
  return reply.status(status).send(body);
}

export function handleSeamNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = request.url.split('?')[0];
  return reply.status(404).send({
    error: {
      type: 'not_found',
      message: `Keyway's Seam-compatible API has no route ${path}.`,
      keyway_code: 'not_found',
    },
    ok: false,
  } satisfies SeamErrorBody);
}
