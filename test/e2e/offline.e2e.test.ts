/**
 * Installable and offline-aware (issue 13, item 12), on a phone: the web app manifest and the service worker; the
 * offline banner; a Bluetooth door reached with no signal from the bundle the phone fetched while online, whose
 * receipt goes up when the phone is back online — only then does the door turn active; and a reload without
 * signal that opens the app shell from the service worker instead of the browser's error page.
 *
 * The demo's Bluetooth lock lives in the server, so the air between phone and lock is a call to the simulation
 * (POST /sim/locks/{lockId}/bluetooth). An offline page cannot make that call, as it could not reach a server,
 * yet a real radio needs no internet: the test carries that one request over for the page (context.route), the
 * way the air would, and nothing else. The receipt upload stays offline and must wait.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectNoSeriousViolations } from './axeCheck.ts';
import { type E2E, startE2E } from './browserHarness.ts';
import { homeCard } from './residentScreens.ts';

const BLAIR = 'blair@maplecourt.example';
const MANAGER = 'manager@maplecourt.example';
const DOOR = 'Unit 102 Front Door';
const NEW_CODE = '7351';
const SLOW = { timeout: 90_000 };
const WAIT = { timeout: 30_000 };
const PHONE = { width: 390, height: 844 };

let e: E2E;
let phone: Page;
let context: BrowserContext;

beforeAll(async () => {
  e = await startE2E({ latency: '30-80' });
}, 120_000);
afterAll(async () => {
  await e?.close();
});

const doorRow = (p: Page) => homeCard(p).getByRole('listitem').filter({ hasText: DOOR });
const banner = (p: Page) => p.getByText('You’re offline', { exact: true });

async function lockId(token: string): Promise<string> {
  const { locks } = (await e.t.request('GET', '/api/v1/sim/locks', { token })).json<{
    locks: { lockId: string; name: string }[];
  }>();
  const found = locks.find((l) => l.name === DOOR);
  if (!found) throw new Error(`no simulated lock named ${DOOR}`);
  return found.lockId;
}

/** What the lock itself holds (the simulation, read as a manager). */
async function lockHolds(code: string): Promise<boolean> {
  const manager = await e.t.login(MANAGER);
  const { slots } = (await e.t.request('GET', `/api/v1/sim/locks/${await lockId(manager)}`, { token: manager })).json<{
    slots: { code: string }[];
  }>();
  return slots.some((s) => s.code === code);
}

/** The door's status as Keyway has it (not as the page shows it). */
async function serverDoorStatus(token: string): Promise<string | undefined> {
  const { cards } = (await e.t.request('GET', '/api/v1/me/access', { token })).json<{
    cards: { scope: string; doors: { name: string; status: string }[] }[];
  }>();
  return cards.find((c) => c.scope === 'home')?.doors.find((d) => d.name === DOOR)?.status;
}

it('is installable: a manifest with icons, and a service worker for the whole app', SLOW, async () => {
  const manifest = await e.t.request('GET', '/manifest.webmanifest');
  expect(manifest.statusCode).toBe(200);
  expect(manifest.headers['content-type']).toContain('application/manifest+json');
  const body = manifest.json<{
    name: string;
    short_name: string;
    start_url: string;
    display: string;
    theme_color: string;
    icons: { src: string; sizes: string; type: string }[];
  }>();
  expect(body).toMatchObject({ name: 'Keyway', short_name: 'Keyway', start_url: '/', display: 'standalone' });
  expect(body.theme_color).toBe('#1f4e79');
  for (const size of ['192x192', '512x512']) {
    const icon = body.icons.find((i) => i.sizes === size && i.type === 'image/png');
    expect(icon, size).toBeDefined();
    const file = await e.t.request('GET', icon?.src ?? '');
    expect(file.statusCode, icon?.src).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
  }
  const worker = await e.t.request('GET', '/sw.js');
  expect(worker.statusCode).toBe(200);
  expect(worker.headers['cache-control']).toBe('no-cache');
  expect(String(worker.headers['content-type'])).toContain('javascript');

  context = await e.browser.newContext({ viewport: PHONE });
  phone = await context.newPage();
  await phone.goto(e.baseUrl);
  expect(await phone.locator('link[rel="manifest"]').getAttribute('href')).toBe('/manifest.webmanifest');
  expect(await phone.locator('link[rel="apple-touch-icon"]').count()).toBe(1);
  const scope = await phone.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(scope).toBe(`${e.baseUrl}/`);
});

