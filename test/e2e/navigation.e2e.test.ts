/**
 * Tabs, sessions and Back (issue 13, items 3 and 4): the session is the cookie, so a new tab opens signed in and
 * every tab follows a sign-in or sign-out made in another; tabs and sheets are history entries, so Back closes
 * a sheet or returns to the previous tab; deep links (`/guests`, `/manager/locks`) survive a reload.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DESKTOP, type E2E, PHONE, startE2E } from './browserHarness.ts';

const ALEX = 'alex@maplecourt.example';
const MANAGER = 'manager@maplecourt.example';
const SLOW = { timeout: 90_000 };
const WAIT = { timeout: 30_000 };

let e: E2E;

beforeAll(async () => {
  e = await startE2E({ latency: '30-80' });
}, 120_000);
afterAll(async () => {
  await e?.close();
});

const residentTab = (p: Page, name: string) =>
  p.getByRole('navigation', { name: 'Resident' }).getByRole('button', { name, exact: true });
const currentTab = (p: Page) =>
  p.getByRole('navigation', { name: 'Resident' }).locator('[aria-current="page"]').textContent();
const signInForm = (p: Page) => p.getByRole('form', { name: 'Sign in' });
const managerTitle = (p: Page) => p.locator('h1.mgr-title');
const path = (p: Page) => new URL(p.url()).pathname;

/** Signs in on a page already showing the sign-in form (the harness's signIn opens the app first). */
async function signInHere(p: Page, email: string) {
  e.t.clock.advance(6_100); // sign-ins from one address are limited to 10 a minute
  await signInForm(p).getByLabel('Email').fill(email);
  await signInForm(p).getByLabel('Password').fill('keyway-demo');
  await signInForm(p).getByRole('button', { name: 'Sign in' }).click();
}

it(
  'two tabs: a new tab opens signed in; sign-out and sign-in as someone else in one tab reach the other',
  SLOW,
  async () => {
    const context = await e.browser.newContext({ viewport: DESKTOP });
    const first = await context.newPage();
    await e.signIn(first, MANAGER);
    await managerTitle(first).waitFor(WAIT);

    // The session is the cookie: a second tab opens in the console, no sign-in.
    const second = await context.newPage();
    await second.goto(e.baseUrl);
    await managerTitle(second).waitFor(WAIT);

    // Sign out in the second tab: the first shows the sign-in screen too.
    await second.getByRole('button', { name: 'Sign out' }).click();
    await signInForm(second).waitFor(WAIT);
    await signInForm(first).waitFor(WAIT);
    expect(await managerTitle(first).count()).toBe(0);

    // Sign in as a resident in the first tab: the second follows.
    await signInHere(first, ALEX);
    await residentTab(first, 'Access').waitFor(WAIT);
    await residentTab(second, 'Access').waitFor(WAIT);

    // And back to the manager from the second tab: the first never keeps the resident's screen.
    await second.getByRole('button', { name: 'Sign out' }).click();
    await signInForm(first).waitFor(WAIT);
    await signInHere(second, MANAGER);
    await managerTitle(second).waitFor(WAIT);
    await managerTitle(first).waitFor(WAIT);
    expect(await first.getByRole('navigation', { name: 'Resident' }).count()).toBe(0);
    await context.close();
  },
);

it('Back returns to the previous tab, and closes an open sheet without leaving the tab', SLOW, async () => {
  const phone = await e.newPage(PHONE);
  await e.signIn(phone, ALEX);
  await residentTab(phone, 'Access').waitFor(WAIT);

  await residentTab(phone, 'Guests').click();
  await residentTab(phone, 'Activity').click();
  expect(path(phone)).toBe('/activity');
  await phone.goBack();
  await expect.poll(() => currentTab(phone), WAIT).toBe('Guests');
  await expect.poll(() => path(phone), WAIT).toBe('/guests');
  await phone.goBack();
  await expect.poll(() => currentTab(phone), WAIT).toBe('Access');
  expect(path(phone)).toBe('/');

  // A sheet is an entry of its own: Back closes it and stays on Access.
  const home = phone.getByRole('region', { name: 'Home', exact: true });
  const openGenerate = async () => {
    await home.getByRole('button', { name: 'Access code settings' }).click(WAIT);
    await phone.getByRole('menuitem', { name: 'Generate a Code' }).click();
    const dialog = phone.getByRole('dialog', { name: 'Generate a Code' });
    await dialog.waitFor(WAIT);
    return dialog;
  };
  const dialog = await openGenerate();
  await phone.goBack();
  await dialog.waitFor({ state: 'detached', ...WAIT });
  expect(await currentTab(phone)).toBe('Access');
  await home.waitFor(WAIT);

  // A sheet closed with its own button takes its entry along: the next Back goes to the tab before.
  await residentTab(phone, 'Guests').click();
  await residentTab(phone, 'Access').click();
  const again = await openGenerate();
  await again.getByRole('button', { name: 'Close' }).click();
  await again.waitFor({ state: 'detached', ...WAIT });
  await phone.goBack();
  await expect.poll(() => currentTab(phone), WAIT).toBe('Guests');
  await phone.context().close();
});

it('deep links open their tab or page and survive a reload, signed out first too', SLOW, async () => {
  const phone = await e.newPage(PHONE);
  await e.signIn(phone, ALEX);
  await residentTab(phone, 'Access').waitFor(WAIT);
  await phone.goto(`${e.baseUrl}/guests`);
  await expect.poll(() => currentTab(phone), WAIT).toBe('Guests');
  await phone.reload();
  await expect.poll(() => currentTab(phone), WAIT).toBe('Guests');
  await expect.poll(() => path(phone), WAIT).toBe('/guests');
  // An old #activity bookmark lands on its tab, at the tab's own address.
  await phone.goto(`${e.baseUrl}/#activity`);
  await expect.poll(() => currentTab(phone), WAIT).toBe('Activity');
  // The tab shows first; the address is corrected in place (replaceState) right after.
  await expect.poll(() => path(phone), WAIT).toBe('/activity');
  await phone.context().close();

  // A bookmark of a console page, opened signed out: sign in, and the page is the bookmarked one.
  const desk = await e.newPage(DESKTOP);
  await desk.goto(`${e.baseUrl}/manager/locks`);
  await signInHere(desk, MANAGER);
  await expect.poll(() => managerTitle(desk).textContent(), WAIT).toBe('Locks');
  await desk.reload();
  await expect.poll(() => managerTitle(desk).textContent(), WAIT).toBe('Locks');
  expect(path(desk)).toBe('/manager/locks');
  // Console pages are history entries too.
  await desk.getByRole('navigation', { name: 'Manager console' }).getByRole('button', { name: 'Residents' }).click();
  expect(path(desk)).toBe('/manager/residents');
  await desk.goBack();
  await expect.poll(() => managerTitle(desk).textContent(), WAIT).toBe('Locks');
  await desk.context().close();
});
