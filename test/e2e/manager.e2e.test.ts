/**
 * The manager console in a real browser against a whole Keyway (demo community, simulated locks with
 * 30–80 ms radio latency): community settings reach residents, move-in and move-out with per-lock
 * removal progress, lock fleet health, the activity log, and the demo panel — virtual keypads, hubs
 * unplugged and the simulated clock.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DESKTOP, type E2E, startE2E } from './browserHarness.ts';

const MANAGER = 'manager@maplecourt.example';
const ALEX = 'alex@maplecourt.example';
const SLOW = { timeout: 60_000 };
const WAIT = { timeout: 30_000 };

let e: E2E;
let desk: Page;

beforeAll(async () => {
  e = await startE2E({ latency: '30-80' });
}, 120_000);
afterAll(async () => {
  await e?.close();
});

const nav = (p: Page, name: string) =>
  p.getByRole('navigation', { name: 'Manager console' }).getByRole('button', { name, exact: true });
const openPage = async (p: Page, name: string) => {
  // On a phone the pages sit behind the Menu button.
  const menu = p.getByRole('navigation', { name: 'Manager console' }).getByRole('button', { name: /^Menu/ });
  await p.getByRole('navigation', { name: 'Manager console' }).waitFor(WAIT);
  if (await menu.isVisible()) await menu.click();
  await nav(p, name).click();
  // (The phone's menu has closed again: look among hidden buttons too.)
  const chosen = p
    .getByRole('navigation', { name: 'Manager console' })
    .getByRole('button', { name, exact: true, includeHidden: true });
  expect(await chosen.getAttribute('aria-current')).toBe('page');
};
const row = (p: Page, text: string) => p.getByRole('row').filter({ hasText: text });
const keypad = (p: Page, door: string) => p.getByRole('region', { name: `${door} keypad` });

interface CardJson {
  scope: string;
  code: string;
  allowed: { generateLengths: number[] };
}

async function alexHomeCard(): Promise<CardJson> {
  const token = await e.t.login(ALEX);
  const cards = (await e.t.request('GET', '/api/v1/me/access', { token })).json<{ cards: CardJson[] }>().cards;
  const home = cards.find((c) => c.scope === 'home');
  if (!home) throw new Error('alex has no home card');
  return home;
}

async function typeCode(p: Page, door: string, code: string): Promise<void> {
  const pad = keypad(p, door);
  for (const digit of code) await pad.getByRole('button', { name: digit, exact: true }).click();
  await expect.poll(() => pad.locator('output').textContent()).toBe(code);
  await pad.getByRole('button', { name: 'Enter', exact: true }).click();
}

it('signs the manager in to the console: Settings, Residents, Locks, Activity, Demo and Sign out', SLOW, async () => {
  desk = await e.newPage(DESKTOP);
  await e.signIn(desk, MANAGER);
  for (const name of ['Settings', 'Residents', 'Locks', 'Activity', 'Demo', 'Sign out'])
    await nav(desk, name).waitFor(WAIT);
  expect(await nav(desk, 'Settings').getAttribute('aria-current')).toBe('page');
});

it(
  'Settings: turning on 6-digit codes saves only that change, and residents may then choose 6 digits',
  SLOW,
  async () => {
    await openPage(desk, 'Settings');
    const sixDigits = desk.getByRole('checkbox', { name: '6-digit codes' });
    expect(await sixDigits.isChecked()).toBe(false); // the demo starts with 6-digit codes off
    await desk
      .getByText('Residents can pick their own home code. Community doors always use generated codes.')
      .waitFor();
    const patches: string[] = [];
    desk.on('request', (r) => {
      if (r.method() === 'PATCH' && r.url().endsWith('/api/v1/community/settings')) patches.push(r.postData() ?? '');
    });
    await sixDigits.check();
    await desk.getByRole('button', { name: 'Save', exact: true }).click();
    await desk.getByRole('status').filter({ hasText: 'Saved' }).waitFor(WAIT);
    expect(patches.map((b) => JSON.parse(b) as unknown)).toEqual([{ sixDigitCodes: true }]);
    await e.screenshot(desk, 'manager-settings-desktop');

    // The rule reaches the resident: the server now offers alex 6-digit codes…
    expect((await alexHomeCard()).allowed.generateLengths).toEqual([4, 6]);
  },
);

// UI assertion against the resident app (built alongside the console): Generate a Code offers 6 digits.
it('…and alex sees "6 digit" under Access code settings → Generate a Code', SLOW, async () => {
  const phone = await e.newPage();
  await e.signIn(phone, ALEX);
  const home = phone.getByRole('region', { name: 'Home', exact: true });
  await home.getByRole('button', { name: 'Access code settings' }).click(WAIT);
  await phone.getByRole('menuitem', { name: 'Generate a Code' }).click();
  const dialog = phone.getByRole('dialog', { name: 'Generate a Code' });
  await dialog.getByRole('radio', { name: '6 digits' }).waitFor(WAIT);
  await dialog.getByRole('radio', { name: '4 digits' }).waitFor();
  await phone.context().close();
});

it('Residents: search, then move in a new resident who appears in the table', SLOW, async () => {
  await openPage(desk, 'Residents');
  await row(desk, 'Alex Kim').waitFor(WAIT);
  await desk.getByLabel('Search residents').fill('102');
  await row(desk, 'Blair Okafor').waitFor();
  expect(await row(desk, 'Alex Kim').count()).toBe(0);
  await desk.getByLabel('Search residents').fill('');

  await desk.getByRole('button', { name: 'Move in a resident' }).click();
  const form = desk.getByRole('form', { name: 'Move in a resident' });
  await form.getByLabel('Name').fill('Casey Lindqvist');
  await form.getByLabel('Email').fill('casey@maplecourt.example');
  await form.getByLabel('Unit').fill('101');
  await form.getByLabel('Move-in date').fill('2026-01-15');
  await form.getByLabel('Password (optional)').fill('casey-password');
  await form.getByRole('button', { name: 'Move in', exact: true }).click();
  await desk.getByRole('status').filter({ hasText: 'Casey Lindqvist moved in to unit 101.' }).waitFor(WAIT);
  const casey = row(desk, 'Casey Lindqvist');
  await casey.getByText('casey@maplecourt.example').waitFor();
  await casey.getByText('Current').waitFor();
  await e.screenshot(desk, 'manager-residents-desktop');
});

it('Residents: moving out shows each lock letting go of the codes until all are removed', SLOW, async () => {
  await row(desk, 'Casey Lindqvist').getByRole('button', { name: 'Move out Casey Lindqvist' }).click();
  const confirm = desk.getByRole('alertdialog', { name: 'Move out Casey Lindqvist?' });
  await confirm.getByRole('button', { name: 'Yes, move out' }).click();
  const progress = desk.getByRole('list', { name: 'Removal progress for Casey Lindqvist' });
  await progress.getByRole('listitem').filter({ hasText: 'Unit 101 Front Door' }).waitFor(WAIT);
  await progress.getByRole('listitem').filter({ hasText: 'Main Gate' }).waitFor();
  await desk.getByRole('status').filter({ hasText: 'All codes removed from every lock.' }).waitFor(WAIT);
  for (const item of await progress.getByRole('listitem').all()) expect(await item.textContent()).toContain('Removed');
  await desk.getByRole('button', { name: 'Back to residents' }).click();
  // Moved out now: "Moved out" in a neutral chip the same day, never the green "current" one.
  const chip = row(desk, 'Casey Lindqvist').getByText('Moved out');
  await chip.waitFor(WAIT);
  expect(await chip.getAttribute('class')).toBe('chip past');
});

it('Locks: the fleet table shows Main Gate online, with battery and latency charts', SLOW, async () => {
  await openPage(desk, 'Locks');
  await row(desk, 'Main Gate').getByText('Online', { exact: true }).waitFor(WAIT);
  await row(desk, 'Main Gate').getByText('Building hub').waitFor();
  await desk.getByRole('img', { name: /Battery per lock/ }).waitFor();
  await desk.getByRole('img', { name: /Sync latency per lock/ }).waitFor();
  await desk
    .getByText('Codes on this lock that Keyway did not set; Keyway never overwrites them', { exact: false })
    .waitFor();
  await e.screenshot(desk, 'manager-locks-desktop');
});

it('Demo (phone): the keypad opens the door with alex’s home code and refuses a wrong one', SLOW, async () => {
  const phone = await e.newPage();
  await e.signIn(phone, MANAGER);
  await openPage(phone, 'Demo');
  await keypad(phone, 'Unit 101 Front Door').waitFor(WAIT);

  const { code } = await alexHomeCard();
  await typeCode(phone, 'Unit 101 Front Door', code);
  await keypad(phone, 'Unit 101 Front Door').getByRole('status').filter({ hasText: 'Door opened' }).waitFor(WAIT);

  // A code that no slot of the lock holds.
  const manager = await e.t.login(MANAGER);
  const sim = (await e.t.request('GET', '/api/v1/sim/locks', { token: manager })).json<{
    locks: { lockId: string; name: string }[];
  }>().locks;
  const unitDoor = sim.find((l) => l.name === 'Unit 101 Front Door');
  const slots = (await e.t.request('GET', `/api/v1/sim/locks/${unitDoor?.lockId}`, { token: manager })).json<{
    slots: { code: string }[];
  }>().slots;
  const wrong = ['0000', '9999', '5555', '2222'].find((c) => !slots.some((s) => s.code === c)) ?? '0000';
  await typeCode(phone, 'Unit 101 Front Door', wrong);
  await keypad(phone, 'Unit 101 Front Door').getByRole('status').filter({ hasText: 'Code refused' }).waitFor(WAIT);
  await e.screenshot(phone, 'manager-demo-mobile');

  // The clock moves forward.
  const clock = phone.getByRole('region', { name: 'Clock' }).locator('time');
  const before = await clock.getAttribute('datetime');
  await phone.getByRole('button', { name: '+1 hour' }).click();
  await expect
    .poll(async () => Date.parse((await clock.getAttribute('datetime')) ?? '') - Date.parse(before ?? ''), WAIT)
    .toBeGreaterThanOrEqual(3_600_000);

  // Unplug the unit hub: the Locks page shows it offline.
  await phone.getByRole('button', { name: 'Unplug Unit 101 hub' }).click();
  await phone.getByRole('button', { name: 'Replug Unit 101 hub' }).waitFor(WAIT);
  await openPage(phone, 'Locks');
  await row(phone, 'Unit 101 Front Door').getByText('Offline', { exact: true }).waitFor(WAIT);
  expect(await row(phone, 'Main Gate').getByText('Online', { exact: true }).count()).toBe(1);
});

it('Activity: filters by type and door', SLOW, async () => {
  await openPage(desk, 'Activity');
  await desk.getByRole('table').waitFor(WAIT);
  const type = desk.getByLabel('Type', { exact: true });
  const door = desk.getByLabel('Door', { exact: true });
  await type.selectOption({ label: 'Wrong code' });
  await row(desk, 'Unit 101 Front Door').first().waitFor(WAIT);
  await type.selectOption({ label: 'Door opened' });
  await door.selectOption({ label: 'Unit 101 Front Door' });
  await row(desk, 'Unit 101 Front Door').first().waitFor(WAIT);
  await door.selectOption({ label: 'Main Gate' });
  await desk.getByText('Nothing matches these filters.').waitFor(WAIT);
  await type.selectOption({ label: 'Hubs' });
  await door.selectOption({ label: 'All doors' });
  await row(desk, 'offline').first().waitFor(WAIT);
});

it(
  'Staff codes: a vendor code is shown once, then masked; Reveal shows the digits; Revoke asks first. Units lists who lives where',
  SLOW,
  async () => {
    await openPage(desk, 'Staff codes');
    await desk.getByRole('table').waitFor(WAIT);
    await desk.getByRole('button', { name: 'Create a code' }).click();
    const form = desk.getByRole('form', { name: 'Create a staff or vendor code' });
    await form.getByLabel('Name').fill('Pool service');
    await form.getByLabel('Kind').selectOption({ label: 'Vendor' });
    await form.getByRole('button', { name: 'Create code', exact: true }).click();

    // The full code, once.
    const once = desk.getByRole('region', { name: 'New vendor code for Pool service' });
    await once.getByText('Share it with Pool service now', { exact: false }).waitFor(WAIT);
    const code = (await once.locator('code').textContent()) ?? '';
    expect(code).toMatch(/^\d{4,6}$/);
    await desk.getByRole('status').filter({ hasText: 'Vendor code for Pool service created.' }).waitFor();

    // The list shows it masked.
    const pool = row(desk, 'Pool service');
    await pool.getByText('Vendor', { exact: true }).waitFor(WAIT);
    await expect.poll(() => pool.locator('code').textContent()).toBe('•'.repeat(code.length));
    expect(await pool.textContent()).not.toContain(code);
    await pool.getByText('Main Gate').waitFor();
    await once.getByRole('button', { name: 'Done' }).click();
    expect(await once.count()).toBe(0);

    // Reveal shows the digits (and says it is recorded).
    await desk.getByText('Revealing is recorded in the activity log', { exact: false }).first().waitFor();
    await pool.getByRole('button', { name: 'Reveal code for Pool service' }).click();
    await expect.poll(() => pool.locator('code').textContent(), WAIT).toBe(code);
    await e.screenshot(desk, 'manager-staff-codes-desktop');

    // Revoke, after an on-page confirmation.
    await pool.getByRole('button', { name: 'Revoke code for Pool service' }).click();
    const confirm = desk.getByRole('alertdialog', { name: 'Revoke the code for Pool service?' });
    await confirm.getByRole('button', { name: 'Yes, revoke' }).click();
    await pool.getByText('Revoked', { exact: true }).waitFor(WAIT);
    expect(await pool.getByRole('button', { name: 'Reveal code for Pool service' }).count()).toBe(0);
    expect(await pool.locator('code').textContent()).toBe('•'.repeat(code.length));

    // Units: who lives where, and each unit's doors.
    await openPage(desk, 'Units');
    const unit = (name: string) =>
      desk.getByRole('row').filter({ has: desk.getByRole('rowheader', { name, exact: true }) });
    await unit('101').getByText('Alex Kim').waitFor(WAIT);
    await unit('101').getByText('Unit 101 Front Door').waitFor();
    await unit('102').getByText('Blair Okafor').waitFor();
    await unit('102').getByText('Bluetooth').waitFor();
    expect(await unit('101').getByText('Blair Okafor').count()).toBe(0);
    await e.screenshot(desk, 'manager-units-desktop');
  },
);
