import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALEX, BLAIR, cardsOf, MANAGER, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

let t: TestKeyway;
let alex: string;
let roommate: string;

beforeAll(async () => {
  t = await startTestKeyway();
  const manager = await t.login(MANAGER);
  await t.request('PATCH', '/api/v1/community/settings', { token: manager, body: { sixDigitCodes: true } });
  const movedIn = await t.request('POST', '/api/v1/residents', {
    token: manager,
    body: {
      name: 'Casey Roommate',
      email: 'casey@maplecourt.example',
      unit: '101',
      moveIn: '2026-01-01',
      password: 'casey-password',
    },
  });
  expect(movedIn.statusCode).toBe(201);
  alex = await t.login(ALEX);
  roommate = await t.login('casey@maplecourt.example', 'casey-password');
});
afterAll(() => t.close());

const pick = (token: string, cardId: string, code: string) => {
  t.clock.advance(3_100);
  return t.request('POST', `/api/v1/me/access/cards/${cardId}/pick`, { token, body: { code } });
};

describe('uniqueness on a shared lock (roommates share the unit door)', () => {
  it("refuses a code equal to the roommate's with code_conflict, revealing nothing about whose it is", async () => {
    const alexHome = (await cardsOf(t, alex)).home;
    const caseyHome = (await cardsOf(t, roommate)).home;
    expect((await pick(alex, alexHome.id, '2580')).statusCode).toBe(202);
    const response = await pick(roommate, caseyHome.id, '2580');
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('code_conflict');
    expect(response.body).not.toMatch(/alex|Alex/);
    expect((await cardsOf(t, roommate)).home.code).toBe(caseyHome.code);
  });

  it('refuses a 6-digit code that starts with a 4-digit code on the same lock, and the reverse', async () => {
    const caseyHome = (await cardsOf(t, roommate)).home;
    expect((await pick(roommate, caseyHome.id, '258013')).json().error.code).toBe('code_conflict');
    expect((await pick(roommate, caseyHome.id, '314159')).statusCode).toBe(202);
    const alexHome = (await cardsOf(t, alex)).home;
    expect((await pick(alex, alexHome.id, '3141')).json().error.code).toBe('code_conflict');
  });

  it('allows two 6-digit codes that only share their first four digits', async () => {
    const alexHome = (await cardsOf(t, alex)).home;
    expect((await pick(alex, alexHome.id, '314160')).statusCode).toBe(202);
  });

  it('lets a resident re-pick their own code (it overwrites their own slot)', async () => {
    const alexHome = (await cardsOf(t, alex)).home;
    expect((await pick(alex, alexHome.id, alexHome.code)).statusCode).toBe(202);
  });

  it('a code on other doors only does not conflict (different locks)', async () => {
    const blair = await t.login(BLAIR);
    const blairHome = (await cardsOf(t, blair)).home;
    const alexHome = (await cardsOf(t, alex)).home;
    expect((await pick(blair, blairHome.id, alexHome.code)).statusCode).toBe(202);
  });
});

describe('generated codes never collide on shared locks', () => {
  it('concurrent generations on the shared community doors all get distinct, prefix-free codes', async () => {
    const people = [alex, roommate, await t.login(BLAIR)];
    const cards = await Promise.all(
      people.map(async (token) => ({ token, card: (await cardsOf(t, token)).community })),
    );
    const rounds = 4;
    for (let round = 0; round < rounds; round++) {
      t.clock.advance(3_100);
      const responses = await Promise.all(
        cards.map(({ token, card }) =>
          t.request('POST', `/api/v1/me/access/cards/${card.id}/generate`, {
            token,
            body: { length: round % 2 ? 6 : 4 },
          }),
        ),
      );
      for (const r of responses) expect(r.statusCode).toBe(202);
      const codes = responses.map((r) => (r.json().card.pendingCode ?? r.json().card.code) as string);
      for (const a of codes) for (const b of codes) if (a !== b) expect(b.startsWith(a)).toBe(false);
      expect(new Set(codes).size).toBe(codes.length);
    }
  });
});
