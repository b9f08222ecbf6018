/**
 * Issue 14 item 9 and 12: strangers guessing a password cannot lock the owner out of a device they used before,
 * the owner is told once; and a sign-in against an older scrypt cost stores a new hash.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seedDemo.ts';
import { hashPassword } from '../../src/security/passwords.ts';
import { events, messages, people } from '../../src/store/schema.ts';
import { ALEX, BLAIR, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

let t: TestKeyway;
/** Tests keep a low scrypt cost (the injected option); the default cost is asserted in passwords.test.ts. */
const LOW = { N: 2 ** 12, r: 8, p: 1 };

beforeAll(async () => {
  t = await startTestKeyway();
  t.keyway.deps.passwordCost = LOW;
  const lowHash = await hashPassword(DEMO_PASSWORD, LOW);
  for (const email of [ALEX, BLAIR])
    await t.keyway.database.db.update(people).set({ passwordHash: lowHash }).where(eq(people.email, email));
});
afterAll(async () => {
  await t.close();
});

const signIn = (email: string, password: string, from: string, cookie?: string) =>
  t.keyway.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress: from,
    headers: cookie ? { cookie } : {},
    payload: { email, password },
  });

function deviceCookie(response: Awaited<ReturnType<typeof signIn>>): string {
  const cookies = [response.headers['set-cookie']].flat().map(String);
  const device = cookies.find((c) => c.startsWith('keyway_device='));
  if (!device) throw new Error(`no device cookie in ${cookies.join(' | ')}`);
  expect(device).toMatch(/HttpOnly/);
  return device.split(';')[0] as string;
}

const mailsTo = async (email: string) =>
  (await t.keyway.database.db.select().from(messages).where(eq(messages.recipient, email))).filter((m) =>
    m.subject.includes('tried to sign in'),
  );

describe('sign-in lockout by strangers', () => {
  it('after 10 wrong passwords the owner still signs in from a known device, not from a new one; one mail', async () => {
    const first = await signIn(ALEX, DEMO_PASSWORD, '10.0.0.1');
    expect(first.statusCode).toBe(200);
    const known = deviceCookie(first);
    t.clock.advance(61_000);

    for (let i = 0; i < 10; i++) expect((await signIn(ALEX, 'guess-guess', '10.9.9.9')).statusCode).toBe(401);
    const locked = await signIn(ALEX, 'guess-guess', '10.9.9.8');
    expect([locked.statusCode, locked.json().error.code]).toEqual([429, 'rate_limited']);

    const owner = await signIn(ALEX, DEMO_PASSWORD, '10.0.0.1', known);
    expect(owner.statusCode).toBe(200);
    // The known device with a wrong password is not locked, but is not let in either.
    expect((await signIn(ALEX, 'guess-guess', '10.0.0.1', known)).statusCode).toBe(401);

    const fresh = await signIn(ALEX, DEMO_PASSWORD, '10.0.0.2');
    expect([fresh.statusCode, fresh.json().error.code]).toEqual([429, 'rate_limited']);
    const forged = `${known.slice(0, -3)}abc`;
    expect((await signIn(ALEX, DEMO_PASSWORD, '10.0.0.3', forged)).statusCode).toBe(429);
    // Another person's device cookie does not unlock this account.
    t.clock.advance(61_000);
    const blairDevice = deviceCookie(await signIn(BLAIR, DEMO_PASSWORD, '10.0.0.4'));
    for (let i = 0; i < 10; i++) await signIn(ALEX, 'guess-guess', `10.8.8.${i}`);
    expect((await signIn(ALEX, DEMO_PASSWORD, '10.0.0.4', blairDevice)).statusCode).toBe(429);

    const mails = await mailsTo(ALEX);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.body).not.toContain('guess-guess');
    const locks = await t.keyway.database.db.select().from(events).where(eq(events.type, 'account.sign_in_locked'));
    expect(locks).toHaveLength(1);
  });

  it('an unknown email that gets locked sends no mail to anyone', async () => {
    t.clock.advance(61_000);
    for (let i = 0; i < 11; i++) await signIn('nobody@example.org', 'guess-guess', `10.7.7.${i}`);
    expect(await mailsTo('nobody@example.org')).toHaveLength(0);
  });
});

describe('password hashing cost', () => {
  it('a hash with older parameters signs in and is replaced by one with the current parameters', async () => {
    t.clock.advance(61_000);
    const db = t.keyway.database.db;
    const old = await hashPassword(DEMO_PASSWORD, { N: 2 ** 10, r: 8, p: 1 });
    await db.update(people).set({ passwordHash: old }).where(eq(people.email, BLAIR));
    expect((await signIn(BLAIR, DEMO_PASSWORD, '10.6.6.6')).statusCode).toBe(200);
    const [row] = await db.select().from(people).where(eq(people.email, BLAIR));
    expect(row?.passwordHash).toMatch(/^scrypt\$4096\$8\$1\$/);
    expect((await signIn(BLAIR, DEMO_PASSWORD, '10.6.6.7')).statusCode).toBe(200);
  });
});
