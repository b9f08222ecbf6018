/**
 * End-to-end harness: a whole Keyway (demo seeded, simulated locks with short radio latency) listening on
 * a free port, the built web app (npm run build, done by `npm test` before vitest), and Chromium driven by
 * playwright-core (Debian's when installed, else the one from npm: see browserBinary.ts). Screenshots go to
 * docs/screenshots when KEYWAY_SCREENSHOTS=1.
 */
import { mkdirSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

/** Our own flags: headless, and no calls home (this machine's closed network refuses them, many at a time). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface E2E {
  t: TestKeyway;
  baseUrl: string;
  browser: Browser;
  /** A fresh page (own cookies) at a phone's size unless told otherwise. */
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  signIn(page: Page, email: string): Promise<void>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export const PHONE = { width: 375, height: 812 };
export const DESKTOP = { width: 1280, height: 860 };

export async function startE2E(options: { latency?: string; env?: Record<string, string> } = {}): Promise<E2E> {
  const t = await startTestKeyway({
    latency: options.latency ?? '30-80',
    realClock: true,
    ...(options.env ? { env: options.env } : {}),
  });
  await t.keyway.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.keyway.app.server.address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const binary = inject('browserBinary');
  const browser = await chromium.launch({
    executablePath: binary.executablePath,
    args: [...new Set([...binary.args, ...CHROMIUM_ARGS])],
  });
  return {
    t,
    baseUrl,
    browser,
    async newPage(viewport = PHONE) {
      const context = await browser.newContext({ viewport });
      return context.newPage();
    },
    async signIn(page, email) {
      t.clock.advance(6_100); // sign-ins from one address are limited to 10 a minute
      await page.goto(baseUrl);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('keyway-demo');
      await page.getByRole('button', { name: 'Sign in' }).click();
    },
    async screenshot(page, name) {
      if (!process.env.KEYWAY_SCREENSHOTS) return;
      mkdirSync('docs/screenshots', { recursive: true });
      await page.screenshot({ path: `docs/screenshots/${name}.png`, fullPage: true });
    },
    async close() {
      await browser.close();
      await t.close();
    },
  };
}
