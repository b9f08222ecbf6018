/**
 * A burst of wrong codes at a keypad, in a real browser: the manager console shows an alert banner (it appears
 * without a reload), and Dismiss removes it for good (recorded server-side: a new page does not show it again).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DESKTOP, type E2E, startE2E } from './browserHarness.ts';

const MANAGER = 'manager@maplecourt.example';
const SLOW = { timeout: 90_000 };
const WAIT = { timeout: 30_000 };

let e: E2E;

beforeAll(async () => {
  e = await startE2E({ latency: '5-20' });
}, 120_000);
afterAll(async () => {
  await e?.close();
});

it('a keypad burst shows an alert banner to the manager; Dismiss removes it', SLOW, async () => {
  const manager = await e.t.login(MANAGER);
  const locks = (await e.t.request('GET', '/api/v1/sim/locks', { token: manager })).json<{
    locks: { lockId: string; name: string }[];
  }>().locks;
  const lockId = locks.find((l) => l.name === 'Lobby')?.lockId as string;

  const desk = await e.newPage(DESKTOP);
  await e.signIn(desk, MANAGER);
  await desk.getByRole('navigation', { name: 'Manager console' }).waitFor(WAIT);
  expect(await desk.getByRole('alert', { name: 'Alerts' }).count()).toBe(0);

  for (const code of ['9137', '2468', '1357', '8642', '9753']) {
    const typed = await e.t.request('POST', `/api/v1/sim/locks/${lockId}/keypad`, { token: manager, body: { code } });
    expect(typed.statusCode).toBe(200);
  }

  const banner = desk.getByRole('alert', { name: 'Alerts' });
  await banner.getByText('Someone entered 5 wrong codes at Lobby', { exact: false }).waitFor(WAIT);
  expect(await banner.textContent()).toMatch(/Keyway locked its keypad out for 5 minutes/);
  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await banner.waitFor({ state: 'detached', ...WAIT });

  const again = await e.newPage(DESKTOP);
  await e.signIn(again, MANAGER);
  await again.getByRole('navigation', { name: 'Manager console' }).waitFor(WAIT);
  // Give the banner's first load time to land: still nothing to show.
  await again.waitForTimeout(1_500);
  expect(await again.getByRole('alert', { name: 'Alerts' }).count()).toBe(0);
});
