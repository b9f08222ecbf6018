import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALEX,
  BLAIR,
  cardsOf,
  MANAGER,
  settledCards,
  startTestKeyway,
  type TestKeyway,
} from '../support/testKeyway.ts';

let t: TestKeyway;
let alex: string;
let manager: string;

beforeAll(async () => {
  t = await startTestKeyway();
  alex = await t.login(ALEX);
  manager = await t.login(MANAGER);
});
afterAll(() => t.close());

// Each attempt moves the clock on 3.1 s, the pace the 20-per-minute limit allows indefinitely.
const generate = (cardId: string, body: unknown, token = alex) =>
  t.clock.advance(3_100) && t.request('POST', `/api/v1/me/access/cards/${cardId}/generate`, { token, body });
const pick = (cardId: string, code: unknown, token = alex) =>
  t.clock.advance(3_100) && t.request('POST', `/api/v1/me/access/cards/${cardId}/pick`, { token, body: { code } });
const setSettings = (body: Record<string, unknown>) =>
  t.request('PATCH', '/api/v1/community/settings', { token: manager, body });

describe('GET /me/access', () => {
  it('shows a Home card for the unit door and a Community card for the community doors and amenities', async () => {
    const { home, community } = await cardsOf(t, alex);
    expect(home.code).toMatch(/^\d{4}$/);
    expect(home.origin).toBe('generated');
    expect(home.doors.map((d) => [d.name, d.kind, d.connectivity])).toEqual([
      ['Unit 101 Front Door', 'unit_door', 'hub'],
    ]);
    expect(community.doors.map((d) => d.name)).toEqual(['Lobby', 'Main Gate', 'Pool']);
    expect(community.doors.map((d) => d.kind)).toEqual(['community_door', 'community_door', 'amenity']);
    expect(home.allowed).toEqual({ generateLengths: [4], pickLengths: [4] });
    expect(community.allowed).toEqual({ generateLengths: [4], pickLengths: [] });
  });

  it('shows hub doors active once the locks confirmed the codes, and a Bluetooth door pending until a phone comes', async () => {
    const { home, community } = await settledCards(t, alex);
    for (const door of [...home.doors, ...community.doors])
      expect([door.status, door.reason]).toEqual(['active', null]);
    const blair = await cardsOf(t, await t.login(BLAIR));
    expect(blair.home.doors).toMatchObject([
      { connectivity: 'bluetooth', status: 'pending', reason: 'awaiting_phone' },
    ]);
  });

  it("shows Blair's Bluetooth front door", async () => {
    const { home } = await cardsOf(t, await t.login(BLAIR));
    expect(home.doors).toMatchObject([{ name: 'Unit 102 Front Door', connectivity: 'bluetooth' }]);
  });

  it('gives managers (no lease) no cards, and refuses anonymous callers', async () => {
    const response = await t.request('GET', '/api/v1/me/access', { token: manager });
    expect(response.json()).toEqual({ cards: [] });
    const anonymous = await t.request('GET', '/api/v1/me/access');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('unauthenticated');
    const forged = await t.request('GET', '/api/v1/me/access', { token: 'kws_not-a-real-token' });
    expect(forged.json().error.code).toBe('unauthenticated');
  });
});

describe('Generate a Code', () => {
  it('gives a new random 4-digit code (202) and keeps it', async () => {
    const { home } = await cardsOf(t, alex);
    const response = await generate(home.id, { length: 4 });
    expect(response.statusCode).toBe(202);
    const card = response.json().card;
    const newCode = card.pendingCode ?? card.code;
    expect(newCode).toMatch(/^\d{4}$/);
    expect(card.origin).toBe('generated');
    expect((await settledCards(t, alex)).home.code).toBe(newCode);
  });

  it('refuses 6 digits while the community has 6-digit codes off, and lengths that never exist', async () => {
    const { home } = await cardsOf(t, alex);
    for (const length of [6, 5, 0, 8]) {
      const response = await generate(home.id, { length });
      expect(response.statusCode).toBe(422);
      expect(response.json().error).toMatchObject({ code: 'pin_length_not_allowed', details: { allowed: [4] } });
    }
  });

  it('refuses a malformed body with invalid_request', async () => {
    const { home } = await cardsOf(t, alex);
    for (const body of [{}, { length: '4' }, { length: 4.5 }, { length: null }, []]) {
      const response = await generate(home.id, body);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('invalid_request');
    }
  });

  it("answers not_found for a card that is not the caller's, without changing it", async () => {
    const blair = await t.login(BLAIR);
    const blairsBefore = await cardsOf(t, blair);
    const response = await generate(blairsBefore.home.id, { length: 4 });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
    expect((await cardsOf(t, blair)).home.code).toBe(blairsBefore.home.code);
    expect((await generate('00000000-0000-4000-8000-000000000000', { length: 4 })).json().error.code).toBe('not_found');
    expect((await generate('not-a-uuid', { length: 4 })).json().error.code).toBe('invalid_request');
  });
});

