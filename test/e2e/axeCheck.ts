/**
 * An axe-core check of the page as it is now (issue 13, item 11): the engine's own source is evaluated in the
 * page (plain axe-core, no test-runner plugin; evaluated rather than added as a <script>, which the app's
 * Content-Security-Policy rightly refuses, so the page is checked under its real headers), it runs on the whole document, and any violation of impact
 * serious or critical fails with the rule, the elements it found and what to do, one line each.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const FAILING = new Set(['serious', 'critical']);

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Every serious or critical violation on the page now, after its transitions have settled. */
export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  // A sheet sliding in is half transparent for a moment; contrast is judged on the settled page.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe;
    const results = await axe.run(document, { resultTypes: ['violations'] });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? 'minor',
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
    interface AxeResults {
      violations: { id: string; impact?: string | null; help: string; nodes: { target: string[] }[] }[];
    }
  });
  return violations.filter((v) => FAILING.has(v.impact));
}

/** Fails with one line per finding when the page has any serious or critical violation. */
export async function expectNoSeriousViolations(page: Page, screen: string): Promise<void> {
  const findings = await axeFindings(page);
  if (findings.length === 0) return;
  const lines = findings.map((f) => `  ${f.impact} ${f.id}: ${f.help} — ${f.targets.slice(0, 5).join(', ')}`);
  throw new Error(`axe on ${screen}: ${findings.length} serious or critical violation(s)\n${lines.join('\n')}`);
}
