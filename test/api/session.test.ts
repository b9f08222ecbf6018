/** GET /me: who the session belongs to, so a new tab or a bookmark of the web app opens signed in. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALEX, MANAGER, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

let t: TestKeyway;

beforeAll(async () => {
  t = await startTestKeyway();
});
afterAll(async () => {
  await t.close();
});

const whoAmI = (token?: string) => t.request('GET', '/api/v1/me', token ? { token } : {});

it('names the person behind the session, by the cookie as by the bearer token', async () => {
  const alex = await t.login(ALEX);
  const byToken = await whoAmI(alex);
  expect(byToken.statusCode).toBe(200);
  expect(byToken.json().user).toMatchObject({ name: expect.any(String), role: 'resident' });

  const byCookie = await t.request('GET', '/api/v1/me', { headers: { cookie: `keyway_session=${alex}` } });
  expect(byCookie.json()).toEqual(byToken.json());

  const manager = (await whoAmI(await t.login(MANAGER))).json().user;
  expect(manager.role).toBe('manager');
  expect(manager.id).not.toBe(byToken.json().user.id);
});

it('answers 401 with no session and after signing out', async () => {
  expect((await whoAmI()).json().error.code).toBe('unauthenticated');
  const token = await t.login(ALEX);
  await t.request('POST', '/api/v1/auth/logout', { token });
  const after = await whoAmI(token);
  expect(after.statusCode).toBe(401);
  expect(after.json().error.code).toBe('unauthenticated');
});

it('an API key is no signed-in person: 403', async () => {
  const manager = await t.login(MANAGER);
  const created = await t.request('POST', '/api/v1/api-keys', { token: manager, body: { name: 'PMS sync' } });
  const key = created.json().key as string;
  const answer = await whoAmI(key);
  expect(answer.statusCode).toBe(403);
  expect(answer.json().error.code).toBe('forbidden');
});
