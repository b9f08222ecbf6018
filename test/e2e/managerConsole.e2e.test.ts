/**
 * The manager console at desktop (1440×900) and phone (390×844) size: unsaved settings keep a save bar on screen
 * and ask before they are discarded, destructive actions confirm inline (never a browser dialog), one-time secrets
 * have a Copy button, and the phone's navigation is one row with a menu.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type E2E, startE2E } from './browserHarness.ts';

const MANAGER = 'manager@maplecourt.example';
const DESK = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const SLOW = { timeout: 90_000 };
const WAIT = { timeout: 30_000 };

let e: E2E;
beforeAll(async () => {
  e = await startE2E({ latency: '30-80' });
}, 120_000);
afterAll(async () => {
  await e?.close();
});

const consoleNav = (p: Page) => p.getByRole('navigation', { name: 'Manager console' });
const title = (p: Page) => p.getByRole('heading', { level: 1 });
const goTo = async (p: Page, name: string) => {
  const menu = consoleNav(p).getByRole('button', { name: /^Menu/ });
  await consoleNav(p).waitFor(WAIT);
  if (await menu.isVisible()) await menu.click();
  await consoleNav(p).getByRole('button', { name, exact: true }).click();
};

/** Any browser dialog (window.confirm, alert, prompt) is a failure here: every question is asked on the page. */
function recordDialogs(p: Page): string[] {
  const seen: string[] = [];
  p.on('dialog', (dialog) => {
    seen.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return seen;
}

it(
  'settings: unsaved edits keep the save bar on screen, and leaving asks first (in the app and the browser)',
  SLOW,
  async () => {
    const desk = await e.newPage(DESK);
    await e.signIn(desk, MANAGER);
    await expect.poll(() => title(desk).textContent(), WAIT).toBe('Community settings');
    const bar = desk.getByRole('region', { name: 'Save settings' });
    const custom = desk.getByRole('checkbox', { name: 'Custom codes' });
    await custom.waitFor(WAIT);
    const before = await custom.isChecked();

    // With nothing to save the bar sits at the end of the long form, below the fold.
    await desk.evaluate(() => window.scrollTo(0, 0));
    expect((await bar.boundingBox())?.y ?? 0).toBeGreaterThan(DESK.height);

    // One edit: the bar sticks to the bottom of the screen and counts the change.
    await custom.click();
    await bar.getByText('1 unsaved change').waitFor(WAIT);
    await desk.evaluate(() => window.scrollTo(0, 0));
    const box = await bar.boundingBox();
    expect(box).not.toBeNull();
    expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(DESK.height);
    expect(box?.y ?? 0).toBeGreaterThan(DESK.height / 2);
    await e.screenshot(desk, 'manager-settings-unsaved');

    // Another page: asked inline; "Keep editing" stays with the edit.
    await goTo(desk, 'Residents');
    const prompt = bar.getByRole('alert').filter({ hasText: 'Leave without saving?' });
    await prompt.waitFor(WAIT);
    expect(await title(desk).textContent()).toBe('Community settings');
    await prompt.getByRole('button', { name: 'Keep editing' }).click();
    expect(await custom.isChecked()).toBe(!before);

    // Asked again; "Discard changes" leaves, and the setting is as it was.
    await goTo(desk, 'Residents');
    await prompt.getByRole('button', { name: 'Discard changes' }).click();
    await expect.poll(() => title(desk).textContent(), WAIT).toBe('Residents');
    await goTo(desk, 'Settings');
    await custom.waitFor(WAIT);
    expect(await custom.isChecked()).toBe(before);

    // The browser's Back button asks the same way: the page stays until "Discard changes".
    await custom.click();
    await bar.getByText('1 unsaved change').waitFor(WAIT);
    await desk.goBack();
    await prompt.waitFor(WAIT);
    expect(await title(desk).textContent()).toBe('Community settings');
    expect(new URL(desk.url()).pathname).toBe('/manager/settings');
    await prompt.getByRole('button', { name: 'Keep editing' }).click();
    expect(await custom.isChecked()).toBe(!before);
    await desk.goBack();
    await prompt.getByRole('button', { name: 'Discard changes' }).click();
    await expect.poll(() => title(desk).textContent(), WAIT).toBe('Residents');
    await desk.goForward();
    await expect.poll(() => title(desk).textContent(), WAIT).toBe('Community settings');
    await custom.waitFor(WAIT);
    expect(await custom.isChecked()).toBe(before);

    // Closing the tab with an edit pending: the browser asks (beforeunload).
    await custom.click();
    await bar.getByText('1 unsaved change').waitFor(WAIT);
    const asked = new Promise<string>((resolve) =>
      desk.once('dialog', (dialog) => {
        resolve(dialog.type());
        void dialog.dismiss();
      }),
    );
    await desk.close({ runBeforeUnload: true });
    expect(await asked).toBe('beforeunload');
    await desk.context().close();
  },
);

it('API keys: Copy puts the key on the clipboard; Revoke confirms inline, with no browser dialog', SLOW, async () => {
  const desk = await e.newPage(DESK);
  await desk.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e.baseUrl });
  const dialogs = recordDialogs(desk);
  await e.signIn(desk, MANAGER);
  await title(desk).waitFor(WAIT);
  await goTo(desk, 'Integrations');

  const form = desk.getByRole('form', { name: 'Create an API key' });
  await form.getByLabel('Key name').fill('Door software');
  await form.getByRole('button', { name: 'Create key' }).click();
  const box = desk.locator('.mgr-newkey').filter({ hasText: 'Door software' });
  const key = (await box.locator('.mgr-key').textContent(WAIT))?.trim() ?? '';
  expect(key.length).toBeGreaterThan(20);
  await box.getByRole('button', { name: 'Copy key' }).click();
  await box.getByRole('button', { name: 'Key copied' }).waitFor(WAIT);
  expect(await desk.evaluate(() => navigator.clipboard.readText())).toBe(key);
  await box.getByRole('button', { name: 'I have saved it' }).click();

  const item = desk.getByRole('listitem').filter({ hasText: 'Door software' });
  await item.getByRole('button', { name: 'Revoke API key Door software' }).click();
  const question = item.getByRole('group', { name: 'Revoke API key Door software' });
  await question.getByText('Software using it stops working at once.').waitFor(WAIT);
  await question.getByRole('button', { name: 'Confirm revoke' }).click();
  await item.getByText('revoked', { exact: false }).waitFor(WAIT);
  expect(dialogs).toEqual([]);
  await desk.context().close();
});