it(
  'delivers a prefetched bundle with no signal; the door turns active once the receipt is uploaded',
  SLOW,
  async () => {
    const blair = await e.t.login(BLAIR);
    const lock = await lockId(blair);
    await e.t.request('POST', `/api/v1/sim/locks/${lock}/phone-nearby`, { token: blair }); // start from a delivered door
    await e.signIn(phone, BLAIR);
    await doorRow(phone).getByText('Active', { exact: true }).waitFor(WAIT);

    // Online: a new code. The door waits for a phone, and the phone fetches the sealed bundle at once.
    await homeCard(phone).getByRole('button', { name: 'Access code settings' }).click();
    await phone.getByRole('menuitem', { name: 'Pick a Code' }).click();
    const dialog = phone.getByRole('dialog', { name: 'Pick a Code' });
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.getByLabel('New code').fill(NEW_CODE);
    await dialog.getByRole('button', { name: 'Update' }).click();
    await dialog.getByText('Bring your phone near the door', { exact: true }).waitFor(WAIT);
    await dialog.getByRole('button', { name: 'Close — keep updating in the background' }).click();
    await doorRow(phone).getByText('Saved on this phone — works at the door without signal').waitFor(WAIT);
    expect(await lockHolds(NEW_CODE)).toBe(false);

    // At the door, no signal. Only the radio hop gets through (see the header); the receipt upload does not.
    await context.route('**/api/v1/sim/locks/*/bluetooth', async (route) =>
      route.fulfill({ response: await route.fetch() }),
    );
    await context.setOffline(true);
    await banner(phone).waitFor(WAIT);
    await expectNoSeriousViolations(phone, 'resident app offline');
    await doorRow(phone).getByRole('button', { name: 'Deliver to door' }).click();
    await doorRow(phone).getByText('Delivered — the door turns active when your phone is back online').waitFor(WAIT);
    expect(await lockHolds(NEW_CODE)).toBe(true);
    // The lock has the code, but Keyway has no receipt yet: the door is still pending, here and on the server.
    expect(await doorRow(phone).getByText('Pending', { exact: true }).count()).toBe(1);
    expect(await serverDoorStatus(blair)).toBe('pending');
    await e.screenshot(phone, 'resident-offline-delivered-mobile');

    // Back online: the queued receipt goes up by itself and the door turns active.
    await context.setOffline(false);
    await doorRow(phone).getByText('Active', { exact: true }).waitFor(WAIT);
    expect(await banner(phone).count()).toBe(0);
    expect(await serverDoorStatus(blair)).toBe('active');
    expect(await phone.getByText('Delivered — the door turns active').count()).toBe(0);
    expect(await doorRow(phone).getByRole('button', { name: 'Deliver to door' }).count()).toBe(0);
    await context.unroute('**/api/v1/sim/locks/*/bluetooth');

    // Nothing from /api/ ever went into the service worker's cache (answers carry PINs and sessions).
    const cached = await phone.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys())
        for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
      return urls;
    });
    expect(cached).toContain('/');
    expect(cached.some((u) => u.startsWith('/assets/'))).toBe(true);
    expect(cached.filter((u) => u.startsWith('/api/'))).toEqual([]);
  },
);

it('a reload with no signal opens the app from the service worker, with the banner', SLOW, async () => {
  await context.setOffline(true);
  await phone.reload();
  await banner(phone).waitFor(WAIT);
  expect(await phone.title()).toBe('Keyway');
  expect(phone.url()).toBe(`${e.baseUrl}/`);
  // Who is signed in is the server's answer, out of reach now: the app says so and waits — no sign-in form that
  // could not work — and opens on its own once the phone is back online, still signed in.
  await phone.getByRole('status').filter({ hasText: 'This phone is offline' }).waitFor(WAIT);
  expect(await phone.getByRole('button', { name: 'Sign in' }).count()).toBe(0);
  await context.setOffline(false);
  await expect.poll(() => banner(phone).count(), WAIT).toBe(0);
  await phone.getByRole('navigation', { name: 'Resident' }).waitFor(WAIT);
  await context.close();
});
