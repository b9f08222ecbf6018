/**
 * A production installation in a real browser, from nothing: the setup link creates the operator, who
 * creates a community and invites its manager; the manager takes the link out of the mail (a real SMTP
 * server in this process), chooses a password and lands in the manager console.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { linkToken, startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { DESKTOP, type E2E, PHONE, startE2E } from './browserHarness.ts';

const SLOW = { timeout: 90_000 };
const WAIT = { timeout: 30_000 };

let e: E2E;
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startTestSmtp();
  e = await startE2E({ env: { KEYWAY_DEMO: 'false', SMTP_URL: smtp.url } });
}, 120_000);
afterAll(async () => {
  await e?.close();
  await smtp?.close();
});

it('setup link → operator → community → invited manager accepts and lands in the console', SLOW, async () => {
  const link = e.t.keyway.setupLink?.link;
  expect(link).toMatch(/\/setup#kwsu_/);
  const setupToken = link?.split('#')[1] ?? '';

  const desk = await e.newPage(DESKTOP);
  await desk.goto(e.baseUrl);
  await desk.getByRole('status').filter({ hasText: 'not set up yet' }).waitFor(WAIT);
  expect(await desk.getByText('Demo:').isVisible()).toBe(false);
  await desk.goto(`${e.baseUrl}/setup#${setupToken}`);
  await desk.getByLabel('Your name').fill('Olga Operator');
  await desk.getByLabel('Email').fill('olga@example.org');
  // A weak password is explained, not just refused.
  await desk.getByLabel('Password', { exact: true }).fill('password123');
  await desk.getByRole('button', { name: 'Create operator account' }).click();
  await desk.getByRole('alert').filter({ hasText: 'most common' }).waitFor(WAIT);
  await desk.getByLabel('Password', { exact: true }).fill('tulip lantern harbor');
  await desk.getByRole('button', { name: 'Create operator account' }).click();
  await desk.getByRole('heading', { name: 'Communities' }).waitFor(WAIT);
  expect(new URL(desk.url()).hash).toBe('');
  await e.screenshot(desk, 'operator-console');

  await desk.getByLabel('Name', { exact: true }).fill('Elm Park');
  await desk.getByLabel('Time zone').selectOption('America/Chicago');
  await desk.getByRole('button', { name: 'Create community' }).click();
  await desk.getByRole('heading', { name: 'Elm Park' }).waitFor(WAIT);

  await desk.getByRole('button', { name: 'Invite a manager' }).click();
  await desk.getByLabel("Manager's name").fill('Mia Manager');
  await desk.getByLabel("Manager's email").fill('mia@example.org');
  await desk.getByRole('button', { name: 'Send invitation' }).click();
  await desk.getByRole('status').filter({ hasText: 'Invitation sent to mia@example.org' }).waitFor(WAIT);

  const mail = await smtp.waitForMail('mia@example.org', { timeoutMs: 20_000 });
  const invitation = linkToken(mail, 'invite');

  const phone = await e.newPage(PHONE);
  await phone.goto(`${e.baseUrl}/invite#${invitation}`);
  await phone.getByLabel('New password', { exact: true }).fill('quiet orchard lamp');
  await phone.getByRole('button', { name: 'Set password and sign in' }).click();
  await phone.getByRole('navigation', { name: 'Manager console' }).waitFor(WAIT);
  await phone.getByText('Manager console · Mia Manager').waitFor(WAIT);
  await e.screenshot(phone, 'invited-manager');

  // The link worked once.
  const again = await e.newPage(PHONE);
  await again.goto(`${e.baseUrl}/invite#${invitation}`);
  await again.getByLabel('New password', { exact: true }).fill('quiet orchard lamp');
  await again.getByRole('button', { name: 'Set password and sign in' }).click();
  await again.getByRole('alert').filter({ hasText: 'Links work once' }).waitFor(WAIT);
});

it('forgot password: the mailed link sets a new one, then the manager signs in with it', SLOW, async () => {
  const page = await e.newPage(PHONE);
  await page.goto(e.baseUrl);
  await page.getByRole('button', { name: 'Forgot password?' }).click();
  await page.getByLabel('Email').fill('mia@example.org');
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await page.getByRole('status').filter({ hasText: 'link to choose a new password' }).waitFor(WAIT);
  const mail = await smtp.waitForMail('mia@example.org', { after: 1, timeoutMs: 20_000 });
  await page.goto(`${e.baseUrl}/reset#${linkToken(mail, 'reset')}`);
  await page.getByLabel('New password', { exact: true }).fill('mia@example.org');
  await page.getByRole('button', { name: 'Save new password' }).click();
  await page.getByRole('alert').filter({ hasText: 'your own name or email' }).waitFor(WAIT);
  await page.getByLabel('New password', { exact: true }).fill('velvet canyon morning');
  await page.getByRole('button', { name: 'Save new password' }).click();
  await page.getByRole('button', { name: 'Go to sign in' }).click();
  e.t.clock.advance(6_100);
  await page.getByLabel('Email').fill('mia@example.org');
  await page.getByLabel('Password').fill('velvet canyon morning');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Manager console' }).waitFor(WAIT);
});
