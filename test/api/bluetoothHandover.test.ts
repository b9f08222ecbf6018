/**
 * The Bluetooth hop on its own (demo: POST /sim/locks/{lockId}/bluetooth), which lets a phone deliver at a door
 * with no signal: it hands over a bundle fetched earlier and takes the lock's receipt away. The lock alone decides
 * (a bundle it has seen, or older than one it has seen, is refused); the door turns active only when the receipt is
 * uploaded, however much later.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BLAIR, cardsOf, eventually, MANAGER, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

let t: TestKeyway;
let blair: string;
let manager: string;
let lockId: string;

beforeAll(async () => {
  t = await startTestKeyway();
  blair = await t.login(BLAIR);
  manager = await t.login(MANAGER);
  const locks = (await t.request('GET', '/api/v1/sim/locks', { token: blair })).json().locks as {
    lockId: string;
    name: string;
  }[];
  lockId = locks.find((l) => l.name === 'Unit 102 Front Door')?.lockId ?? '';
  await t.request('POST', `/api/v1/sim/locks/${lockId}/phone-nearby`, { token: blair }); // a delivered door
});
afterAll(() => t.close());

const fetchBundle = async () => {
  const response = await t.request('GET', `/api/v1/me/locks/${lockId}/bundle`, { token: blair });
  expect(response.statusCode).toBe(200);
  const { lockId: id, counter, sealed } = response.json();
  return { lockId: id as string, counter: counter as number, sealed: sealed as string };
};
const handOver = (bundle: { lockId: string; counter: number; sealed: string }) =>
  t.request('POST', `/api/v1/sim/locks/${lockId}/bluetooth`, { token: blair, body: bundle });
const lockHolds = async (code: string) =>
  ((await t.request('GET', `/api/v1/sim/locks/${lockId}`, { token: manager })).json().slots as { code: string }[]).some(
    (s) => s.code === code,
  );
const doorStatus = async () => (await cardsOf(t, blair)).home.doors[0]?.status;

async function pickCode(code: string): Promise<void> {
  t.clock.advance(3_100);
  const home = (await cardsOf(t, blair)).home;
  const response = await t.request('POST', `/api/v1/me/access/cards/${home.id}/pick`, { token: blair, body: { code } });
  expect(response.statusCode).toBe(202);
  await eventually(async () =>
    (await cardsOf(t, blair)).home.doors[0]?.reason === 'awaiting_phone' ? true : undefined,
  );
}

it('applies a bundle fetched earlier and returns the receipt; the door turns active only when it is uploaded', async () => {
  await pickCode('6041');
  const bundle = await fetchBundle(); // "while online"
  const handover = await handOver(bundle);
  expect(handover.statusCode).toBe(200);
  const receipt = handover.json();
  expect(receipt).toMatchObject({ lockId, counter: bundle.counter });
  expect(JSON.stringify(receipt)).not.toContain('6041'); // the slot list inside is sealed for Keyway
  expect(await lockHolds('6041')).toBe(true);
  expect(await doorStatus()).toBe('pending');

  t.clock.advance(60 * 60_000); // an hour later, back online
  const upload = await t.request('POST', `/api/v1/me/locks/${lockId}/receipt`, { token: blair, body: receipt });
  expect(upload.statusCode).toBe(200);
  expect(await doorStatus()).toBe('active');
  expect((await cardsOf(t, blair)).home).toMatchObject({ code: '6041', pendingCode: null });
});

it('the lock refuses a bundle it has seen, one older than it has seen, and one not sealed for it', async () => {
  await pickCode('7052');
  const older = await fetchBundle();
  const newer = await fetchBundle(); // each fetch supersedes the last: a phone's prefetch made stale
  expect(newer.counter).toBeGreaterThan(older.counter);
  expect((await handOver(newer)).statusCode).toBe(200);
  for (const [what, bundle] of [
    ['replayed', newer],
    ['out of date', older],
    ['tampered', { ...newer, counter: newer.counter + 1, sealed: `${newer.sealed.slice(0, -4)}AAAA` }],
  ] as const) {
    const refused = await handOver(bundle);
    expect([refused.statusCode, refused.json().error.code], what).toEqual([409, 'conflict_state']);
  }
});

it('is the demo community’s only, and for Bluetooth locks only', async () => {
  const locks = (await t.request('GET', '/api/v1/sim/locks', { token: blair })).json().locks as {
    lockId: string;
    connectivity: string;
  }[];
  const hubLock = locks.find((l) => l.connectivity === 'hub');
  const bundle = await fetchBundle();
  const onHub = await t.request('POST', `/api/v1/sim/locks/${hubLock?.lockId}/bluetooth`, {
    token: blair,
    body: bundle,
  });
  expect([onHub.statusCode, onHub.json().error.code]).toEqual([400, 'invalid_request']);
  const anonymous = await t.request('POST', `/api/v1/sim/locks/${lockId}/bluetooth`, { body: bundle });
  expect(anonymous.statusCode).toBe(401);
});
