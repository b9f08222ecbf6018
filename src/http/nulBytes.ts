/**
 * PostgreSQL cannot store a NUL character in text: a string carrying one would fail deep in a query (a 500, and a
 * failed statement in the log). Any request with a NUL anywhere in its body, query or path parameters is refused
 * up front as 400 invalid_request, before validation, on every route.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { KeywayError } from '../domain/errors.ts';

function findNul(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'value' : undefined;
  if (depth > 32 || value === null || typeof value !== 'object') return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes('\u0000')) return path || 'value';
    const found = findNul(inner, path ? `${path}.${key}` : key, depth + 1);
    if (found) return found;
  }
  return undefined;
}

export async function rejectNulBytes(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  for (const [where, value] of [
    ['body', request.body],
    ['query', request.query],
    ['params', request.params],
  ] as const) {
    const field = findNul(value, '');
    if (field)
      throw new KeywayError('invalid_request', `Invalid ${where}: ${field} contains a NUL character.`, { field });
  }
}
