/**
 * The HTTP edge as an attacker meets it: share-link secrets kept out of the request log, malformed cookies and
 * out-of-range times refused with a 4xx (never a 500), cross-site writes with the session cookie refused, security
 * headers and cookie flags, and database errors logged without their parameters.
 */
import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seedDemo.ts';
import { classifyError } from '../../src/http/errorMapper.ts';
import { createLogger } from '../../src/logger.ts';
import { ALEX, MANAGER, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

let t: TestKeyway;
let alex: string;
let manager: string;
beforeAll(async () => {
  t = await startTestKeyway();
  alex = await t.login(ALEX);
  manager = await t.login(MANAGER);
}, 180_000);
afterAll(() => t.close());

const UUID = '00000000-0000-4000-8000-000000000000';

describe('share-link secrets', () => {
  it('never reach the request log', async () => {
    const created = await t.request('POST', '/api/v1/me/guest-codes', {
      token: alex,
      body: { type: 'permanent', name: 'Log check' },
    });
    expect(created.statusCode).toBe(201);
    const path = new URL(created.json().guestCode.shareUrl).pathname;
    const token = path.split('.').pop() as string;
    expect(token.length).toBeGreaterThan(8);
    const page = await t.request('GET', path);
    expect(page.statusCode).toBe(200);
    await t.request('GET', `${path}?x=1`);
    await t.request('GET', '/api/v1/health?token=query-secret-123&reset=1');
    expect(t.logs()).toContain('/g/');
    expect(t.logs()).not.toContain(token);
    expect(t.logs()).not.toContain('query-secret-123');
  });
});

describe('a malformed session cookie', () => {
  const cookies = [
    'keyway_session=%',
    'keyway_session=%E0%A4%A',
    `keyway_session=${'a'.repeat(4000)}`,
    'keyway_session=%00',
    'keyway_session="',
  ];

  it('is 401 with a code on every protected route, never a 500', async () => {
    const doc = (await t.request('GET', '/api/v1/openapi.json')).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    let checked = 0;
    for (const [template, methods] of Object.entries(doc.paths)) {
      if (!template.startsWith('/api/v1/')) continue;
      const url = template.replace(/\{[^}]+\}/g, UUID);
      for (const method of Object.keys(methods)) {
        for (const cookie of cookies) {
          const response = await t.request(method.toUpperCase(), url, {
            headers: { cookie },
            ...(method === 'get' || method === 'delete' ? {} : { body: {} }),
          });
          expect(response.statusCode, `${method} ${url} ${cookie.slice(0, 30)}`).toBeLessThan(500);
          if (response.statusCode >= 400) expect(typeof response.json().error?.code, `${method} ${url}`).toBe('string');
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    for (const cookie of cookies) {
      const me = await t.request('GET', '/api/v1/me/access', { headers: { cookie } });
      expect(me.statusCode).toBe(401);
      expect(me.json().error.code).toBe('unauthenticated');
    }
  });
});

describe('times', () => {
  const bad = [
    '+275760-09-13T00:00:00Z',
    '10000-01-01T00:00:00Z',
    '-000001-01-01T00:00:00Z',
    '1',
    '2026-07-01T10:00:00',
    '2026-07-01',
    '0000-01-01T00:00:00Z',
  ];

  it.each(bad)('%s as a guest time is 400 invalid_request and creates nothing', async (value) => {
    const before = (await t.request('GET', '/api/v1/me/guest-codes', { token: alex })).json();
    for (const body of [
      { type: 'temporary', name: 'Visitor', startsAt: value, endsAt: '2027-01-01T00:00:00Z' },
      { type: 'temporary', name: 'Visitor', startsAt: '2026-06-16T00:00:00Z', endsAt: value },
    ]) {
      const response = await t.request('POST', '/api/v1/me/guest-codes', { token: alex, body });
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error.code).toBe('invalid_request');
    }
    expect((await t.request('GET', '/api/v1/me/guest-codes', { token: alex })).json()).toEqual(before);
  });

  it.each(bad)('%s as a staff-code time is 400 invalid_request and creates nothing', async (value) => {
    const before = (await t.request('GET', '/api/v1/staff-codes', { token: manager })).json();
    for (const body of [
      { name: 'Plumber', kind: 'vendor', startsAt: value, endsAt: '2027-01-01T00:00:00Z' },
      { name: 'Plumber', kind: 'vendor', startsAt: '2026-06-16T00:00:00Z', endsAt: value },
    ]) {
      const response = await t.request('POST', '/api/v1/staff-codes', { token: manager, body });
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error.code).toBe('invalid_request');
    }
    expect((await t.request('GET', '/api/v1/staff-codes', { token: manager })).json()).toEqual(before);
  });

  it('with an offset and a 4-digit year are accepted', async () => {
    const response = await t.request('POST', '/api/v1/staff-codes', {
      token: manager,
      body: { name: 'Painter', kind: 'vendor', startsAt: '2026-06-16T09:00:00-05:00', endsAt: '2026-06-20T17:00:00Z' },
    });
    expect(response.statusCode).toBe(201);
  });
});

describe('cross-site writes with the session cookie', () => {
  const write = (headers: Record<string, string>) =>
    t.request('POST', '/api/v1/me/guest-codes', {
      headers: { cookie: `keyway_session=${alex}`, ...headers },
      body: { type: 'permanent', name: 'CSRF check' },
    });

  it('from a foreign Origin are 403 cross_site_request', async () => {
    const response = await write({ origin: 'http://evil.example' });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('cross_site_request');
    const nullOrigin = await write({ origin: 'null' });
    expect(nullOrigin.statusCode).toBe(403);
  });

  it('marked cross-site or same-site by the browser are 403', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const response = await write({ 'sec-fetch-site': site });
      expect(response.statusCode, site).toBe(403);
      expect(response.json().error.code).toBe('cross_site_request');
    }
  });

  it('from the same origin, or without Origin (curl), are allowed', async () => {
    expect((await write({ origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' })).statusCode).toBe(201);
    expect((await write({ origin: 'http://localhost:80', host: 'localhost:80' })).statusCode).toBe(201);
    expect((await write({})).statusCode).toBe(201);
  });

  it('with a bearer token are not affected; reads are not affected', async () => {
    const bearer = await t.request('POST', '/api/v1/me/guest-codes', {
      token: alex,
      headers: { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' },
      body: { type: 'permanent', name: 'Bearer' },
    });
    expect(bearer.statusCode).toBe(201);
    const read = await t.request('GET', '/api/v1/me/access', {
      headers: { cookie: `keyway_session=${alex}`, origin: 'http://evil.example' },
    });
    expect(read.statusCode).toBe(200);
  });
});

describe('security headers', () => {
  it('are on API answers and pages', async () => {
    for (const url of ['/api/v1/health', '/g/nothing.here']) {
      const response = await t.request('GET', url);
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['x-frame-options'], url).toBe('DENY');
      const csp = String(response.headers['content-security-policy']);
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toContain("default-src 'self'");
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).not.toContain('upgrade-insecure-requests');
      expect(response.headers['strict-transport-security'], url).toBeUndefined();
    }
  });

  it('leave the API docs working', async () => {
    const response = await t.request('GET', '/docs/');
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-frame-options']).toBe('DENY');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    // Its scripts are files of its own (the policy's 'self'): none inline.
    expect(response.body).toMatch(/<script src=/);
    expect(response.body).not.toMatch(/<script>(?!\s*<\/script>)/);
    const initializer = await t.request('GET', '/docs/static/swagger-initializer.js');
    expect(initializer.statusCode).toBe(200);
  });

  it('the session cookie is HttpOnly and SameSite=Lax, and not Secure over http', async () => {
    t.clock.advance(6_100);
    const login = await t.request('POST', '/api/v1/auth/login', {
      body: { email: ALEX, password: DEMO_PASSWORD },
    });
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).not.toContain('Secure');
  });
});

