import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/domain/communitySettings.ts';
import { hashPassword } from '../../src/security/passwords.ts';
import { insertCommunity, insertPerson } from '../../src/store/repositories/communities.ts';
import { ALEX, cardsOf, MANAGER, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

let t: TestKeyway;

beforeAll(async () => {
  t = await startTestKeyway();
});
afterAll(() => t.close());

describe('login', () => {
  it('returns a token and the user, and sets an HttpOnly session cookie', async () => {
    const response = await t.request('POST', '/api/v1/auth/login', {
      body: { email: 'Alex@MapleCourt.example', password: 'keyway-demo' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ token: expect.any(String), user: { name: 'Alex Kim', role: 'resident' } });
    expect(String(response.headers['set-cookie'])).toMatch(/keyway_session=.+HttpOnly/);
  });

  it('refuses a wrong password and an unknown email alike with 401 unauthenticated', async () => {
    for (const body of [
      { email: ALEX, password: 'wrong' },
      { email: 'nobody@example.com', password: 'keyway-demo' },
    ]) {
      const response = await t.request('POST', '/api/v1/auth/login', { body });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('unauthenticated');
    }
  });

  it('refuses a malformed body with 400 invalid_request', async () => {
    for (const body of [{}, { email: ALEX }, { email: 1, password: 2 }]) {
      const response = await t.request('POST', '/api/v1/auth/login', { body });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('invalid_request');
    }
  });

  it('accepts the session cookie as well as the bearer header; logout ends the session', async () => {
    const token = await t.login(ALEX);
    const viaCookie = await t.request('GET', '/api/v1/me/access', { headers: { cookie: `keyway_session=${token}` } });
    expect(viaCookie.statusCode).toBe(200);
    await t.request('POST', '/api/v1/auth/logout', { token });
    expect((await t.request('GET', '/api/v1/me/access', { token })).statusCode).toBe(401);
  });

  it('ends sessions when they expire', async () => {
    const token = await t.login(ALEX);
    t.clock.advance(15 * 24 * 3_600_000);
    const response = await t.request('GET', '/api/v1/me/access', { token });
    expect(response.json().error.code).toBe('unauthenticated');
  });

  it('limits login attempts to 10 per minute per email, with Retry-After', async () => {
    const email = 'blair@maplecourt.example';
    for (let i = 0; i < 10; i++) {
      const response = await t.request('POST', '/api/v1/auth/login', {
        body: { email, password: 'wrong' },
        headers: { 'x-test': String(i) },
      });
      expect(response.statusCode).toBe(401);
    }
    const limited = await t.request('POST', '/api/v1/auth/login', { body: { email, password: 'keyway-demo' } });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    t.clock.advance(61_000);
    expect(
      (await t.request('POST', '/api/v1/auth/login', { body: { email, password: 'keyway-demo' } })).statusCode,
    ).toBe(200);
  });
});

describe('generate + pick rate limit', () => {
  it('allows 20 attempts per person per minute, counting refused ones, then 429 with Retry-After', async () => {
    t.clock.advance(120_000);
    const alex = await t.login(ALEX);
    const { home } = await cardsOf(t, alex);
    for (let i = 0; i < 20; i++) {
      const url = `/api/v1/me/access/cards/${home.id}/${i % 2 ? 'pick' : 'generate'}`;
      const body = i % 2 ? { code: '1111' } : { length: 4 };
      const response = await t.request('POST', url, { token: alex, body });
      expect(response.statusCode).toBe(i % 2 ? 422 : 202);
    }
    const limited = await t.request('POST', `/api/v1/me/access/cards/${home.id}/generate`, {
      token: alex,
      body: { length: 4 },
    });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(59);
    t.clock.advance(60_001);
    expect(
      (await t.request('POST', `/api/v1/me/access/cards/${home.id}/generate`, { token: alex, body: { length: 4 } }))
        .statusCode,
    ).toBe(202);
  });
});

describe('community settings', () => {
  it('any member reads them; residents cannot change them (403 forbidden)', async () => {
    const alex = await t.login(ALEX);
    const read = await t.request('GET', '/api/v1/community/settings', { token: alex });
    expect(read.json().settings).toEqual({
      customCodes: true,
      sixDigitCodes: false,
      blockCommonPins: false,
      guestTypes: ['permanent', 'temporary', 'recurring', 'delivery'],
      deliveryCodeHours: 2,
      deliveryGraceMinutes: 15,
      deliveryToUnitDoors: false,
      maxGuestCodesPerResident: 25,
      moveOutTime: null,
      // The demo community re-reads its locks every 2 minutes so a wiped lock is repaired while you watch.
      verifyIntervalMinutes: 2,
      address: '1200 Maple Court Drive, Springfield, IL 62704',
      timeZone: 'America/Chicago',
    });
    const patch = await t.request('PATCH', '/api/v1/community/settings', {
      token: alex,
      body: { sixDigitCodes: true },
    });
    expect(patch.statusCode).toBe(403);
    expect(patch.json().error.code).toBe('forbidden');
  });

  it('managers change only what they send; bad values are 400 invalid_request and change nothing', async () => {
    const manager = await t.login(MANAGER);
    const ok = await t.request('PATCH', '/api/v1/community/settings', {
      token: manager,
      body: { guestTypes: ['permanent', 'delivery'] },
    });
    expect(ok.json().settings).toMatchObject({ guestTypes: ['permanent', 'delivery'], customCodes: true });
    for (const body of [
      { sixDigitCodes: 'yes' },
      { unknownSetting: true },
      { guestTypes: ['party'] },
      { guestTypes: ['permanent', 'permanent'] },
      { deliveryCodeHours: -1 },
      { timeZone: 'Mars/Olympus' },
    ]) {
      const response = await t.request('PATCH', '/api/v1/community/settings', { token: manager, body });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('invalid_request');
    }
    const after = await t.request('GET', '/api/v1/community/settings', { token: manager });
    expect(after.json().settings).toMatchObject({
      guestTypes: ['permanent', 'delivery'],
      sixDigitCodes: false,
      timeZone: 'America/Chicago',
    });
  });
});

describe('residents and community scoping', () => {
  it('lists the residents for managers, and refuses residents', async () => {
    const manager = await t.login(MANAGER);
    const response = await t.request('GET', '/api/v1/residents', { token: manager });
    expect(response.json().residents).toEqual([
      expect.objectContaining({ name: 'Alex Kim', email: ALEX, unit: '101', status: 'current' }),
      expect.objectContaining({ name: 'Blair Okafor', unit: '102', status: 'current' }),
    ]);
    const asResident = await t.request('GET', '/api/v1/residents', { token: await t.login(ALEX) });
    expect(asResident.json().error.code).toBe('forbidden');
  });

  it('a manager of another community sees nothing of Maple Court', async () => {
    const db = t.keyway.deps.db;
    const communityId = randomUUID();
    await insertCommunity(db, {
      id: communityId,
      name: 'Birch Row',
      timeZone: 'Europe/Berlin',
      settings: { ...DEFAULT_SETTINGS, customCodes: false },
      createdAt: new Date(),
    });
    await insertPerson(db, {
      id: randomUUID(),
      communityId,
      name: 'Other Manager',
      email: 'manager@birchrow.example',
      passwordHash: await hashPassword('birch-password'),
      role: 'manager',
      createdAt: new Date(),
    });
    const other = await t.login('manager@birchrow.example', 'birch-password');
    expect((await t.request('GET', '/api/v1/residents', { token: other })).json().residents).toEqual([]);
    expect((await t.request('GET', '/api/v1/community/settings', { token: other })).json().settings.timeZone).toBe(
      'Europe/Berlin',
    );
    await t.request('PATCH', '/api/v1/community/settings', { token: other, body: { sixDigitCodes: true } });
    const maple = await t.request('GET', '/api/v1/community/settings', { token: await t.login(MANAGER) });
    expect(maple.json().settings.sixDigitCodes).toBe(false);
    const alexCards = await cardsOf(t, await t.login(ALEX));
    const foreign = await t.request('POST', `/api/v1/me/access/cards/${alexCards.home.id}/generate`, {
      token: other,
      body: { length: 4 },
    });
    expect(foreign.json().error.code).toBe('not_found');
  });

  it('moves in a resident; bad input is refused with a code', async () => {
    const manager = await t.login(MANAGER);
    const body = { name: 'Dana Lee', email: 'dana@maplecourt.example', unit: '102', moveIn: '2027-01-01' };
    const created = await t.request('POST', '/api/v1/residents', { token: manager, body });
    expect(created.statusCode).toBe(201);
    expect(created.json().resident).toMatchObject({ name: 'Dana Lee', unit: '102', status: 'future' });
    expect((await t.request('POST', '/api/v1/residents', { token: manager, body })).json().error.code).toBe(
      'conflict_state',
    );
    expect(
      (
        await t.request('POST', '/api/v1/residents', {
          token: manager,
          body: { ...body, email: 'x@example.com', unit: '999' },
        })
      ).json().error.code,
    ).toBe('not_found');
    expect(
      (await t.request('POST', '/api/v1/residents', { token: manager, body: { ...body, moveIn: '2027-02-30' } })).json()
        .error.code,
    ).toBe('invalid_request');
    expect(
      (
        await t.request('POST', '/api/v1/residents', {
          token: await t.login(ALEX),
          body: { ...body, email: 'e@example.com' },
        })
      ).json().error.code,
    ).toBe('forbidden');
  });
});

describe('integrator API keys', () => {
  it('a manager creates a key (shown once); it acts for the community but has no "me"; revoked keys stop working', async () => {
    const manager = await t.login(MANAGER);
    const created = await t.request('POST', '/api/v1/api-keys', { token: manager, body: { name: 'PMS sync' } });
    expect(created.statusCode).toBe(201);
    const key = created.json().key as string;
    expect(key).toMatch(/^kwk_/);
    const list = await t.request('GET', '/api/v1/api-keys', { token: manager });
    expect(list.body).not.toContain(key);
    expect((await t.request('GET', '/api/v1/residents', { token: key })).statusCode).toBe(200);
    expect((await t.request('GET', '/api/v1/me/access', { token: key })).json().error.code).toBe('forbidden');
    expect((await t.request('GET', '/api/v1/api-keys', { token: key })).json().error.code).toBe('forbidden');
    await t.request('DELETE', `/api/v1/api-keys/${created.json().apiKey.id}`, { token: manager });
    expect((await t.request('GET', '/api/v1/residents', { token: key })).json().error.code).toBe('unauthenticated');
  });
});
