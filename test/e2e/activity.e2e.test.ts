/**
 * Activity answers who, what, where and when, in a real browser: keypad use on a Bluetooth door appears once
 * a phone uploads the lock's log; the resident reads "Your code", with the time beside the sentence (never
 * inside it); the manager sees the resident's name in the sentence and in the Who column.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DESKTOP, type E2E, startE2E } from './browserHarness.ts';

const BLAIR = 'blair@maplecourt.example';
const MANAGER = 'manager@maplecourt.example';
const DOOR = 'Unit 102 Front Door';
const SLOW = { timeout: 60_000 };
const WAIT = { timeout: 30_000 };

let e: E2E;

beforeAll(async () => {
  e = await startE2E({ latency: '30-80' });
}, 120_000);
afterAll(async () => {
  await e?.close();
});

const post = (token: string, url: string, body?: unknown) =>
  e.t.request('POST', url, { token, ...(body === undefined ? {} : { body }) });

it('a Bluetooth door’s keypad use reaches both activity views once the phone uploads the log', SLOW, async () => {
  const blair = await e.t.login(BLAIR);
  const locks = (await e.t.request('GET', '/api/v1/sim/locks', { token: blair })).json<{
    locks: { lockId: string; name: string }[];
  }>().locks;
  const lockId = locks.find((l) => l.name === DOOR)?.lockId;
  expect((await post(blair, `/api/v1/sim/locks/${lockId}/phone-nearby`)).statusCode).toBe(200);
  const cards = (await e.t.request('GET', '/api/v1/me/access', { token: blair })).json<{
    cards: { scope: string; code: string }[];
  }>().cards;
  const code = cards.find((c) => c.scope === 'home')?.code;
  expect(
    (await post(blair, `/api/v1/sim/locks/${lockId}/keypad`, { code })).json<{ unlocked: boolean }>().unlocked,
  ).toBe(true);
  expect((await post(blair, `/api/v1/sim/locks/${lockId}/phone-nearby`)).statusCode).toBe(200); // uploads the log

  const phone: Page = await e.newPage();
  await e.signIn(phone, BLAIR);
  await phone
    .getByRole('navigation', { name: 'Resident' })
    .getByRole('button', { name: 'Activity', exact: true })
    .click();
  const entry = phone.getByRole('listitem').filter({ hasText: `Your code opened ${DOOR}` });
  await entry.waitFor(WAIT);
  expect(await entry.count()).toBe(1);
  expect(await entry.locator('time').textContent()).toMatch(/^\d\d:\d\d$/);
  expect(await entry.locator('.activity-text').textContent()).toBe(`Your code opened ${DOOR}`);
  expect(await phone.locator('ul.activity').getByText('Blair Okafor', { exact: false }).count()).toBe(0);

  const desk = await e.newPage(DESKTOP);
  await e.signIn(desk, MANAGER);
  await desk
    .getByRole('navigation', { name: 'Manager console' })
    .getByRole('button', { name: 'Activity', exact: true })
    .click();
  const row = desk.getByRole('row').filter({ hasText: `Blair Okafor's code opened ${DOOR}` });
  await row.waitFor(WAIT);
  expect(await row.count()).toBe(1);
  expect(await row.getByRole('cell').last().textContent()).toBe('Blair Okafor');
});