describe('behind https (KEYWAY_PUBLIC_URL=https://…)', () => {
  let https: TestKeyway;
  beforeAll(async () => {
    https = await startTestKeyway({ env: { KEYWAY_PUBLIC_URL: 'https://keys.example.org' } });
  }, 180_000);
  afterAll(() => https.close());

  it('sends HSTS and a Secure session cookie, and trusts its public origin', async () => {
    https.clock.advance(6_100);
    const login = await https.request('POST', '/api/v1/auth/login', {
      body: { email: ALEX, password: DEMO_PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    expect(String(login.headers['set-cookie'])).toMatch(/; Secure/);
    expect(String(login.headers['strict-transport-security'])).toContain('max-age=');
    const logout = await https.request('POST', '/api/v1/auth/logout', {
      headers: { cookie: `keyway_session=${login.json().token}`, origin: 'https://keys.example.org' },
    });
    expect(logout.statusCode).toBe(200);
    expect(String(logout.headers['set-cookie'])).toMatch(/; Secure/);
  });
});

describe('an unexpected database error', () => {
  it('is logged without its parameters or query text', async () => {
    const secret = 'guest-phone-+15550001111';
    let failure: unknown;
    try {
      await t.keyway.deps.db.execute(sql`select ${secret}::uuid as id`);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeDefined();
    const lines: string[] = [];
    const logger = createLogger('info', {
      write: (line: string) => {
        lines.push(line);
      },
    });
    const classified = classifyError(failure, { log: logger } as unknown as FastifyRequest);
    expect(classified.status).toBe(500);
    logger.error({ err: failure }, 'elsewhere');
    const out = lines.join('');
    expect(out).toContain('unhandled error');
    expect(out).toContain('"sqlstate":"22P02"');
    expect(out).not.toContain(secret);
    expect(out).not.toMatch(/select .*::uuid/i);
  });
});
