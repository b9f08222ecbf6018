/**
 * A manager connects the community's Seam workspace in a real browser (Seam's own fake server plays Seam and
 * the lock), puts a Seam lock on a door, and sees Keyway's codes arrive on it — with a wrong key refused plainly.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type SeamFake, startSeamFake } from '../cloud/seamFake.ts';
import { DESKTOP, type E2E, startE2E } from './browserHarness.ts';

const MANAGER = 'manager@maplecourt.example';
const SLOW = { timeout: 90_000 };
const WAIT = { timeout: 30_000 };

let seam: SeamFake;
let e: E2E;
let desk: Page;
let deviceId: string;
let lockTimer: NodeJS.Timeout | undefined;

beforeAll(async () => {
  seam = await startSeamFake();
  deviceId = seam.addLock('Gym Door');
  // The test plays the lock: a code Seam is setting lands on the device a moment later.
  lockTimer = setInterval(() => {
    void seam.codesOn(deviceId).then(
      (codes) => {
        for (const code of codes)
          if (code.status === 'setting')
            seam.db.updateAccessCode({ access_code_id: code.access_code_id, status: 'set' });
      },
      () => undefined,
    );
  }, 300);
  e = await startE2E({ env: { SEAM_ALLOW_CUSTOM_ENDPOINT: 'true', SEAM_POLL_SECONDS: '1' } });
}, 120_000);
afterAll(async () => {
  clearInterval(lockTimer);
  await e?.close();
  await seam?.stop();
});

it(
  'connects a workspace (a wrong key is refused), assigns a lock to a door, and shows the codes Keyway set',
  SLOW,
  async () => {
    desk = await e.newPage(DESKTOP);
    await e.signIn(desk, MANAGER);
    const nav = desk.getByRole('navigation', { name: 'Manager console' });

    // A door for the lock, from the Property page.
    await nav.getByRole('button', { name: 'Property', exact: true }).click();
    const doorForm = desk.getByRole('form', { name: 'Add a door' });
    await doorForm.getByLabel('Door name').fill('Gym');
    await doorForm.getByLabel('Kind').selectOption('amenity');
    await doorForm.getByRole('button', { name: 'Add door' }).click();
    await desk.getByRole('row').filter({ hasText: 'Gym' }).first().waitFor(WAIT);

    await nav.getByRole('button', { name: 'Cloud locks' }).click();
    const connect = desk.getByRole('form', { name: 'Connect a Seam workspace' });
    await connect.getByLabel('Seam API key').fill('seam_not_a_real_key');
    await connect.getByLabel(/Endpoint/).fill(seam.url);
    await connect.getByRole('button', { name: 'Connect' }).click();
    const refused = desk.getByRole('alert').filter({ hasText: /Seam did not accept/i });
    await refused.waitFor(WAIT);

    await connect.getByLabel('Seam API key').fill(seam.apiKey);
    await connect.getByRole('button', { name: 'Connect' }).click();
    await desk.getByText('connected', { exact: true }).waitFor(WAIT);

    const assign = desk.getByRole('form', { name: 'Assign Gym Door to a door' });
    await assign.getByLabel('Door').selectOption({ label: 'Gym' });
    await assign.getByRole('button', { name: 'Assign to door' }).click();
    await desk.getByRole('button', { name: 'Codes on this lock' }).click();
    // Every resident's community code goes to an amenity: the demo has two residents.
    // …and once the lock has them (Seam says set), nothing is said to be on its way any more.
    await desk.getByText('2 codes set by Keyway', { exact: true }).waitFor(WAIT);
    expect((await seam.codesOn(deviceId)).map((c) => c.status)).toEqual(['set', 'set']);
    // The key never comes back to the browser.
    expect(await desk.content()).not.toContain(seam.apiKey);
    await e.screenshot(desk, 'manager-cloud-locks-desktop');
  },
);
