/** Issue 14 item 11: a burst of wrong codes at one keypad raises one alert in the manager's activity. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyLockEvent } from '../../src/sync/applyLockReports.ts';
import { MANAGER, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

let t: TestKeyway;
let manager: string;
let gate: string;
let lobby: string;

beforeAll(async () => {
  t = await startTestKeyway();
  manager = await t.login(MANAGER);
  const locks = (await t.request('GET', '/api/v1/sim/locks', { token: manager })).json().locks as {
    lockId: string;
    name: string;
  }[];
  gate = locks.find((l) => l.name === 'Main Gate')?.lockId as string;
  lobby = locks.find((l) => l.name === 'Lobby')?.lockId as string;
}, 180_000);
afterAll(async () => {
  await t.close();
});

/** A keypad report as the lock's hub would send it (null hub: the lock named by its id). */
const wrongCode = (lockId: string, secondsLater = 1) => {
  t.clock.advance(secondsLater * 1000);
  return applyLockEvent(t.keyway.deps, null, {
    type: 'keypad',
    lockId,
    slot: null,
    unlocked: false,
    at: t.clock.now().toISOString(),
  });
};

const alerts = async () => {
  const response = await t.request('GET', '/api/v1/activity?type=lock.keypad_brute_force', { token: manager });
  expect(response.statusCode).toBe(200);
  return response.json().activity as { text: string; lockId: string | null; doorName: string | null }[];
};

describe('keypad brute force', () => {
  it('4 wrong codes are not an alert; the 5th within 2 minutes is, once', async () => {
    for (let i = 0; i < 4; i++) await wrongCode(gate, 20);
    expect(await alerts()).toHaveLength(0);
    await wrongCode(gate, 20);
    const [alert, ...rest] = await alerts();
    expect(rest).toHaveLength(0);
    expect(alert?.lockId).toBe(gate);
    expect(alert?.text).toMatch(/^Someone entered 5 wrong codes at Main Gate within 2 minutes/);
    // The burst goes on: still one alert, and other locks are counted on their own.
    for (let i = 0; i < 5; i++) await wrongCode(gate);
    for (let i = 0; i < 4; i++) await wrongCode(lobby);
    expect(await alerts()).toHaveLength(1);
  });

  it('wrong codes spread out are not a burst; a new burst 10 minutes later is a new alert', async () => {
    t.clock.advance(5 * 60_000);
    for (let i = 0; i < 5; i++) await wrongCode(lobby, 60);
    expect(await alerts()).toHaveLength(1);
    t.clock.advance(10 * 60_000);
    for (let i = 0; i < 5; i++) await wrongCode(gate);
    expect((await alerts()).map((a) => a.doorName)).toEqual(['Main Gate', 'Main Gate']);
  });
});
