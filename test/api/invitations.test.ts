/** Invitations end to end through a real SMTP server: the link in the mail, accepting it, signing in. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUnit, listUnits } from '../../src/store/repositories/communities.ts';
import { linkToken, startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

let t: TestKeyway;
let smtp: TestSmtp;
let operator: string;
let elmPark: string;
let oakYard: string;
const PASSWORD = 'tulip lantern harbor';

const post = (url: string, token: string | undefined, body: unknown) =>
  t.request('POST', url, { ...(token ? { token } : {}), body });

async function community(name: string): Promise<string> {
  const response = await post('/api/v1/communities', operator, { name, timeZone: 'America/Chicago' });
  return response.json().community.id;
}

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await startTestKeyway({
    env: {
      KEYWAY_DEMO: 'false',
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Keyway <keys@example.org>',
      KEYWAY_PUBLIC_URL: 'https://keys.example.org',
    },
  });
  const token = t.keyway.setupLink?.link.split('#')[1];
  const setup = await post('/api/v1/setup', undefined, {
    token,
    name: 'Olga',
    email: 'olga@example.org',
    password: PASSWORD,
  });
  operator = setup.json().token;
  elmPark = await community('Elm Park');
  oakYard = await community('Oak Yard');
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

async function mailTo(email: string, after = 0) {
  await t.keyway.messages.drain();
  return smtp.waitForMail(email, { after });
}

describe('invitations', () => {
  let manager: string;

  it('operator invites a manager; the mail carries the link; accepting signs the manager in', async () => {
    const invited = await post(`/api/v1/communities/${elmPark}/invitations`, operator, {
      email: 'Mia@Example.org',
      name: 'Mia',
      role: 'manager',
    });
    expect(invited.statusCode).toBe(201);
    expect(invited.json().invitation).toMatchObject({ email: 'mia@example.org', role: 'manager' });
    const mail = await mailTo('mia@example.org');
    expect(mail.from).toContain('keys@example.org');
    expect(mail.text).toContain('https://keys.example.org/invite#kwi_');
    const token = linkToken(mail, 'invite');
    // The stored message no longer holds the secret; the log never did.
    expect(t.logs()).not.toContain(token);

    const weak = await post('/api/v1/auth/accept-invitation', undefined, { token, password: 'mia@example.org' });
    expect(weak.json().error).toMatchObject({ code: 'weak_password', details: { rule: 'personal' } });
    const accepted = await post('/api/v1/auth/accept-invitation', undefined, { token, password: PASSWORD });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().user).toMatchObject({ name: 'Mia', role: 'manager' });
    const again = await post('/api/v1/auth/accept-invitation', undefined, { token, password: PASSWORD });
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('invalid_token');

    manager = await t.login('mia@example.org', PASSWORD);
    expect((await t.request('GET', '/api/v1/community/settings', { token: manager })).statusCode).toBe(200);
    // A manager is no operator; an operator no manager.
    expect((await t.request('GET', '/api/v1/communities', { token: manager })).statusCode).toBe(403);
    expect(
      (await post('/api/v1/invitations', operator, { email: 'x@example.org', name: 'X', role: 'manager' })).statusCode,
    ).toBe(403);
  });

  it('re-inviting replaces the link (the old one stops working); an expired link → 401 invalid_token', async () => {
    await post(`/api/v1/communities/${oakYard}/invitations`, operator, {
      email: 'noah@example.org',
      name: 'Noah',
      role: 'manager',
    });
    const first = linkToken(await mailTo('noah@example.org'), 'invite');
    await post(`/api/v1/communities/${oakYard}/invitations`, operator, {
      email: 'noah@example.org',
      name: 'Noah',
      role: 'manager',
    });
    const second = linkToken(await mailTo('noah@example.org', 1), 'invite');
    expect(second).not.toBe(first);
    const old = await post('/api/v1/auth/accept-invitation', undefined, { token: first, password: PASSWORD });
    expect(old.json().error.code).toBe('invalid_token');
    t.clock.advance(73 * 3_600_000);
    const expired = await post('/api/v1/auth/accept-invitation', undefined, { token: second, password: PASSWORD });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('invalid_token');
  });

  it('a manager invites a resident, who exists at once with a lease, and signs in after accepting', async () => {
    const unitId = crypto.randomUUID();
    await insertUnit(t.keyway.deps.db, { id: unitId, communityId: elmPark, name: '101', createdAt: t.clock.now() });
    const noUnit = await post('/api/v1/invitations', manager, {
      email: 'rey@example.org',
      name: 'Rey',
      role: 'resident',
    });
    expect(noUnit.statusCode).toBe(400);
    const otherUnit = await post('/api/v1/invitations', manager, {
      email: 'rey@example.org',
      name: 'Rey',
      role: 'resident',
      unitId: crypto.randomUUID(),
      moveIn: '2026-06-01',
    });
    expect(otherUnit.statusCode).toBe(404);
    const invited = await post('/api/v1/invitations', manager, {
      email: 'rey@example.org',
      name: 'Rey',
      role: 'resident',
      unitId,
      moveIn: '2026-06-01',
      moveOut: null,
    });
    expect(invited.statusCode).toBe(201);
    const residents = await t.request('GET', '/api/v1/residents', { token: manager });
    expect(JSON.stringify(residents.json())).toContain('rey@example.org');
    // Cannot sign in before accepting.
    t.clock.advance(6_100);
    const early = await post('/api/v1/auth/login', undefined, { email: 'rey@example.org', password: PASSWORD });
    expect(early.statusCode).toBe(401);
    const token = linkToken(await mailTo('rey@example.org'), 'invite');
    const accepted = await post('/api/v1/auth/accept-invitation', undefined, { token, password: PASSWORD });
    expect(accepted.json().user).toMatchObject({ role: 'resident' });
    const access = await t.request('GET', '/api/v1/me/access', { token: accepted.json().token });
    expect(access.statusCode).toBe(200);
  });

  it('re-inviting a pending resident renews the link without a second resident', async () => {
    const [unit] = await listUnits(t.keyway.deps.db, elmPark);
    const body = { email: 'sam@example.org', name: 'Sam', role: 'resident', unitId: unit?.id, moveIn: '2026-07-01' };
    expect((await post('/api/v1/invitations', manager, body)).statusCode).toBe(201);
    const first = linkToken(await mailTo('sam@example.org'), 'invite');
    const again = await post('/api/v1/invitations', manager, body);
    expect(again.statusCode).toBe(201);
    const second = linkToken(await mailTo('sam@example.org', 1), 'invite');
    const residents = await t.request('GET', '/api/v1/residents', { token: manager });
    expect(JSON.stringify(residents.json()).match(/sam@example\.org/g)).toHaveLength(1);
    expect(
      (await post('/api/v1/auth/accept-invitation', undefined, { token: first, password: PASSWORD })).statusCode,
    ).toBe(401);
    expect(
      (await post('/api/v1/auth/accept-invitation', undefined, { token: second, password: PASSWORD })).statusCode,
    ).toBe(200);
  });

  it('a link accepted twice at the same moment signs in exactly once', async () => {
    await post(`/api/v1/communities/${elmPark}/invitations`, operator, {
      email: 'kim@example.org',
      name: 'Kim',
      role: 'manager',
    });
    const token = linkToken(await mailTo('kim@example.org'), 'invite');
    const answers = await Promise.all(
      [0, 1, 2].map(() => post('/api/v1/auth/accept-invitation', undefined, { token, password: PASSWORD })),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 401, 401]);
  });

  it('an address with an account gets the same neutral 409, here or in another community', async () => {
    await post(`/api/v1/communities/${oakYard}/invitations`, operator, {
      email: 'ola@example.org',
      name: 'Ola',
      role: 'manager',
    });
    const own = await post('/api/v1/invitations', manager, { email: 'rey@example.org', name: 'Rey', role: 'manager' });
    const elsewhere = await post('/api/v1/invitations', manager, {
      email: 'ola@example.org',
      name: 'Ola',
      role: 'manager',
    });
    const operatorAddress = await post('/api/v1/invitations', manager, {
      email: 'olga@example.org',
      name: 'O',
      role: 'manager',
    });
    for (const response of [own, elsewhere, operatorAddress]) {
      expect(response.statusCode).toBe(409);
      expect(response.json().error).toEqual(own.json().error);
    }
    expect(own.json().error.code).toBe('conflict_state');
  });
});
