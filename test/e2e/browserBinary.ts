/**
 * Which Chromium the browser tests drive: `CHROMIUM_PATH` if set, Debian's `/usr/bin/chromium` when installed,
 * else the Chromium that ships inside the `@sparticuz/chromium` npm package (unpacked into the temp folder on
 * first use, about a second), so `npm ci && npm test` needs nothing installed by hand.
 */
import { existsSync } from 'node:fs';

export interface BrowserBinary {
  executablePath: string;
  /** Launch flags that belong to this binary (the harness adds its own). */
  args: string[];
  source: 'CHROMIUM_PATH' | 'debian' | '@sparticuz/chromium';
}

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * Flags of @sparticuz/chromium (built for serverless functions) that would make our tests lie: with
 * `--single-process` separate browser contexts share cookies (two users in two windows become one), and the
 * web-security switches would hide same-origin mistakes.
 */
const UNWANTED = new Set(['--single-process', '--disable-web-security', '--allow-running-insecure-content']);

export async function resolveBrowserBinary(env: NodeJS.ProcessEnv = process.env): Promise<BrowserBinary> {
  if (env.CHROMIUM_PATH) return { executablePath: env.CHROMIUM_PATH, args: [], source: 'CHROMIUM_PATH' };
  if (existsSync(DEBIAN_CHROMIUM)) return { executablePath: DEBIAN_CHROMIUM, args: [], source: 'debian' };
  const { default: sparticuz } = await import('@sparticuz/chromium');
  return {
    executablePath: await sparticuz.executablePath(),
    args: sparticuz.args.filter((flag) => !UNWANTED.has(flag) && !flag.startsWith('--headless')),
    source: '@sparticuz/chromium',
  };
}
