/**
 * A manager sets up an integration in a real browser: creates a Seam-compatible API key, adds a webhook (the signing
 * secret is shown once, with a copy button) that a real receiver verifies, sees its deliveries, sees the code the
 * software made with Seam's SDK and revokes it, and enables a webhook Keyway had disabled.
 */
import { SeamHttp } from '@seamapi/http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { disableWebhookEndpoint } from '../../src/store/repositories/webhooks.ts';
import { WebhookReceiver } from '../seam/webhookReceiver.ts';
import { eventually } from '../support/testKeyway.ts';
import { DESKTOP, type E2E, startE2E } from './browserHarness.ts';

const MANAGER = 'manager@maplecourt.example';
const SLOW = { timeout: 120_000 };
const WAIT = { timeout: 30_000 };

let e: E2E;
let receiver: WebhookReceiver;
let desk: Page;

beforeAll(async () => {
  receiver = await WebhookReceiver.start();
  e = await startE2E({ env: { WEBHOOK_ALLOW_PRIVATE_URLS: 'true' } });
}, 120_000);
afterAll(async () => {
  await e?.close();
  await receiver?.stop();
});

it(
  'creates a Seam key and a verified webhook, shows deliveries, revokes an integration’s code, re-enables',
  SLOW,
  async () => {
    desk = await e.newPage(DESKTOP);
    await desk.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e.baseUrl });
    await e.signIn(desk, MANAGER);
    await desk
      .getByRole('navigation', { name: 'Manager console' })
      .getByRole('button', { name: 'Integrations' })
      .click();

    // A Seam-compatible key, shown once.
    const keyForm = desk.getByRole('form', { name: 'Create an API key' });
    await keyForm.getByLabel('Key name').fill('Property software');
    await keyForm.getByRole('radio', { name: /Seam-compatible/ }).check();
    await keyForm.getByRole('button', { name: 'Create key' }).click();
    const key = (await desk.locator('.mgr-newkey .mgr-key').first().textContent(WAIT))?.trim() ?? '';
    expect(key).toMatch(/^seam_/);
    await expect.poll(() => desk.getByText('Seam-compatible', { exact: true }).count()).toBeGreaterThan(0);

    // A webhook: its secret shown once, copied to the clipboard.
    const hookForm = desk.getByRole('form', { name: 'Add a webhook' });
    await hookForm.getByLabel('Receiver URL').fill(receiver.url('/pms'));
    await hookForm.getByRole('button', { name: 'Add webhook' }).click();
    const secretBox = desk.locator('.mgr-newkey').filter({ hasText: 'Signing secret' });
    const secret = (await secretBox.locator('.mgr-key').textContent(WAIT))?.trim() ?? '';
    expect(secret).toMatch(/^whsec_/);
    receiver.secretFor('/pms', secret);
    await secretBox.getByRole('button', { name: 'Copy secret' }).click();
    await secretBox.getByRole('button', { name: 'Copied' }).waitFor(WAIT);
    expect(await desk.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await secretBox.getByRole('button', { name: 'Done' }).click();
    expect(await desk.getByText(secret).count()).toBe(0);

    // The software makes a code with Seam's SDK; the webhook tells it the code is on the lock.
    const seam = SeamHttp.fromApiKey(key, { endpoint: `${e.baseUrl}/seam` });
    const unit = (await seam.devices.list()).find((d) => d.display_name === 'Unit 101 Front Door');
    const code = await seam.accessCodes.create({ device_id: unit?.device_id as string, name: 'Guest 1' });
    // (Deliveries of one round go out together, so either may arrive first.)
    await eventually(
      async () =>
        receiver.events('/pms', 'access_code.created').length > 0 &&
        receiver.events('/pms', 'access_code.set_on_device').length > 0,
      30_000,
      'the webhooks saying the code is made and set',
    );
    expect(receiver.unverifiable).toEqual([]);
    expect(receiver.events('/pms', 'access_code.created')[0]).toMatchObject({ access_code_id: code.access_code_id });

    const hook = desk.locator('.mgr-webhook').filter({ hasText: receiver.url('/pms') });
    await hook.getByText('Receiving').waitFor(WAIT);
    await hook.getByRole('button', { name: 'Recent deliveries' }).click();
    const delivered = hook.getByRole('row').filter({ hasText: 'A code reached its lock' });
    await delivered.getByText('Delivered').waitFor(WAIT);
    await delivered.getByText(/HTTP 200 — accepted/).waitFor(WAIT);

    // The code the software made, revoked by the manager.
    await desk.reload();
    await desk
      .getByRole('navigation', { name: 'Manager console' })
      .getByRole('button', { name: 'Integrations' })
      .click();
    const row = desk.getByRole('row').filter({ hasText: 'Guest 1' });
    await row.getByText('Property software').waitFor(WAIT);
    await row.getByText('On the lock').waitFor(WAIT);
    await row.getByRole('button', { name: 'Revoke Guest 1 on Unit 101 Front Door' }).click();
    await row.getByRole('button', { name: 'Confirm revoke' }).click(); // asked inline, not in a dialog
    await desk.getByText('“Guest 1” is revoked.', { exact: false }).waitFor(WAIT);
    await eventually(
      async () => receiver.events('/pms', 'access_code.deleted').length > 0,
      30_000,
      'the integration told of the deletion',
    );

    // Keyway disabled the webhook (as after 24 hours of failures); the manager reads why and enables it again.
    const [webhook] = (await e.t.request('GET', '/api/v1/webhooks', { token: await e.t.login(MANAGER) })).json()
      .webhooks as { id: string }[];
    await e.t.keyway.deps.db.transaction((tx) =>
      disableWebhookEndpoint(
        tx,
        webhook?.id as string,
        'No successful delivery since 2026-06-15 15:00 UTC (last answer: HTTP 503). Fix the receiver, then enable the webhook again.',
        new Date(),
      ),
    );
    await desk.reload();
    await desk
      .getByRole('navigation', { name: 'Manager console' })
      .getByRole('button', { name: 'Integrations' })
      .click();
    const disabled = desk.locator('.mgr-webhook').filter({ hasText: receiver.url('/pms') });
    await disabled.getByText('Disabled', { exact: true }).waitFor(WAIT);
    await disabled.getByText(/last answer: HTTP 503/).waitFor(WAIT);
    await disabled.getByRole('button', { name: 'Enable again' }).click();
    await disabled.getByText('Receiving').waitFor(WAIT);
    await e.screenshot(desk, 'integrations');
  },
);
