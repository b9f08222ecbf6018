/**
 * The manager sets up a property in a real browser: a unit, its door, a hub (the one-time credentials and
 * command line, shown once), and a lock on that hub by address.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DESKTOP, type E2E, startE2E } from './browserHarness.ts';

const MANAGER = 'manager@maplecourt.example';
const SLOW = { timeout: 90_000 };
const WAIT = { timeout: 30_000 };

let e: E2E;
let desk: Page;

beforeAll(async () => {
  e = await startE2E({ latency: '10-30' });
}, 120_000);
afterAll(async () => {
  await e?.close();
});

const row = (p: Page, text: string) => p.getByRole('row').filter({ hasText: text });

it('adds a unit, a door, a hub (command line shown once) and a lock on that hub', SLOW, async () => {
  desk = await e.newPage(DESKTOP);
  await e.signIn(desk, MANAGER);
  const nav = desk.getByRole('navigation', { name: 'Manager console' });
  await nav.getByRole('button', { name: 'Property', exact: true }).click();

  const unitForm = desk.getByRole('form', { name: 'Add a unit' });
  await unitForm.getByLabel('Unit name').fill('E1');
  await unitForm.getByRole('button', { name: 'Add unit' }).click();
  await row(desk, 'E1').first().waitFor(WAIT);

  const doorForm = desk.getByRole('form', { name: 'Add a door' });
  await doorForm.getByLabel('Door name').fill('E1 Front Door');
  await doorForm.getByLabel('Unit', { exact: true }).selectOption({ label: 'E1' });
  await doorForm.getByRole('button', { name: 'Add door' }).click();
  await row(desk, 'E1 Front Door').waitFor(WAIT);

  const hubForm = desk.getByRole('form', { name: 'Register a hub' });
  await hubForm.getByLabel('Hub name').fill('E2E hub');
  await hubForm.getByRole('button', { name: 'Register hub' }).click();
  const panel = desk.getByRole('status', { name: 'New hub credentials' });
  await panel.waitFor(WAIT);
  expect(await panel.textContent()).toContain('shown only once');
  const command = (await panel.getByTestId('hub-command').textContent()) ?? '';
  expect(command).toMatch(
    /^MQTT_URL='mqtt:\/\/hub-[0-9a-f]{8}:[^@']+@[^']+' HUB_ID=[0-9a-f-]{36} HUB_DRIVER=simulated HUB_LOCKS=<lock-address> npm run hub$/,
  );
  await panel.getByRole('button', { name: 'I have saved it' }).click();
  await panel.waitFor({ state: 'detached', ...WAIT });
  expect(await desk.content()).not.toContain(command.split("'")[1] ?? 'none');
  const hubs = desk.getByRole('region', { name: 'Hubs' });
  await hubs.getByRole('row').filter({ hasText: 'E2E hub' }).waitFor(WAIT);
  expect(await hubs.getByRole('row').filter({ hasText: 'E2E hub' }).textContent()).toContain('Offline');

  await desk.getByRole('button', { name: 'Add a lock to E1 Front Door' }).click();
  const lockForm = desk.getByRole('form', { name: 'Lock for E1 Front Door' });
  await lockForm.getByLabel('Hub', { exact: true }).selectOption({ label: 'E2E hub' });
  await lockForm.getByLabel('Address on the hub').fill('e1-front');
  await lockForm.getByRole('button', { name: 'Add lock' }).click();
  const doorRow = row(desk, 'E1 Front Door').filter({ hasText: 'Unit door' });
  await expect.poll(() => doorRow.textContent(), WAIT).toContain('E2E hub · address e1-front');
  const hubRow = hubs.getByRole('row').filter({ hasText: 'E2E hub' });
  await expect.poll(async () => hubRow.textContent(), WAIT).toContain('E1 Front Door e1-front');
});

it(
  'renames a unit and a door in place: no browser dialog, Escape cancels, a refused name keeps the field',
  SLOW,
  async () => {
    const dialogs: string[] = [];
    desk.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.dismiss();
    });
    // Escape puts the button back, with focus on it, and changes nothing.
    await desk.getByRole('button', { name: 'Rename unit E1' }).click();
    const unitRename = desk.getByRole('form', { name: 'Rename unit E1' });
    const unitField = unitRename.getByLabel('New name for unit E1');
    expect(await unitField.evaluate((el) => el === document.activeElement)).toBe(true);
    await unitField.fill('E9');
    await unitField.press('Escape');
    await unitRename.waitFor({ state: 'detached', ...WAIT });
    expect(await desk.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Rename unit E1');

    // A name another unit has is refused with the server's reason; the field stays for a second try.
    await desk.getByRole('button', { name: 'Rename unit E1' }).click();
    await unitField.fill('101');
    await unitRename.getByRole('button', { name: 'Save' }).click();
    await desk.getByRole('region', { name: 'Units' }).getByRole('alert').waitFor(WAIT);
    expect(await unitRename.isVisible()).toBe(true);
    await unitField.fill('E2');
    await unitRename.getByRole('button', { name: 'Save' }).click();
    await row(desk, 'E2').first().waitFor(WAIT);
    await unitRename.waitFor({ state: 'detached', ...WAIT });

    await desk.getByRole('button', { name: 'Rename E1 Front Door' }).click();
    const doorRename = desk.getByRole('form', { name: 'Rename E1 Front Door' });
    await doorRename.getByLabel('New name for E1 Front Door').fill('E2 Front Door');
    await doorRename.getByRole('button', { name: 'Save' }).click();
    await row(desk, 'E2 Front Door').first().waitFor(WAIT);
    expect(dialogs).toEqual([]);
  },
);