describe('Pick a Code', () => {
  it.each([
    ['1111', 'pin_repeated_digit'],
    ['0000', 'pin_repeated_digit'],
    ['1234', 'pin_sequential'],
    ['5432', 'pin_sequential'],
    ['12a4', 'pin_not_digits'],
    ['١٢٣٤', 'pin_not_digits'],
    ['１２３４', 'pin_not_digits'],
    [' 1234', 'pin_not_digits'],
    ['+123', 'pin_not_digits'],
    ['-123', 'pin_not_digits'],
    ['12345', 'pin_length_not_allowed'],
    ['123', 'pin_length_not_allowed'],
    ['', 'pin_length_not_allowed'],
    ['135790', 'pin_length_not_allowed'],
  ])('refuses %j with %s', async (code, errorCode) => {
    const { home } = await cardsOf(t, alex);
    const response = await pick(home.id, code);
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe(errorCode);
    expect(response.body).not.toContain(`"${code}"`);
    expect((await cardsOf(t, alex)).home.code).toBe(home.code);
  });

  it('refuses a PIN sent as a number (leading zeros would be lost)', async () => {
    const { home } = await cardsOf(t, alex);
    const response = await pick(home.id, 2580);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_request');
  });

  it('accepts a valid custom code, keeping leading zeros, and 7890 / 2109 which only look like runs', async () => {
    const { home } = await cardsOf(t, alex);
    for (const code of ['0429', '7890', '2109']) {
      const response = await pick(home.id, code);
      expect(response.statusCode).toBe(202);
      const card = response.json().card;
      expect([card.pendingCode ?? card.code, card.origin]).toEqual([code, 'custom']);
    }
    expect((await settledCards(t, alex)).home.code).toBe('2109');
  });

  it('is never allowed on the Community card', async () => {
    const { community } = await cardsOf(t, alex);
    const response = await pick(community.id, '2580');
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('custom_code_not_allowed_here');
  });
});

describe('community settings drive what residents may do', () => {
  it('with 6-digit codes on: 135790 can be picked, 456789 cannot, and generate offers 6 digits', async () => {
    expect((await setSettings({ sixDigitCodes: true })).statusCode).toBe(200);
    const { home, community } = await cardsOf(t, alex);
    expect(home.allowed).toEqual({ generateLengths: [4, 6], pickLengths: [4, 6] });
    expect(community.allowed).toEqual({ generateLengths: [4, 6], pickLengths: [] });
    const picked = (await pick(home.id, '135790')).json().card;
    expect(picked.pendingCode ?? picked.code).toBe('135790');
    const sequential = await pick(home.id, '456789');
    expect(sequential.statusCode).toBe(422);
    expect(sequential.json().error.code).toBe('pin_sequential');
    const six = await generate(community.id, { length: 6 });
    expect(six.statusCode).toBe(202);
    expect(six.json().card.pendingCode ?? six.json().card.code).toMatch(/^\d{6}$/);
  });

  it('with common-PIN blocking on, 2580 is refused with pin_common; off, it is accepted', async () => {
    const { home } = await cardsOf(t, alex);
    await setSettings({ blockCommonPins: true });
    const refused = await pick(home.id, '2580');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('pin_common');
    await setSettings({ blockCommonPins: false });
    expect((await pick(home.id, '2580')).statusCode).toBe(202);
  });

  it('with custom codes off, picking is refused with custom_codes_disabled and the card offers no pick lengths', async () => {
    await setSettings({ customCodes: false });
    const { home } = await cardsOf(t, alex);
    expect(home.allowed.pickLengths).toEqual([]);
    const response = await pick(home.id, '3580');
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('custom_codes_disabled');
    await setSettings({ customCodes: true });
  });
});
