/**
 * Keypad use on a Bluetooth door reaches the activity log when a phone uploads the lock's receipt (the lock
 * has no network of its own): once, in plain words, "Your code" for its holder; a re-upload adds nothing; a
 * use before a move-out is still the resident's even when the same receipt carries the code's removal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLAIR, MANAGER, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

interface Entry {
  type: string;
  text: string;
  who: string | null;
  lockId: string | null;
}

let t: TestKeyway;
let manager: string;
let blair: string;
let blairCode: string;
let blairId: string;
let door: string;

beforeAll(async () => {
  t = await startTestKeyway();
  manager = await t.login(MANAGER);
  blair = await t.login(BLAIR);
  const locks = (await t.request('GET', '/api/v1/sim/locks', { token: manager })).json().locks as {
    lockId: string;
    name: string;
  }[];
  door = locks.find((l) => l.name === 'Unit 102 Front Door')?.lockId ?? '';
  const residents = (await t.request('GET', '/api/v1/residents', { token: manager })).json().residents as {
    id: string;
    email: string;
    name: string;
  }[];
  blairId = residents.find((r) => r.email === BLAIR)?.id ?? '';
  expect((await t.request('POST', `/api/v1/sim/locks/${door}/phone-nearby`, { token: blair })).statusCode).toBe(200);
  const access = (await t.request('GET', '/api/v1/me/access', { token: blair })).json();
  blairCode = access.cards.find((c: { scope: string }) => c.scope === 'home').code;
});
afterAll(() => t?.close());

const keypad = async (pin: string) =>
  (await t.request('POST', `/api/v1/sim/locks/${door}/keypad`, { token: manager, body: { code: pin } })).json()
    .unlocked as boolean;
const keypadEntries = async (token: string, path: string) =>
  ((await t.request('GET', path, { token })).json().activity as Entry[]).filter(
    (e) => e.lockId === door && (e.type === 'lock.opened' || e.type === 'lock.code_refused'),
  );

/** A phone fetches the bundle, the lock applies it and answers; the receipt is returned, not yet uploaded. */
const visit = async (token: string) => {
  const bundle = (await t.request('GET', `/api/v1/me/locks/${door}/bundle`, { token })).json();
  const lock = t.keyway.sim?.bluetoothLock(door);
  if (!lock) throw new Error('no simulated Bluetooth lock');
  return lock.deliver({ lockId: bundle.lockId, counter: bundle.counter, sealed: bundle.sealed });
};
const upload = (token: string, receipt: unknown) =>
  t.request('POST', `/api/v1/me/locks/${door}/receipt`, { token, body: receipt });

describe('keypad use on a Bluetooth door', () => {
  it('appears once the phone uploads the lock log, in the holder’s own words, and a re-upload adds nothing', async () => {
    expect(await keypad(blairCode)).toBe(true);
    expect(await keypad('0000')).toBe(false);
    expect(await keypadEntries(manager, '/api/v1/activity')).toEqual([]); // still only in the lock's memory

    const receipt = await visit(blair);
    expect((await upload(blair, receipt)).statusCode).toBe(200);

    const mine = await keypadEntries(blair, '/api/v1/me/activity');
    expect(mine.filter((e) => e.type === 'lock.opened')).toEqual([
      expect.objectContaining({ text: 'Your code opened Unit 102 Front Door', who: 'You' }),
    ]);
    const all = await keypadEntries(manager, '/api/v1/activity');
    expect(all.map((e) => e.text)).toEqual([
      'A wrong code was entered at Unit 102 Front Door',
      expect.stringMatching(/^Blair .+'s code opened Unit 102 Front Door$/),
    ]);

    const again = await upload(blair, receipt);
    expect(again.statusCode).toBe(422);
    expect(again.json().error.code).toBe('receipt_rejected');
    expect(await keypadEntries(manager, '/api/v1/activity')).toHaveLength(2);
  });

  it('a use before the move-out stays the resident’s when the removal comes back in the same receipt', async () => {
    t.clock.advance(60_000); // a later use (the test clock stands still otherwise)
    expect(await keypad(blairCode)).toBe(true);
    expect((await t.request('POST', `/api/v1/residents/${blairId}/move-out`, { token: manager })).statusCode).toBe(200);
    const receipt = await visit(manager); // a staff or manager phone carries the removal
    expect((await upload(manager, receipt)).statusCode).toBe(200);
    const opened = (await keypadEntries(manager, '/api/v1/activity')).filter((e) => e.type === 'lock.opened');
    expect(opened).toHaveLength(2);
    expect(opened[0]?.text).toMatch(/^Blair .+'s code opened Unit 102 Front Door$/);
    expect(
      t.keyway.sim
        ?.bluetoothLock(door)
        ?.slots()
        .map((s) => s.code),
    ).not.toContain(blairCode);
  });
});
