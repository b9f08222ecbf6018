/**
 * A NUL character cannot be stored by PostgreSQL: wherever it comes in (a JSON body, a query string, a path), the
 * request is refused as 400 invalid_request before it reaches a service, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALEX, MANAGER, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

let t: TestKeyway;
let alex: string;
let manager: string;
beforeAll(async () => {
  t = await startTestKeyway();
  alex = await t.login(ALEX);
  manager = await t.login(MANAGER);
});
afterAll(() => t.close());

describe('a NUL character', () => {
  it('in a sign-in email is 400 invalid_request', async () => {
    const response = await t.request('POST', '/api/v1/auth/login', {
      body: { email: 'alex@maplecourt.example\u0000', password: 'x' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'invalid_request', details: { field: 'email' } });
  });

  it("in a guest's name, nested or not, is 400 and creates nothing", async () => {
    const before = (await t.request('GET', '/api/v1/guest-codes', { token: alex })).json();
    const response = await t.request('POST', '/api/v1/guest-codes', {
      token: alex,
      body: { type: 'permanent', name: 'Dog\u0000walker' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_request');
    expect((await t.request('GET', '/api/v1/guest-codes', { token: alex })).json()).toEqual(before);
  });

  it('in a query string is 400', async () => {
    const response = await t.request('GET', '/api/v1/activity?type=%00', { token: manager });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_request');
  });

  it("on the Seam-compatible API is Seam's 400 invalid_input", async () => {
    const created = await t.request('POST', '/api/v1/api-keys', {
      token: manager,
      body: { name: 'x', format: 'seam' },
    });
    const key = created.json().key as string;
    const response = await t.request('POST', '/seam/access_codes/create', {
      token: key,
      body: { device_id: '00000000-0000-4000-8000-000000000000', name: 'A\u0000B' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      ok: false,
      error: { type: 'invalid_input', keyway_code: 'invalid_request' },
    });
  });
});
