/**
 * A resident whose lease has ended can change nothing, even before the lease sweep has caught up with the
 * move-out (their session still exists until it does): no guest code, no new code of their own. A guest code
 * made before the move-out is revoked by the move-out itself. The sweep is kept from running on its own here,
 * so the requests land in exactly that gap.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessCodes } from '../../src/store/schema.ts';
import { ALEX, BLAIR, cardsOf, MANAGER, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

let t: TestKeyway;
let manager: string;

beforeAll(async () => {
  // 10:00 in Chicago on 2026-06-15; the sweep runs only when asked (POST /sim/clock).
  t = await startTestKeyway({ now: new Date('2026-06-15T15:00:00Z'), sweepIntervalMs: 3_600_000 });
  manager = await t.login(MANAGER);
}, 400_000);
afterAll(() => t.close());

async function residentId(email: string): Promise<string> {
  const residents = (await t.request('GET', '/api/v1/residents', { token: manager })).json().residents as {
    id: string;
    email: string;
  }[];
  const found = residents.find((r) => r.email === email);
  if (!found) throw new Error(`no resident ${email}`);
  return found.id;
}

async function setMoveOut(email: string, moveOut: string): Promise<void> {
  const response = await t.request('PATCH', `/api/v1/residents/${await residentId(email)}`, {
    token: manager,
    body: { moveOut },
  });
  expect(response.statusCode, response.body).toBe(200);
}

const permanentCode = (token: string, name: string) =>
  t.request('POST', '/api/v1/me/guest-codes', { token, body: { type: 'permanent', name } });

async function guestCodeStatus(id: string): Promise<string | undefined> {
  const rows = await t.keyway.deps.db
    .select({ status: accessCodes.status })
    .from(accessCodes)
    .where(eq(accessCodes.id, id));
  return rows[0]?.status;
}

/** Runs the sweep now (the lease sweep with it), as the periodic sweep would. */
const sweep = () => t.request('POST', '/api/v1/sim/clock', { token: manager, body: { advanceMinutes: 0 } });

describe('a resident whose lease has ended', () => {
  it('move-out day after the move-out time: refused with 403 residency_ended; the earlier code is revoked', async () => {
    const settings = await t.request('PATCH', '/api/v1/community/settings', {
      token: manager,
      body: { moveOutTime: '11:00' },
    });
    expect(settings.statusCode, settings.body).toBe(200);
    const alex = await t.login(ALEX);
    await setMoveOut(ALEX, '2026-06-15');
    // 10:00 on the move-out day: still living there.
    const before = await permanentCode(alex, 'Before move-out');
    expect(before.statusCode, before.body).toBe(201);
    const beforeId = before.json().guestCode.id as string;
    const { home: card } = await cardsOf(t, alex);

    t.clock.advance(2 * 3_600_000); // 12:00: the lease ended at 11:00
    const after = await permanentCode(alex, 'After move-out');
    expect(after.statusCode, after.body).toBe(403);
    expect(after.json().error.code).toBe('residency_ended');
    const generate = await t.request('POST', `/api/v1/me/access/cards/${card.id}/generate`, {
      token: alex,
      body: { length: 4 },
    });
    expect(generate.statusCode).toBe(403);
    expect(generate.json().error.code).toBe('residency_ended');
    const revoke = await t.request('DELETE', `/api/v1/me/guest-codes/${beforeId}`, { token: alex });
    expect(revoke.json().error?.code).toBe('residency_ended');

    await sweep();
    expect(await guestCodeStatus(beforeId)).toBe('revoked');
    expect((await t.request('GET', '/api/v1/me/access', { token: alex })).statusCode).toBe(401);
  });

  it('a lease that ended yesterday (no move-out time): refused', async () => {
    await t.request('PATCH', '/api/v1/community/settings', { token: manager, body: { moveOutTime: null } });
    const blair = await t.login(BLAIR);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(t.clock.now());
    await setMoveOut(BLAIR, today);
    expect((await permanentCode(blair, 'On move-out day')).statusCode).toBe(201);
    const { home: card } = await cardsOf(t, blair);
    t.clock.advance(24 * 3_600_000); // the move-out day is over: the lease ended at midnight
    const response = await permanentCode(blair, 'A day later');
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('residency_ended');
    const pick = await t.request('POST', `/api/v1/me/access/cards/${card.id}/pick`, {
      token: blair,
      body: { code: '2580' },
    });
    expect(pick.json().error.code).toBe('residency_ended');
  });
});
