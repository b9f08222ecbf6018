/**
 * The demo lives at the edge of the house (DESIGN.md §8): production code never depends on it. Only app.ts
 * wires it in (and the HTTP layer registers the simulation routes it is handed), so the core runs the same
 * with or without it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('..', import.meta.url).pathname;
const CORE = ['domain', 'services', 'sync', 'store', 'hub', 'events', 'security', 'platform', 'mqtt', 'cloud'];

function sourceFiles(dir: string): string[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the demo boundary', () => {
  it('no core module imports the demo', () => {
    const offenders = CORE.flatMap((folder) => sourceFiles(join(SRC, folder)))
      .filter((file) => /from ['"][./]*\/?demo\//.test(readFileSync(file, 'utf8')))
      .map((file) => relative(SRC, file));
    expect(offenders).toEqual([]);
  });

  it('the check sees an import of the demo when there is one', () => {
    expect(/from ['"][./]*\/?demo\//.test("import { SimWorld } from '../demo/simWorld.ts';")).toBe(true);
  });
});
