import { afterAll, beforeAll, expect, it } from 'vitest';
import { type E2E, startE2E } from './browserHarness.ts';
import { homeCard, tab } from './residentScreens.ts';

const ALEX = 'alex@maplecourt.example';
const BLAIR = 'blair@maplecourt.example';
const MANAGER = 'manager@maplecourt.example';
const SLOW = { timeout: 60_000 };
const WAIT = { timeout: 30_000 };
const PHONE = { width: 390, height: 844 };
const ZONE = 'America/Chicago';

let e: E2E;

beforeAll(async () => {
  e = await startE2E({ latency: '30-80' });
}, 120_000);
afterAll(async () => {
  await e?.close();
});

it('Bluetooth first run: the card says the code is not on the door yet, not "your code"', SLOW, async () => {
  const phone = await e.newPage(PHONE);
  await e.signIn(phone, BLAIR);
  const card = homeCard(phone);
  await card.getByText('Not on the door yet — bring your phone near it').waitFor(WAIT);
  expect(await card.getByText('Your code', { exact: true }).count()).toBe(0);
  expect(await card.textContent()).not.toContain('old code still works');
  await e.screenshot(phone, 'resident-bluetooth-first-run-mobile');
  await card.getByRole('button', { name: 'Deliver to door' }).click();
  await card.getByText('Your code', { exact: true }).waitFor(WAIT);
  expect(await card.getByText('Not on the door yet — bring your phone near it').count()).toBe(0);
  await phone.context().close();
});

it(
  'codes are masked with the right length; Show reveals, Hide masks again; "Show codes" unmasks all',
  SLOW,
  async () => {
    const phone = await e.newPage(PHONE);
    await e.signIn(phone, ALEX);
    const card = homeCard(phone);
    const code = card.locator('.code').first();
    await code.waitFor(WAIT);
    expect(await code.textContent()).toMatch(/^•{4}4 digits, hidden$/);
    await card.getByRole('button', { name: 'Show your Home code' }).click();
    expect(await code.textContent()).toMatch(/^\d{4}$/);
    await card.getByRole('button', { name: 'Hide your Home code' }).click();
    expect(await code.textContent()).not.toMatch(/\d{4}/);

    await phone.getByLabel(/^Show codes/).check();
    expect(await code.textContent()).toMatch(/^\d{4}$/);
    expect(await card.getByRole('button', { name: 'Show your Home code' }).count()).toBe(0);
    // A setting of this device: it survives a reload.
    await phone.reload();
    await expect.poll(() => homeCard(phone).locator('.code').first().textContent(), WAIT).toMatch(/^\d{4}$/);
    await phone.getByLabel(/^Show codes/).uncheck();
    expect(await homeCard(phone).locator('.code').first().textContent()).not.toMatch(/\d{4}/);
    await phone.context().close();
  },
);

it('Generate: one tap when only 4 digits are allowed; with 6 allowed, choose, then Generate', SLOW, async () => {
  const phone = await e.newPage(PHONE);
  await e.signIn(phone, ALEX);
  await phone.getByLabel(/^Show codes/).check();
  const openGenerate = async () => {
    await homeCard(phone).getByRole('button', { name: 'Access code settings' }).click();
    await phone.getByRole('menuitem', { name: 'Generate a Code' }).click();
    return phone.getByRole('dialog', { name: 'Generate a Code' });
  };
  let dialog = await openGenerate();
  expect(await dialog.getByRole('radio').count()).toBe(0);
  await dialog.getByRole('button', { name: 'Generate', exact: true }).click();
  await dialog.getByText('Your new code is ready').waitFor(WAIT);
  expect(await dialog.getByTestId('new-code').textContent()).toMatch(/^\d{4}$/);
  await dialog.getByRole('button', { name: 'Done' }).click();

  const manager = await e.t.login(MANAGER);
  await e.t.request('PATCH', '/api/v1/community/settings', { token: manager, body: { sixDigitCodes: true } });
  await phone.reload();
  dialog = await openGenerate();
  await dialog.getByRole('radio', { name: '6 digits' }).check();
  await e.screenshot(phone, 'resident-generate-choice-mobile');
  await dialog.getByRole('button', { name: 'Generate', exact: true }).click();
  await dialog.getByText('Your new code is ready').waitFor(WAIT);
  expect(await dialog.getByTestId('new-code').textContent()).toMatch(/^\d{6}$/);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await e.t.request('PATCH', '/api/v1/community/settings', { token: manager, body: { sixDigitCodes: false } });
  await phone.context().close();
});

it('a recurring guest code between windows reads "Scheduled · next <day> 9:00 AM", never Active', SLOW, async () => {
  const alex = await e.t.login(ALEX);
  const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  const weekday = (at: Date) => new Intl.DateTimeFormat('en-US', { timeZone: ZONE, weekday: 'short' }).format(at);
  // Two days from now, so the window is neither open now nor today.
  const later = new Date(Date.now() + 2 * 24 * 3_600_000);
  const day = weekday(later);
  const created = await e.t.request('POST', '/api/v1/me/guest-codes', {
    token: alex,
    body: {
      type: 'recurring',
      name: 'Window cleaner',
      schedule: { days: [days.find((d) => d.startsWith(day.toLowerCase().slice(0, 3)))], start: '09:00', end: '10:00' },
    },
  });
  expect(created.statusCode).toBe(201);
  const phone = await e.newPage(PHONE);
  await e.signIn(phone, ALEX);
  await tab(phone, 'Guests').click();
  const item = phone.getByRole('article', { name: 'Window cleaner' });
  await item.getByText(`Scheduled · next ${day} 9:00 AM`, { exact: true }).waitFor(WAIT);
  // The code's own chip (the first, beside its name) says Scheduled; no door row calls the wait a failure.
  expect(await item.locator('.card-head .chip').textContent()).toBe(`Scheduled · next ${day} 9:00 AM`);
  expect(await item.getByText('Failed', { exact: true }).count()).toBe(0);
  await phone.context().close();
});

it(
  'the guest share page at 320 px: the code on one line, one string, with the place, doors and help',
  SLOW,
  async () => {
    const alex = await e.t.login(ALEX);
    const manager = await e.t.login(MANAGER);
    await e.t.request('PATCH', '/api/v1/community/settings', { token: manager, body: { sixDigitCodes: true } });
    const created = await e.t.request('POST', '/api/v1/me/guest-codes', {
      token: alex,
      body: { type: 'permanent', name: 'Sam Lee' },
    });
    await e.t.request('PATCH', '/api/v1/community/settings', { token: manager, body: { sixDigitCodes: false } });
    const guest = created.json<{ guestCode: { code: string; shareUrl: string } }>().guestCode;
    for (const width of [320, 390]) {
      const page = await e.newPage({ width, height: 740 });
      await page.goto(e.baseUrl + new URL(guest.shareUrl).pathname);
      const code = page.getByLabel('Your code');
      expect(await code.textContent()).toBe(guest.code);
      const box = await code.boundingBox();
      const lineHeight = await code.evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize) * 1.5);
      expect(box?.height ?? 0).toBeLessThan(lineHeight);
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(width);
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text).toContain('Maple Court');
      expect(text).toContain('1200 Maple Court Drive, Springfield, IL 62704');
      expect(text).toContain('Unit 101 Front Door');
      expect(text).toContain('If it does not open');
      expect(text).toContain('contact Alex Kim');
      if (width === 320) await e.screenshot(page, 'guest-share-page-320');
      await page.context().close();
    }
  },
);
