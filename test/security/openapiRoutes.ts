/**
 * The routes of the OpenAPI document as the security suites walk them: each operation with its path and query
 * parameters and its JSON body schema, and a *valid-looking* body built from that schema — so a suite can change
 * one field (a hostile value, another community's id) and know that field is what the server judged.
 */

export interface JsonSchema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  minimum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  minItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

export interface Param {
  name: string;
  schema: JsonSchema;
}

export interface Route {
  method: string;
  template: string;
  pathParams: string[];
  query: Param[];
  /** The JSON body's schema (absent: the operation takes no JSON body). */
  body?: JsonSchema;
  /** `text/csv` for the residents import. */
  contentType?: string;
}

interface OpenapiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { in: string; name: string; schema?: JsonSchema }[];
        requestBody?: { content: Record<string, { schema?: JsonSchema }> };
      }
    >
  >;
}

/** The live feed is a never-ending stream: an injected request to it would not come back. */
const STREAMS = new Set(['GET /api/v1/me/events']);

export function routesOf(document: unknown): Route[] {
  const routes: Route[] = [];
  for (const [template, operations] of Object.entries((document as OpenapiDocument).paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const upper = method.toUpperCase();
      if (STREAMS.has(`${upper} ${template}`)) continue;
      const parameters = operation.parameters ?? [];
      const content = operation.requestBody?.content ?? {};
      const json = content['application/json']?.schema;
      const other = Object.keys(content).find((type) => type !== 'application/json');
      routes.push({
        method: upper,
        template,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        ...(json ? { body: json } : {}),
        ...(other ? { contentType: other } : {}),
      });
    }
  }
  return routes;
}

/** Values the schema alone does not tell (enums written as prose), by field name. */
const FIELD_SAMPLES: Record<string, unknown> = {
  type: 'permanent',
  kind: 'vendor',
  name: 'Sample name',
  email: 'sample.person@example.org',
  url: 'http://127.0.0.1:9/hook',
  endpoint: 'http://127.0.0.1:9/',
  code: '4827',
  length: 4,
  advanceMinutes: 1,
  online: false,
  slot: 1,
  password: 'sample password 123',
  newPassword: 'sample password 456',
  currentPassword: 'not the password',
  moveIn: '2026-07-01',
  timeZone: 'Europe/Berlin',
  unit: '101',
};

function nonNull(schema: JsonSchema): JsonSchema {
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return nonNull(branches.find((b) => b.type !== 'null') ?? branches[0] ?? {});
  if (Array.isArray(schema.type)) return { ...schema, type: schema.type.find((t) => t !== 'null') ?? 'string' };
  return schema;
}

export function typeOf(schema: JsonSchema): string {
  const s = nonNull(schema);
  if (typeof s.type === 'string') return s.type;
  if (s.properties) return 'object';
  return 'unknown';
}

/**
 * A value the schema accepts, as far as a schema tells. `idFor(field)` supplies ids for id fields (another
 * community's, or a fresh one); optional fields are left out unless they are id fields.
 */
export function sampleOf(schema: JsonSchema, field: string, idFor: (field: string) => string | undefined): unknown {
  const s = nonNull(schema);
  const id = idFor(field);
  if (s.enum && s.enum.length > 0) return s.enum[0];
  const type = typeOf(s);
  if (type === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(s.properties ?? {})) {
      if (!(s.required ?? []).includes(key) && idFor(key) === undefined) continue;
      out[key] = sampleOf(child, key, idFor);
    }
    return out;
  }
  if (type === 'array') {
    const item = sampleOf(s.items ?? {}, field.replace(/s$/, ''), idFor);
    return [id ?? item];
  }
  if (id !== undefined) return id;
  if (field in FIELD_SAMPLES) return FIELD_SAMPLES[field];
  if (type === 'integer' || type === 'number') return Math.max(1, s.minimum ?? 1, (s.exclusiveMinimum ?? 0) + 1);
  if (type === 'boolean') return false;
  if (s.format === 'date-time') return '2026-07-01T10:00:00Z';
  if (s.format === 'date') return '2026-07-01';
  if (s.format === 'email') return 'sample.person@example.org';
  if (s.format === 'uri' || s.format === 'url') return 'http://127.0.0.1:9/';
  if (/At$|_at$/.test(field)) return '2026-07-01T10:00:00Z';
  return 'Sample'.padEnd(s.minLength ?? 0, 'x');
}

/** The URL of a route with its path parameters filled in (already encoded) and a query string. */
export function urlOf(route: Route, path: Record<string, string>, query: Record<string, string> = {}): string {
  const filled = route.template.replace(/\{([^}]+)\}/g, (_, name: string) => path[name] ?? '');
  const search = Object.entries(query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${v}`)
    .join('&');
  return search ? `${filled}?${search}` : filled;
}

/** Who a suite signs in as for a route: residents for /me, API keys for /seam, operators for /communities. */
export function roleFor(route: Route): 'resident' | 'manager' | 'operator' | 'seamKey' | 'none' {
  if (route.template.startsWith('/seam/')) return 'seamKey';
  if (route.template.startsWith('/api/v1/me/')) return 'resident';
  if (route.template.startsWith('/api/v1/communities')) return 'operator';
  if (/^\/api\/v1\/(auth|setup|health)/.test(route.template)) return 'none';
  return 'manager';
}
