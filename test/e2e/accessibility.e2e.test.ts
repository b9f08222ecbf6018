/**
 * Focus, touch and axe on every screen (issue 13, item 11). axe-core runs on each screen of the resident app,
 * the guest share page, the manager console, the operator console and the sign-in, setup and invitation pages,
 * on a phone (390×844) and a desktop (1440×900): no serious or critical violation anywhere. Focus moves to the
 * next step's first field after each step and to the error (or the invalid field) after a failed submit; the
 * whole guest-type tile is one tap target, and buttons are at least 44×44 px on the phone.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';
import { axeFindings } from './axeCheck.ts';
import { type E2E, startE2E } from './browserHarness.ts';
import { homeCard, openCodeSettings, tab } from './residentScreens.ts';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const SIZES = [
  ['phone', PHONE],
  ['desktop', DESKTOP],
] as const;
const ALEX = 'alex@maplecourt.example';
const MANAGER = 'manager@maplecourt.example';
const MANAGER_PAGES = [
  ['settings', 'Settings'],
  ['residents', 'Residents'],
  ['import', 'Import'],
  ['units', 'Units'],
  ['property', 'Property'],
  ['staff-codes', 'Staff codes'],
  ['locks', 'Locks'],
  ['cloud', 'Cloud locks'],
  ['integrations', 'Integrations'],
  ['activity', 'Activity'],
  ['emails', 'Emails'],
  ['account', 'Account'],
  ['demo', 'Demo'],
] as const;
const SLOW = { timeout: 120_000 };
const WAIT = { timeout: 30_000 };

let e: E2E;
/** Every screen's serious or critical findings, one line each: a test fails listing all of them at once. */
let problems: string[] = [];

beforeAll(async () => {
  e = await startE2E({ latency: '0-5' });
}, 120_000);
afterAll(async () => {
  await e?.close();
});

async function check(page: Page, screen: string): Promise<void> {
  // The screen has loaded what it shows: no "Loading…" left (a page that never finishes is its own test's problem).
  await page
    .waitForFunction(() => !/Loading/.test(document.body.textContent ?? ''), undefined, { timeout: 5_000 })
    .catch(() => undefined);
  for (const f of await axeFindings(page))
    problems.push(`${screen}: ${f.impact} ${f.id} — ${f.help} — ${f.targets.slice(0, 4).join(' | ')}`);
}

function expectNoProblems() {
  const found = problems;
  problems = [];
  expect(found).toEqual([]);
}

