/** Forgotten and changed passwords, and ending sessions — answered at once in this process. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkToken, startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { BLAIR, MANAGER, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

let t: TestKeyway;
let smtp: TestSmtp;
const NEW_PASSWORD = 'quiet orchard lamp';

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await startTestKeyway({ env: { SMTP_URL: smtp.url } });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const post = (url: string, token: string | undefined, body?: unknown) =>
  t.request('POST', url, { ...(token ? { token } : {}), ...(body === undefined ? {} : { body }) });
const me = (token: string) => t.request('GET', '/api/v1/me/access', { token });

describe('password reset', () => {
  it('answers 202 with the same body whether or not the address has an account', async () => {
    const known = await post('/api/v1/auth/password-reset', undefined, { email: BLAIR });
    const unknown = await post('/api/v1/auth/password-reset', undefined, { email: 'nobody@example.org' });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(unknown.body).toBe(known.body);
    await t.keyway.messages.drain();
    await smtp.waitForMail(BLAIR);
    expect(smtp.mails.some((m) => m.to.includes('nobody@example.org'))).toBe(false);
  });

  it('the link (1 h, single use) sets a new password and ends every session of the person', async () => {
    const sessions = [await t.login(BLAIR), await t.login(BLAIR)];
    for (const s of sessions) expect((await me(s)).statusCode).toBe(200);
    const token = linkToken(await smtp.waitForMail(BLAIR), 'reset');
    const weak = await post('/api/v1/auth/password-reset/confirm', undefined, { token, password: 'blairblair' });
    expect(weak.json().error.code).toBe('weak_password');
    const done = await post('/api/v1/auth/password-reset/confirm', undefined, { token, password: NEW_PASSWORD });
    expect(done.statusCode).toBe(200);
    for (const s of sessions) expect((await me(s)).statusCode).toBe(401);
    const twice = await post('/api/v1/auth/password-reset/confirm', undefined, { token, password: NEW_PASSWORD });
    expect(twice.json().error.code).toBe('invalid_token');
    await t.login(BLAIR, NEW_PASSWORD);
  });

  it('an expired reset link → 401 invalid_token', async () => {
    await post('/api/v1/auth/password-reset', undefined, { email: BLAIR });
    await t.keyway.messages.drain();
    const token = linkToken(await smtp.waitForMail(BLAIR, { after: 1 }), 'reset');
    t.clock.advance(61 * 60_000);
    const late = await post('/api/v1/auth/password-reset/confirm', undefined, { token, password: NEW_PASSWORD });
    expect(late.statusCode).toBe(401);
    expect(late.json().error.code).toBe('invalid_token');
  });

  it('is rate-limited like login', async () => {
    let last = 0;
    for (let i = 0; i < 11; i++)
      last = (await post('/api/v1/auth/password-reset', undefined, { email: `n${i}@example.org` })).statusCode;
    expect(last).toBe(429);
    t.clock.advance(61_000);
  });
});

describe('signed-in people', () => {
  it('change their password: other sessions end, this one stays; a wrong current password is refused', async () => {
    const here = await t.login(MANAGER);
    const there = await t.login(MANAGER);
    const wrong = await post('/api/v1/me/password', here, { currentPassword: 'nope', newPassword: NEW_PASSWORD });
    expect(wrong.statusCode).toBe(400);
    const weak = await post('/api/v1/me/password', here, { currentPassword: 'keyway-demo', newPassword: 'short' });
    expect([weak.statusCode, weak.json().error.code]).toEqual([422, 'weak_password']);
    const changed = await post('/api/v1/me/password', here, {
      currentPassword: 'keyway-demo',
      newPassword: NEW_PASSWORD,
    });
    expect(changed.json()).toEqual({ ok: true, sessionsEnded: 1 });
    expect((await t.request('GET', '/api/v1/residents', { token: there })).statusCode).toBe(401);
    expect((await t.request('GET', '/api/v1/residents', { token: here })).statusCode).toBe(200);
  });

  it('sign out everywhere: every session answers 401 at once', async () => {
    const a = await t.login(MANAGER, NEW_PASSWORD);
    const b = await t.login(MANAGER, NEW_PASSWORD);
    expect((await t.request('GET', '/api/v1/residents', { token: b })).statusCode).toBe(200);
    const out = await post('/api/v1/me/sessions/revoke-all', a);
    expect(out.json().sessionsEnded).toBeGreaterThanOrEqual(2);
    expect(out.headers['set-cookie']).toContain('Max-Age=0');
    expect((await t.request('GET', '/api/v1/residents', { token: a })).statusCode).toBe(401);
    expect((await t.request('GET', '/api/v1/residents', { token: b })).statusCode).toBe(401);
  });

  it('never logs a password or a link token', () => {
    expect(t.logs()).not.toContain(NEW_PASSWORD);
    expect(t.logs()).not.toMatch(/kwr_[A-Za-z0-9_-]{10}/);
  });
});
