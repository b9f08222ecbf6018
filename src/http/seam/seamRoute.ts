/**
 * One Seam endpoint, served the way Seam's API serves it: POST with a JSON body always works, and so do the verbs
 * the SDK actually sends (GET/DELETE with query parameters, PATCH/PUT with a body). Query strings carry every
 * value as text, so a GET's input is read leniently ("true" → true, "30" → 30, one value → a one-item list)
 * before the same zod schema validates it. Responses are `{ <resource>: …, ok: true }`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { KeywayError } from '../../domain/errors.ts';
import type { Principal } from '../../services/principal.ts';
import { principalOf } from '../principalHook.ts';

export type SeamVerb = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface SeamRouteDef<I extends z.ZodObject, R extends z.ZodRawShape> {
  summary: string;
  /** The verb Seam's SDK sends for this endpoint (POST is always accepted as well). */
  sdkVerb: SeamVerb;
  input: I;
  /** The response's fields besides `ok`. */
  response: R;
  handler: (input: z.output<I>, principal: Principal, request: FastifyRequest) => Promise<z.input<z.ZodObject<R>>>;
}

/** A no-op validator: the route validates itself (leniently for query strings); the schema is for the docs. */
const noValidation = () => (data: unknown) => ({ value: data });

export function seamRoute<I extends z.ZodObject, R extends z.ZodRawShape>(
  app: FastifyInstance,
  path: string,
  def: SeamRouteDef<I, R>,
): void {
  const verbs = [...new Set<SeamVerb>(['POST', def.sdkVerb])];
  const lenient = lenientForQuery(def.input);
  const response = z.object({ ...def.response, ok: z.literal(true) });
  for (const method of verbs) {
    const inQuery = method === 'GET' || method === 'DELETE';
    app.route({
      method,
      url: path,
      schema: {
        tags: ['seam'],
        summary: def.summary,
        ...(inQuery ? { querystring: def.input } : { body: def.input }),
        response: { 200: response },
      },
      validatorCompiler: noValidation,
      handler: async (request) => {
        const principal = principalOf(request);
        const query = (request.query ?? {}) as Record<string, unknown>;
        const body = request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
        // A query string may accompany a body (and a DELETE may carry a JSON body): the body wins on a clash.
        const parsed = inQuery
          ? lenient.safeParse({ ...query, ...body })
          : def.input.safeParse({ ...lenientValues(def.input, query), ...body });
        if (!parsed.success) throw invalidInput(parsed.error);
        const result = await def.handler(parsed.data as z.output<I>, principal, request);
        return { ...result, ok: true as const };
      },
    });
  }
}

function invalidInput(error: z.ZodError): KeywayError {
  const issues = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  const first = issues[0];
  return new KeywayError(
    'invalid_request',
    first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : 'Invalid input.',
    { issues },
  );
}

type AnySchema = z.ZodType & { _zod: { def: { type: string; innerType?: AnySchema } } };

/** The schema's own kind under optional/nullable/default wrappers. */
function baseKind(schema: AnySchema): string {
  let current: AnySchema = schema;
  while (current._zod.def.innerType && ['optional', 'nullable', 'default'].includes(current._zod.def.type))
    current = current._zod.def.innerType;
  return current._zod.def.type;
}

function fromText(kind: string, value: unknown): unknown {
  if (kind === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  if (kind === 'number' && typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))
    return Number(value);
  if (kind === 'array') return value === '' ? [] : Array.isArray(value) ? value : [value];
  return value;
}

function lenientValues(schema: z.ZodObject, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const field = schema.shape[key] as AnySchema | undefined;
    out[key] = field ? fromText(baseKind(field), value) : value;
  }
  return out;
}

function lenientForQuery<I extends z.ZodObject>(schema: I) {
  return z.preprocess(
    (values) =>
      values && typeof values === 'object' ? lenientValues(schema, values as Record<string, unknown>) : values,
    schema,
  );
}
