/**
 * Leases in the browser: a resident moved in ahead of time signs in and reads when their access starts
 * (no codes yet); the manager plans a move-out from the Residents page; the Locks page offers "Sync this
 * door" for a Bluetooth door.
 */
import type { Page } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DESKTOP, type E2E, PHONE, startE2E } from './browserHarness.ts';

const MANAGER = 'manager@maplecourt.example';
const SLOW = { timeout: 60_000 };
const WAIT = { timeout: 30_000 };

let e: E2E;
let desk: Page;
let moveIn: string;

beforeAll(async () => {
  e = await startE2E({ latency: '30-80' });
}, 120_000);
afterAll(async () => {
  await e?.close();
});

const nav = (p: Page, name: string) =>
  p.getByRole('navigation', { name: 'Manager console' }).getByRole('button', { name, exact: true });
const row = (p: Page, text: string) => p.getByRole('row').filter({ hasText: text });

it('a resident moved in ahead of time sees when access starts instead of codes', SLOW, async () => {
  const today = Temporal.Instant.fromEpochMilliseconds(e.t.clock.now().getTime())
    .toZonedDateTimeISO('America/Chicago')
    .toPlainDate();
  moveIn = today.add({ days: 3 }).toString();
  const manager = await e.t.login(MANAGER);
  const created = await e.t.request('POST', '/api/v1/residents', {
    token: manager,
    body: { name: 'Robin Soon', email: 'robin@maplecourt.example', unit: '102', moveIn, password: 'keyway-demo' },
  });
  expect(created.statusCode).toBe(201);
  const phone = await e.newPage(PHONE);
  await e.signIn(phone, 'robin@maplecourt.example');
  await phone.getByRole('status').filter({ hasText: 'Your access starts on' }).waitFor(WAIT);
  expect(await phone.getByText('Access code settings').count()).toBe(0);
  await e.screenshot(phone, 'resident-access-starts');
});

it('the manager plans a move-out from the Residents page', SLOW, async () => {
  desk = await e.newPage(DESKTOP);
  await e.signIn(desk, MANAGER);
  await nav(desk, 'Residents').click();
  await row(desk, 'Robin Soon').getByRole('button', { name: 'Change move-out date for Robin Soon' }).click();
  const form = desk.getByRole('form', { name: 'Move-out date for Robin Soon' });
  const moveOut = Temporal.PlainDate.from(moveIn).add({ months: 12 }).toString();
  await form.getByLabel('Move-out').fill(moveOut);
  await form.getByRole('button', { name: 'Save' }).click();
  await desk.getByText('Robin Soon moves out on').waitFor(WAIT);
  const token = await e.t.login('robin@maplecourt.example');
  const access = (await e.t.request('GET', '/api/v1/me/access', { token })).json();
  expect(access.lease).toMatchObject({ state: 'upcoming', moveIn, moveOut });
});

it('the Locks page offers "Sync this door" for a Bluetooth door', SLOW, async () => {
  await nav(desk, 'Locks').click();
  const button = row(desk, 'Unit 102 Front Door').getByRole('button', { name: 'Sync this door: Unit 102 Front Door' });
  await button.click();
  await row(desk, 'Unit 102 Front Door').getByRole('status').waitFor(WAIT);
  expect(await row(desk, 'Unit 102 Front Door').getByRole('status').textContent()).toMatch(/Delivered|Up to date/);
});
