/** First start in production mode: the setup link, the first operator, communities. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareSetup } from '../../src/services/setup.ts';
import { startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

let t: TestKeyway;
const PASSWORD = 'tulip lantern harbor';

beforeAll(async () => {
  t = await startTestKeyway({ env: { KEYWAY_DEMO: 'false', KEYWAY_PUBLIC_URL: 'https://keys.example.org/' } });
});
afterAll(() => t.close());

const tokenOf = (link: string) => link.split('#')[1] as string;
const setup = (body: Record<string, unknown>) => {
  t.clock.advance(6_100);
  return t.request('POST', '/api/v1/setup', { body });
};

describe('first start in production mode', () => {
  it('offers a setup link on the public URL, the same after a restart, and logs the token nowhere', async () => {
    const link = t.keyway.setupLink?.link ?? '';
    expect(link).toMatch(/^https:\/\/keys\.example\.org\/setup#kwsu_[A-Za-z0-9_-]{40,}$/);
    expect(t.logs()).not.toContain(tokenOf(link));
    expect((await prepareSetup(t.keyway.deps))?.link).toBe(link);
    expect((await t.request('GET', '/api/v1/setup')).json()).toEqual({ needed: true, demo: false });
    expect(t.keyway.demoSeeded).toBe(false);
  });

  it('refuses a wrong token (401 invalid_token) and a weak password (422 weak_password, with the rule)', async () => {
    const token = tokenOf(t.keyway.setupLink?.link ?? '');
    const wrong = await setup({
      token: `${token.slice(0, -2)}${token.endsWith('xx') ? 'yy' : 'xx'}`,
      name: 'Olga',
      email: 'olga@example.org',
      password: PASSWORD,
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('invalid_token');
    const short = await setup({ token, name: 'Olga', email: 'olga@example.org', password: 'short' });
    expect(short.statusCode).toBe(422);
    expect(short.json().error).toMatchObject({ code: 'weak_password', details: { rule: 'too_short' } });
    const common = await setup({ token, name: 'Olga', email: 'olga@example.org', password: 'password123' });
    expect(common.json().error).toMatchObject({ code: 'weak_password', details: { rule: 'common' } });
    const own = await setup({
      token,
      name: 'Olga Berg',
      email: 'olga.berg@example.org',
      password: 'olga.berg' + '@example.org',
    });
    expect(own.json().error).toMatchObject({ code: 'weak_password', details: { rule: 'personal' } });
  });

  it('an expired token is refused, and the next start issues a new one', async () => {
    const before = t.keyway.setupLink?.link ?? '';
    t.clock.advance(25 * 3_600_000);
    const expired = await setup({
      token: tokenOf(before),
      name: 'Olga',
      email: 'olga@example.org',
      password: PASSWORD,
    });
    expect(expired.json().error.code).toBe('invalid_token');
    const next = await prepareSetup(t.keyway.deps);
    expect(next?.link).not.toBe(before);
    (t.keyway as { setupLink: unknown }).setupLink = next;
  });

  it('creates the operator, signed in; then 409 already_set_up and no more link', async () => {
    const token = tokenOf(t.keyway.setupLink?.link ?? '');
    const created = await setup({ token, name: 'Olga', email: 'Olga@Example.org', password: PASSWORD });
    expect(created.statusCode).toBe(201);
    expect(created.json().user).toMatchObject({ name: 'Olga', role: 'operator' });
    expect(created.headers['set-cookie']).toContain('keyway_session=');
    const again = await setup({ token, name: 'Eve', email: 'eve@example.org', password: PASSWORD });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('already_set_up');
    expect(await prepareSetup(t.keyway.deps)).toBeUndefined();
    expect((await t.request('GET', '/api/v1/setup')).json()).toEqual({ needed: false, demo: false });
    expect(t.logs()).not.toContain(token);
    expect(t.logs()).not.toContain(PASSWORD);
  });

  it('the operator signs in normally, creates communities (IANA zones only) and lists them', async () => {
    const operator = await t.login('olga@example.org', PASSWORD);
    const bad = await t.request('POST', '/api/v1/communities', {
      token: operator,
      body: { name: 'Elm Park', timeZone: 'Mars/Olympus' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_request');
    const offset = await t.request('POST', '/api/v1/communities', {
      token: operator,
      body: { name: 'Elm Park', timeZone: '+02:00' },
    });
    expect(offset.statusCode).toBe(400);
    const created = await t.request('POST', '/api/v1/communities', {
      token: operator,
      body: { name: 'Elm Park', timeZone: 'Europe/Paris' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().community).toMatchObject({ name: 'Elm Park', timeZone: 'Europe/Paris' });
    const list = await t.request('GET', '/api/v1/communities', { token: operator });
    expect(list.json().communities).toEqual([created.json().community]);
    // An operator is no community's caller.
    const residents = await t.request('GET', '/api/v1/residents', { token: operator });
    expect(residents.statusCode).toBe(403);
    // Anonymous: 401 before validation.
    expect((await t.request('GET', '/api/v1/communities')).statusCode).toBe(401);
  });
});