/** The element that has the focus, described the way a test can compare it. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return 'body';
    const labelledBy = el
      .getAttribute('aria-labelledby')
      ?.split(' ')
      .map((id) => document.getElementById(id)?.textContent?.trim())
      .join(' ');
    const label =
      el.getAttribute('aria-label') ?? labelledBy ?? (el as HTMLInputElement).labels?.[0]?.textContent?.trim();
    return `${el.tagName.toLowerCase()}:${label ?? el.textContent?.trim().slice(0, 40)}`;
  });

/** Buttons smaller than 44×44 px among the visible ones in `scope` (the phone's touch-target minimum). */
async function smallButtons(scope: Locator): Promise<string[]> {
  return scope.evaluate((root) =>
    [...root.querySelectorAll<HTMLElement>('button, [role="button"], a.button-link')]
      .filter((b) => b.offsetParent !== null)
      .map((b) => ({ b, r: b.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && (r.width < 43.5 || r.height < 43.5))
      .map(({ b, r }) => `${b.textContent?.trim() || b.getAttribute('aria-label')} ${r.width}×${r.height}`),
  );
}

it('sign-in: no serious violations; a failed sign-in puts focus on the error', SLOW, async () => {
  for (const [size, viewport] of SIZES) {
    const page = await e.newPage(viewport);
    await page.goto(e.baseUrl);
    await page.getByRole('form', { name: 'Sign in' }).waitFor(WAIT);
    await check(page, `sign-in (${size})`);

    e.t.clock.advance(6_100);
    await page.getByLabel('Email').fill(ALEX);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong email or password' }).waitFor(WAIT);
    expect(await focused(page)).toBe('p:Wrong email or password.');

    // Forgot password is a step of its own: focus lands on its Email field, and back on sign-in's.
    await page.getByRole('button', { name: 'Forgot password?' }).click();
    await page.getByRole('form', { name: 'Reset your password' }).waitFor();
    expect(await focused(page)).toBe('input:Email');
    await check(page, `forgot password (${size})`);
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await focused(page)).toBe('input:Email');
    await page.context().close();
  }
  expectNoProblems();
});

it(
  'resident app on a phone and a desktop: every screen, focus through the flows, the whole tile taps',
  SLOW,
  async () => {
    let shareUrl = '';
    for (const [size, viewport] of SIZES) {
      const page = await e.newPage(viewport);
      await e.signIn(page, ALEX);
      await page.getByRole('heading', { name: 'My Access' }).waitFor(WAIT);
      await homeCard(page).waitFor(WAIT);
      await check(page, `access (${size})`);
      if (size === 'phone') expect(await smallButtons(page.locator('body'))).toEqual([]);

      // Generate: one screen, then the progress; focus follows.
      const generate = await openCodeSettings(page, 'Generate a Code');
      await check(page, `generate (${size})`);
      await generate.getByRole('button', { name: 'Generate', exact: true }).click();
      await generate.getByRole('status').first().waitFor();
      expect(await focused(page)).toMatch(/^p:(Updating|Your new code|Almost|Some doors)/);
      await generate.getByText('Your new code is ready').waitFor(WAIT);
      await check(page, `generate progress (${size})`);
      await generate.getByRole('button', { name: 'Done' }).click();

      // Pick: intro → Continue → the PIN field has the focus; a refused PIN keeps it there, marked invalid.
      const pick = await openCodeSettings(page, 'Pick a Code');
      await check(page, `pick intro (${size})`);
      if (size === 'phone') expect(await smallButtons(pick)).toEqual([]);
      await pick.getByRole('button', { name: 'Continue' }).click();
      const pin = pick.getByLabel('New code');
      await pin.waitFor();
      expect(await focused(page)).toBe('input:New code');
      await check(page, `pick enter (${size})`);
      await pin.fill('1111');
      await pick.getByRole('button', { name: 'Update' }).click();
      await expect.poll(() => pick.getByRole('alert').textContent()).toBe("Codes can't repeat one number like 1111");
      expect(await focused(page)).toBe('input:New code');
      expect(await pin.getAttribute('aria-invalid')).toBe('true');
      const described = (await pin.getAttribute('aria-describedby')) ?? '';
      const errorId = await pick.getByRole('alert').getAttribute('id');
      expect(described.split(' ')).toContain(errorId);
      await check(page, `pick refused (${size})`);
      await pick.getByRole('button', { name: 'Close' }).click();

      // Guests: the list, the form of each type, a failed submit, the whole tile.
      await tab(page, 'Guests').click();
      await page.getByRole('heading', { name: 'Guests', exact: true }).waitFor();
      await check(page, `guests (${size})`);
      await page.getByRole('button', { name: 'New guest code' }).click();
      const form = page.getByRole('form', { name: 'Create guest code' });
      await form.waitFor();
      expect(await focused(page)).toBe('input:Permanent'); // the form opens on its chosen type
      for (const type of ['Temporary', 'Recurring', 'Delivery', 'Permanent']) {
        // A tap on the tile's far edge, away from the dot and the word, chooses it.
        const tile = form.locator('label.type-option').filter({ hasText: type });
        const box = await tile.boundingBox();
        if (!box) throw new Error(`no ${type} tile`);
        await tile.click({ position: { x: box.width - 6, y: box.height - 6 } });
        expect(await form.getByRole('radio', { name: type }).isChecked()).toBe(true);
        expect(box.height).toBeGreaterThanOrEqual(44);
        await check(page, `guest form ${type} (${size})`);
      }
      await form.getByRole('button', { name: 'Create code' }).click();
      await expect.poll(() => form.getByRole('alert').textContent()).toBe("Enter your guest's name.");
      expect(await focused(page)).toBe('input:Guest name');
      const name = form.getByLabel('Guest name');
      expect(await name.getAttribute('aria-invalid')).toBe('true');
      expect(await name.getAttribute('aria-describedby')).toBe(await form.getByRole('alert').getAttribute('id'));
      await check(page, `guest form refused (${size})`);
      if (size === 'phone') expect(await smallButtons(form)).toEqual([]);

      const guestName = `Sam ${size}`;
      await name.fill(guestName);
      await form.getByRole('button', { name: 'Create code' }).click();
      const item = page.getByRole('article', { name: guestName });
      await item.waitFor(WAIT);
      expect(await focused(page)).toBe('button:New guest code');
      await item.getByRole('button', { name: 'Copy link' }).click();
      shareUrl = await item.getByLabel('Share link').inputValue();
      await item.getByRole('button', { name: 'Usage' }).click();
      await item
        .getByText(/Not used yet|Loading/)
        .first()
        .waitFor();
      await check(page, `guest detail (${size})`);

      await tab(page, 'Activity').click();
      await page.getByRole('heading', { name: 'Activity', exact: true }).waitFor();
      await check(page, `activity (${size})`);

      await page.goto(`${e.baseUrl}/account`);
      await page.getByRole('link', { name: 'Back to Keyway' }).waitFor(WAIT);
      await check(page, `account (${size})`);

      const guest = await e.newPage(viewport);
      await guest.goto(e.baseUrl + new URL(shareUrl).pathname);
      await guest.getByLabel('Your code').waitFor(WAIT);
      await check(guest, `share page (${size})`);
      await guest.context().close();
      await page.context().close();
    }
    expectNoProblems();
  },
);

it('manager console: every page on a phone and a desktop', SLOW, async () => {
  for (const [size, viewport] of SIZES) {
    const page = await e.newPage(viewport);
    await e.signIn(page, MANAGER);
    await page.locator('h1.mgr-title').waitFor(WAIT);
    const nav = page.getByRole('navigation', { name: 'Manager console' });
    for (const [name, label] of MANAGER_PAGES) {
      if (size === 'phone') {
        await nav.getByRole('button', { name: /^Menu/ }).click();
        if (name === 'settings') await check(page, `manager menu open (${size})`);
      }
      await nav.getByRole('button', { name: label, exact: true }).click();
      await page.waitForURL(`**/manager/${name}`);
      await check(page, `manager ${name} (${size})`);
    }
    if (size === 'desktop') {
      // A manager's form: opened, focus is in its first field; refused, focus is on the message.
      await nav.getByRole('button', { name: 'Staff codes', exact: true }).click();
      await page.getByRole('button', { name: 'Create a code' }).click();
      const form = page.getByRole('form', { name: 'Create a staff or vendor code' });
      await form.waitFor();
      expect(await focused(page)).toBe('input:Name');
      await form.getByRole('button', { name: 'Create code' }).click();
      await form.getByRole('alert').waitFor();
      expect(await focused(page)).toMatch(/^p:Give the code a name/);
      await check(page, `staff code form refused (${size})`);
    }
    await page.context().close();
  }
  expectNoProblems();
});

it('production mode: the setup page, the operator console and the invitation page', SLOW, async () => {
  const prod: TestKeyway = await startTestKeyway({ realClock: true, env: { KEYWAY_DEMO: 'false' } });
  try {
    const baseUrl = await prod.listen();
    const token = prod.keyway.setupLink?.link.split('#')[1] ?? '';
    const page = await e.newPage(PHONE);
    await page.goto(`${baseUrl}/setup#${token}`);
    await page.getByRole('form', { name: 'Create the operator account' }).waitFor(WAIT);
    await check(page, 'setup (phone)');
    await page.getByLabel('Your name').fill('Olga Operator');
    await page.getByLabel('Email').fill('olga@example.org');
    await page.getByLabel('Password', { exact: true }).fill('password123');
    await page.getByRole('button', { name: 'Create operator account' }).click();
    await page.getByRole('alert').filter({ hasText: 'most common' }).waitFor(WAIT);
    expect(await focused(page)).toMatch(/^p:.*most common/);
    await check(page, 'setup refused (phone)');
    await page.getByLabel('Password', { exact: true }).fill('tulip lantern harbor');
    await page.getByRole('button', { name: 'Create operator account' }).click();
    await page.getByRole('heading', { name: 'Communities' }).waitFor(WAIT);
    await check(page, 'operator console (phone)');
    await page.setViewportSize(DESKTOP);
    await check(page, 'operator console (desktop)');

    for (const [size, viewport] of SIZES) {
      const invite = await e.newPage(viewport);
      await invite.goto(`${baseUrl}/invite#kwin_not-a-real-invitation`);
      await invite.getByLabel('New password', { exact: true }).fill('quiet orchard lamp');
      await check(invite, `invite (${size})`);
      await invite.getByRole('button', { name: 'Set password and sign in' }).click();
      await invite.getByRole('alert').first().waitFor(WAIT);
      expect(await focused(invite)).toMatch(/^p:/);
      await invite.context().close();
    }
    await page.context().close();
  } finally {
    await prod.close();
  }
  expectNoProblems();
});
