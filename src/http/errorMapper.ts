/**
 * The one place where errors become HTTP. Known errors keep their stable code; anything else is a
 * generic 500 whose details go to the log, never to the client.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isKeywayError, type KeywayErrorCode } from '../domain/errors.ts';

const STATUS: Record<KeywayErrorCode, number> = {
  invalid_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  code_conflict: 409,
  conflict_state: 409,
  already_set_up: 409,
  weak_password: 422,
  invalid_token: 401,
  rate_limited: 429,
  pin_not_digits: 422,
  pin_length_not_allowed: 422,
  pin_repeated_digit: 422,
  pin_sequential: 422,
  pin_common: 422,
  custom_codes_disabled: 422,
  custom_code_not_allowed_here: 422,
  guest_code_not_customizable: 422,
  guest_type_disabled: 422,
  code_space_exhausted: 409,
  lock_full: 409,
  url_not_allowed: 422,
  receipt_rejected: 422,
  not_simulated: 404,
  not_supported_yet: 422,
  cloud_key_refused: 422,
  cloud_not_connected: 409,
  cloud_unavailable: 424,
  webhook_unverified: 401,
  cross_site_request: 403,
  too_many_streams: 429,
  residency_ended: 403,
  no_room_on_lock: 409,
  end_in_past: 400,
  not_a_resident: 409,
};

export function statusOf(code: KeywayErrorCode): number {
  return STATUS[code];
}

export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

function body(code: string, message: string, details?: Record<string, unknown>): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** What an error means for the client: its status, stable code, message and details (a 500 is logged here). */
export interface ClassifiedError {
  status: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
  /** Seconds a rate-limited client should wait. */
  retryAfterSeconds?: number;
}

export function classifyError(error: unknown, request: FastifyRequest): ClassifiedError {
  if (isKeywayError(error)) {
    const retryAfter = error.details?.retryAfterSeconds;
    return {
      status: STATUS[error.code],
      code: error.code,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
      ...(error.code === 'rate_limited' && typeof retryAfter === 'number' ? { retryAfterSeconds: retryAfter } : {}),
    };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((v) => ({
      path: v.instancePath.replace(/^\//, '').replaceAll('/', '.'),
      message: v.message ?? 'invalid',
    }));
    const where = error.validationContext ?? 'body';
    const first = issues[0];
    const message = first
      ? `Invalid ${where}: ${first.path ? `${first.path}: ` : ''}${first.message}`
      : `Invalid ${where}.`;
    return { status: 400, code: 'invalid_request', message, details: { issues } };
  }
  const fastifyError = error as Partial<FastifyError>;
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Malformed JSON, wrong content type, body too large…: the client's to fix, described plainly.
    const code =
      status === 404
        ? 'not_found'
        : status === 429
          ? 'rate_limited'
          : status === 413
            ? 'payload_too_large'
            : 'invalid_request';
    return { status, code, message: fastifyError.message ?? 'Bad request.' };
  }
  request.log.error({ err: error }, 'unhandled error');
  return { status: 500, code: 'internal_error', message: 'Something went wrong on our side. Please try again.' };
}

export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const classified = classifyError(error, request);
  if (classified.retryAfterSeconds !== undefined) reply.header('retry-after', String(classified.retryAfterSeconds));
  return reply.status(classified.status).send(body(classified.code, classified.message, classified.details));
}

export function handleNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.status(404).send(body('not_found', `No route ${request.method} ${request.url.split('?')[0]}.`));
}