it(
  'staff codes: the new code has a Copy button and no “shown once”, since it can be revealed again',
  SLOW,
  async () => {
    const desk = await e.newPage(DESK);
    await desk.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e.baseUrl });
    await e.signIn(desk, MANAGER);
    await title(desk).waitFor(WAIT);
    await goTo(desk, 'Staff codes');
    await desk.getByRole('button', { name: 'Create a code' }).click();
    const form = desk.getByRole('form', { name: 'Create a staff or vendor code' });
    await form.getByLabel('Name').fill('Window cleaner');
    await form.getByRole('button', { name: 'Create code', exact: true }).click();
    const created = desk.getByRole('region', { name: /code for Window cleaner/ });
    const code = (await created.locator('code').textContent(WAIT)) ?? '';
    expect(code).toMatch(/^\d{4,6}$/);
    expect((await created.textContent())?.toLowerCase()).not.toContain('shown once');
    await created.getByRole('button', { name: 'Copy code' }).click();
    await created.getByRole('button', { name: 'Code copied' }).waitFor(WAIT);
    expect(await desk.evaluate(() => navigator.clipboard.readText())).toBe(code);
    await desk.context().close();
  },
);

it('phone (390 px): the navigation is one row with a menu, and emails never break inside a word', SLOW, async () => {
  const phone = await e.newPage(PHONE);
  await e.signIn(phone, MANAGER);
  await title(phone).waitFor(WAIT);
  const nav = consoleNav(phone);

  // One row: the menu button and Sign out side by side; the page list hidden until asked for.
  const row = await nav.evaluate((el) => {
    const shown = [...el.querySelectorAll('button')].filter((b) => b.getClientRects().length > 0);
    return {
      height: el.getBoundingClientRect().height,
      tops: shown.map((b) => Math.round(b.getBoundingClientRect().top)),
    };
  });
  expect(row.tops.length).toBe(2);
  expect(new Set(row.tops).size).toBe(1);
  expect(row.height).toBeLessThan(64);
  expect(await nav.getByRole('button', { name: 'Residents', exact: true }).isVisible()).toBe(false);

  const menu = nav.getByRole('button', { name: /^Menu/ });
  expect(await menu.getAttribute('aria-expanded')).toBe('false');
  await menu.click();
  expect(await menu.getAttribute('aria-expanded')).toBe('true');
  await e.screenshot(phone, 'manager-phone-menu');
  await nav.getByRole('button', { name: 'Residents', exact: true }).click();
  await expect.poll(() => title(phone).textContent(), WAIT).toBe('Residents');
  expect(await nav.getByRole('button', { name: 'Residents', exact: true }).isVisible()).toBe(false);

  // Every email wraps, if at all, only just before its "@".
  const emails = phone.locator('.mgr-email');
  await emails.first().waitFor(WAIT);
  const breaks = await emails.evaluateAll((spans) =>
    spans.flatMap((span) => {
      const text = span.textContent ?? '';
      const walker = document.createTreeWalker(span, NodeFilter.SHOW_TEXT);
      const tops: number[] = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < (node.textContent ?? '').length; i++) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          tops.push(Math.round(range.getBoundingClientRect().top));
        }
      }
      const bad: string[] = [];
      for (let i = 1; i < tops.length; i++) {
        if (tops[i] !== tops[i - 1] && text[i] !== '@') bad.push(`${text} breaks before “${text.slice(i)}”`);
      }
      return bad;
    }),
  );
  expect(breaks).toEqual([]);
  await e.screenshot(phone, 'manager-phone-residents');
  await phone.context().close();
});
