/**
 * The resident app in a real browser against a whole Keyway (demo community, simulated locks with
 * 30–80 ms radio latency): My Access with Generate a Code and Pick a Code, live per-door progress, the
 * truth checked on the simulated keypad; guest codes with their share page; and a Bluetooth door that
 * stays Pending until the phone delivers the change.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DESKTOP, type E2E, startE2E } from './browserHarness.ts';
import { homeCard, openCodeSettings, tab } from './residentScreens.ts';

const ALEX = 'alex@maplecourt.example';
const BLAIR = 'blair@maplecourt.example';
const SLOW = { timeout: 60_000 };
const WAIT = { timeout: 30_000 };

let e: E2E;
let page: Page;

beforeAll(async () => {
  e = await startE2E({ latency: '30-80' });
}, 120_000);
afterAll(async () => {
  await e?.close();
});

async function simLock(token: string, name: string): Promise<{ lockId: string }> {
  const locks = (await e.t.request('GET', '/api/v1/sim/locks', { token })).json<{
    locks: { lockId: string; name: string }[];
  }>().locks;
  const found = locks.find((l) => l.name === name);
  if (!found) throw new Error(`no simulated lock named ${name}`);
  return found;
}

async function keypadOpens(token: string, lockName: string, code: string): Promise<boolean> {
  const { lockId } = await simLock(token, lockName);
  return (await e.t.request('POST', `/api/v1/sim/locks/${lockId}/keypad`, { token, body: { code } })).json<{
    unlocked: boolean;
  }>().unlocked;
}

const doorRow = (scope: Locator, door: string) => scope.getByRole('listitem').filter({ hasText: door });

it('signs alex in to My Access: Home and Community cards with the code and each door', SLOW, async () => {
  page = await e.newPage();
  await e.signIn(page, ALEX);
  await page.getByRole('heading', { name: 'My Access' }).waitFor();
  await page.getByLabel(/^Show codes/).check(); // codes are masked unless the resident turns this on
  expect(await tab(page, 'Access').getAttribute('aria-current')).toBe('page');
  await page.getByRole('region', { name: 'Community', exact: true }).waitFor();
  await doorRow(homeCard(page), 'Unit 101 Front Door').getByText('Active', { exact: true }).waitFor(WAIT);
  expect(await homeCard(page).locator('.code').first().textContent()).toMatch(/^\d{4}$/);
  for (const door of ['Main Gate', 'Lobby', 'Pool']) {
    await doorRow(page.getByRole('region', { name: 'Community', exact: true }), door).waitFor();
  }
  await e.screenshot(page, 'resident-access-mobile');

  // The gear menu works from the keyboard: Enter opens it on its first item, arrows move, Escape returns.
  const gear = homeCard(page).getByRole('button', { name: 'Access code settings' });
  await gear.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('menuitem', { name: 'Generate a Code' }).waitFor();
  expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Generate a Code');
  await page.keyboard.press('ArrowDown');
  expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Pick a Code');
  await page.keyboard.press('Escape');
  expect(await page.getByRole('menu').count()).toBe(0);
  expect(await gear.evaluate((el) => el === document.activeElement)).toBe(true);
  expect(
    await page
      .getByRole('region', { name: 'Community', exact: true })
      .getByRole('button', { name: 'Access code settings' })
      .count(),
  ).toBe(1);
});

it(
  'Generate a Code → Generate (4 digits): the new code reaches the door, shown once the door is Active',
  SLOW,
  async () => {
    const dialog = await openCodeSettings(page, 'Generate a Code');
    expect(await dialog.getByRole('radio').count()).toBe(0); // 6-digit codes are off in the demo: nothing to choose
    await dialog.getByRole('button', { name: 'Generate', exact: true }).click();
    await dialog.getByText('Your new code is ready').waitFor(WAIT);
    const newCode = (await dialog.getByTestId('new-code').textContent()) ?? '';
    expect(newCode).toMatch(/^\d{4}$/);
    await doorRow(dialog, 'Unit 101 Front Door').getByText('Active', { exact: true }).waitFor();
    await e.screenshot(page, 'resident-generate-mobile');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => homeCard(page).locator('.code').first().textContent(), WAIT).toBe(newCode);
    await doorRow(homeCard(page), 'Unit 101 Front Door').getByText('Active', { exact: true }).waitFor();
    const alex = await e.t.login(ALEX);
    expect(await keypadOpens(alex, 'Unit 101 Front Door', newCode)).toBe(true);
  },
);

it(
  'Pick a Code explains a sequence before sending; a valid code becomes the code and opens the keypad',
  SLOW,
  async () => {
    const dialog = await openCodeSettings(page, 'Pick a Code');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    const input = dialog.getByLabel('New code');
    await input.fill('1234');
    await dialog.getByRole('button', { name: 'Update' }).click();
    await expect
      .poll(() => dialog.getByRole('alert').textContent())
      .toBe("Codes can't be a sequence like 1234 or 4321");
    await e.screenshot(page, 'resident-pick-mobile');
    await input.fill('7777');
    await expect.poll(() => dialog.getByRole('alert').textContent()).toBe("Codes can't repeat one number like 1111");
    await input.fill('38');
    await dialog.getByRole('button', { name: 'Update' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toBe('Use exactly 4 digits');

    await input.fill('3817');
    await dialog.getByRole('button', { name: 'Update' }).click();
    await dialog.getByText('Your new code is ready').waitFor(WAIT);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => homeCard(page).locator('.code').first().textContent(), WAIT).toBe('3817');
    await doorRow(homeCard(page), 'Unit 101 Front Door').getByText('Active', { exact: true }).waitFor();
    expect(await homeCard(page).textContent()).toContain('your own code');
    const alex = await e.t.login(ALEX);
    expect(await keypadOpens(alex, 'Unit 101 Front Door', '3817')).toBe(true);
  },
);

it('a guest code: created in Guests, its share link shows the code, revoked it says cancelled', SLOW, async () => {
  await tab(page, 'Guests').click();
  await page.getByRole('heading', { name: 'Guests', exact: true }).waitFor();
  await page.getByRole('button', { name: 'New guest code' }).click();
  const form = page.getByRole('form', { name: 'Create guest code' });
  for (const type of ['Permanent', 'Temporary', 'Recurring', 'Delivery'])
    await form.getByRole('radio', { name: type }).waitFor();
  await form.getByRole('radio', { name: 'Temporary' }).check();
  await form.getByLabel('Starts').waitFor();
  await form.getByRole('radio', { name: 'Permanent' }).check();
  await form.getByLabel('Guest name').fill('Sam Lee');
  await form.getByRole('button', { name: 'Create code' }).click();

  const item = page.getByRole('article', { name: 'Sam Lee' });
  await item.waitFor(WAIT);
  const code = (await item.locator('.code').textContent()) ?? '';
  expect(code).toMatch(/^\d{4}$/);
  await item.getByRole('button', { name: 'Copy link' }).click();
  const shareUrl = await item.getByLabel('Share link').inputValue();
  expect(shareUrl).toMatch(/\/g\/[^/]+$/);
  await e.screenshot(page, 'resident-guests-mobile');

  const guestPage = await e.newPage();
  const sharePath = new URL(shareUrl).pathname;
  await guestPage.goto(e.baseUrl + sharePath);
  expect(await guestPage.getByLabel('Your code').textContent()).toBe(code); // one string: spacing is CSS only

  // The guest code is on Alex's front door, so Alex cannot pick the same digits (without learning whose they are).
  await tab(page, 'Access').click();
  const pick = await openCodeSettings(page, 'Pick a Code');
  await pick.getByRole('button', { name: 'Continue' }).click();
  await pick.getByLabel('New code').fill(code);
  await pick.getByRole('button', { name: 'Update' }).click();
  await expect
    .poll(() => pick.getByRole('alert').textContent(), WAIT)
    .toBe("That code can't be used on your doors. Please choose another.");
  await pick.getByRole('button', { name: 'Close' }).click();
  await tab(page, 'Guests').click();

  await item.getByRole('button', { name: 'Revoke' }).click();
  await item.getByRole('button', { name: 'Yes, revoke' }).click();
  await page.getByText('Past codes (1)').waitFor(WAIT);
  await guestPage.goto(e.baseUrl + sharePath);
  await guestPage.getByText('This code was cancelled and no longer works.').waitFor();
  expect(await guestPage.locator('.code').count()).toBe(0);
  await guestPage.context().close();
});

it(
  'Temporary and Recurring guest codes take wall-clock times in the community time zone (America/Chicago)',
  SLOW,
  async () => {
    await tab(page, 'Guests').click();
    await page.getByRole('button', { name: 'New guest code' }).click();
    const form = page.getByRole('form', { name: 'Create guest code' });
    await form.getByRole('radio', { name: 'Temporary' }).check();
    await form.getByLabel('Guest name').fill('Weekend visitor');
    await form.getByLabel('Starts').fill('2030-01-10T09:00');
    await form.getByLabel('Ends').fill('2030-01-12T18:30');
    await form.getByRole('button', { name: 'Create code' }).click();
    const temporary = page.getByRole('article', { name: 'Weekend visitor' });
    await temporary.waitFor(WAIT);
    expect(await temporary.textContent()).toContain('From Thu, Jan 10, 9:00 AM to Sat, Jan 12, 6:30 PM');

    await page.getByRole('button', { name: 'New guest code' }).click();
    await form.getByRole('radio', { name: 'Recurring' }).check();
    await form.getByLabel('Guest name').fill('Dog walker');
    for (const day of ['Mon', 'Wed', 'Fri']) {
      expect(await form.getByRole('button', { name: day, exact: true }).getAttribute('aria-pressed')).toBe('true');
    }
    await form.getByRole('button', { name: 'Fri', exact: true }).click();
    await form.getByRole('button', { name: 'Tue', exact: true }).click();
    await form.getByLabel('From').fill('08:00');
    await form.getByLabel('Until').fill('10:30');
    await e.screenshot(page, 'resident-guest-form-mobile');
    await form.getByRole('button', { name: 'Create code' }).click();
    const recurring = page.getByRole('article', { name: 'Dog walker' });
    await recurring.waitFor(WAIT);
    expect(await recurring.textContent()).toContain('Mon, Tue, Wed 08:00–10:30');

    const alex = await e.t.login(ALEX);
    const codes = (await e.t.request('GET', '/api/v1/me/guest-codes', { token: alex })).json<{
      guestCodes: { name: string; startsAt: string | null; endsAt: string | null; schedule: unknown }[];
    }>().guestCodes;
    const byName = (name: string) => codes.find((g) => g.name === name);
    expect(byName('Weekend visitor')).toMatchObject({
      startsAt: '2030-01-10T15:00:00.000Z',
      endsAt: '2030-01-13T00:30:00.000Z',
    });
    expect(byName('Dog walker')).toMatchObject({
      schedule: { days: ['mon', 'tue', 'wed'], start: '08:00', end: '10:30' },
    });
  },
);

it('Activity lists what my codes did, in plain words', SLOW, async () => {
  await tab(page, 'Activity').click();
  await page.getByRole('heading', { name: 'Activity', exact: true }).waitFor();
  await page.getByText('Your code opened Unit 101 Front Door', { exact: true }).first().waitFor(WAIT);
  await tab(page, 'Access').click();
  await page.getByRole('heading', { name: 'My Access' }).waitFor();
});

it('looks right on a desktop screen too', SLOW, async () => {
  const desktop = await e.newPage(DESKTOP);
  await e.signIn(desktop, ALEX);
  await doorRow(homeCard(desktop), 'Unit 101 Front Door').getByText('Active', { exact: true }).waitFor(WAIT);
  await e.screenshot(desktop, 'resident-access-desktop');
  await desktop.context().close();
});

it('blair: the Bluetooth door stays Pending until "Deliver to door" brings the phone near it', SLOW, async () => {
  const blair = await e.t.login(BLAIR);
  const { lockId } = await simLock(blair, 'Unit 102 Front Door');
  await e.t.request('POST', `/api/v1/sim/locks/${lockId}/phone-nearby`, { token: blair }); // start from a delivered door
  const phone = await e.newPage();
  await e.signIn(phone, BLAIR);
  await doorRow(homeCard(phone), 'Unit 102 Front Door').getByText('Active', { exact: true }).waitFor(WAIT);
  await phone.getByLabel(/^Show codes/).check();

  const dialog = await openCodeSettings(phone, 'Pick a Code');
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await dialog.getByLabel('New code').fill('4962');
  await dialog.getByRole('button', { name: 'Update' }).click();
  const door = doorRow(dialog, 'Unit 102 Front Door');
  await door.getByText('Bring your phone near the door').waitFor(WAIT);
  await door.getByText('Pending', { exact: true }).waitFor();
  expect(await keypadOpens(blair, 'Unit 102 Front Door', '4962')).toBe(false);
  await dialog.getByRole('button', { name: 'Close — keep updating in the background' }).click();
  const cardDoor = doorRow(homeCard(phone), 'Unit 102 Front Door');
  await cardDoor.getByText('Pending', { exact: true }).waitFor();
  expect(await homeCard(phone).getByText('New code 4962 — updating').count()).toBe(1);
  await e.screenshot(phone, 'resident-bluetooth-mobile');

  await cardDoor.getByRole('button', { name: 'Deliver to door' }).click();
  await cardDoor.getByText('Active', { exact: true }).waitFor(WAIT);
  await expect.poll(() => homeCard(phone).locator('.code').first().textContent(), WAIT).toBe('4962');
  expect(await keypadOpens(blair, 'Unit 102 Front Door', '4962')).toBe(true);
  await phone.context().close();
});
