/**
 * Resident import in a real browser: the manager chooses the sample rent roll, sees the preview with its bad
 * line (a past lease for someone unknown) and cannot apply; then chooses a good file and applies it. On a
 * phone-sized screen, as managers often work from one.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type E2E, PHONE, startE2E } from './browserHarness.ts';

const MANAGER = 'manager@maplecourt.example';
const SLOW = { timeout: 60_000 };
const WAIT = { timeout: 30_000 };

let e: E2E;
let page: Page;

beforeAll(async () => {
  e = await startE2E({ latency: '0-5' });
}, 120_000);
afterAll(async () => {
  await e?.close();
});

const sample = readFileSync(new URL('../fixtures/rent-roll-sample.csv', import.meta.url));
const GOOD = [
  'Unit,First Name,Last Name,Email,Phone,Move-In Date,Lease End',
  '101,Gale,Rivers,gale.rivers@example.test,(303) 555-0110,2026-01-01,2030-12-31',
  '3C,Hana,Ito,HANA.ITO@example.test,,1/15/2026,',
].join('\r\n');

const choose = (name: string, buffer: Buffer) =>
  page.getByLabel(/Drop a CSV file here/).setInputFiles({ name, mimeType: 'text/csv', buffer });

it('the sample rent roll previews with its bad line, and cannot be applied', SLOW, async () => {
  page = await e.newPage(PHONE);
  await e.signIn(page, MANAGER);
  const nav = page.getByRole('navigation', { name: 'Manager console' });
  await nav.getByRole('button', { name: /^Menu/ }).click(); // on a phone the pages sit behind the menu
  await nav.getByRole('button', { name: 'Import' }).click();
  await page.getByRole('heading', { name: 'Import residents' }).waitFor(WAIT);

  await choose('rent-roll-sample.csv', sample);
  const alert = page.getByRole('alert').filter({ hasText: 'Line 5' });
  await alert.waitFor(WAIT);
  expect(await alert.textContent()).toContain('2026-05-31');
  await expect.poll(() => page.getByRole('row').filter({ hasText: 'sam.stone@example.test' }).count()).toBe(1);
  expect(await page.getByRole('row').filter({ hasText: 'Error:' }).count()).toBe(1);
  expect(await page.getByRole('button', { name: 'Apply import' }).isDisabled()).toBe(true);
  await e.screenshot(page, 'import-errors');
});

it('a good file previews, applies, and shows what was done', SLOW, async () => {
  await choose('good.csv', Buffer.from(GOOD));
  await page.getByRole('row').filter({ hasText: 'hana.ito@example.test' }).waitFor(WAIT);
  expect(await page.getByRole('status').filter({ hasText: '2 to create' }).count()).toBe(1);
  const apply = page.getByRole('button', { name: 'Apply import' });
  expect(await apply.isDisabled()).toBe(false);
  await apply.click();
  await page.getByRole('heading', { name: 'Imported' }).waitFor(WAIT);
  expect(await page.getByRole('status').filter({ hasText: '2 created' }).textContent()).toContain('1 new unit');
  await e.screenshot(page, 'import-done');

  const token = await e.t.login(MANAGER);
  const residents = (await e.t.request('GET', '/api/v1/residents', { token })).json().residents as { email: string }[];
  expect(residents.map((r) => r.email)).toEqual(
    expect.arrayContaining(['gale.rivers@example.test', 'hana.ito@example.test']),
  );
});
