/**
 * The web app takes its wire types from the server's schemas, as types only. Any other import of server HTTP code —
 * including `import { type X }`, which verbatimModuleSyntax keeps as a bare `import '…'` — would put zod and the
 * server's modules into the browser bundle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const web = join(root, 'web/src');
const serverHttp = join(root, 'src/http');

/** Every `import … from '…'` / `export … from '…'` of a web file that reaches into src/http. */
function serverHttpImports(): { file: string; statement: string }[] {
  const found: { file: string; statement: string }[] = [];
  for (const name of readdirSync(web, { recursive: true, encoding: 'utf8' })) {
    if (!/\.tsx?$/.test(name)) continue;
    const file = join(web, name);
    for (const match of readFileSync(file, 'utf8').matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+['"]([^'"]+)['"]/gm)) {
      const target = resolve(dirname(file), match[1] ?? '');
      if (target.startsWith(`${serverHttp}/`)) found.push({ file: name, statement: match[0] });
    }
  }
  return found;
}

describe('wire types in the web app', () => {
  it('come from src/http/wireTypes.ts, imported as types only', () => {
    const imports = serverHttpImports();
    expect(imports.length).toBeGreaterThan(0);
    for (const { file, statement } of imports) {
      expect(statement, file).toMatch(
        /^(?:import|export) type\s*\{[^}]*\}\s*from\s+['"][^'"]*\/src\/http\/wireTypes\.ts['"]$/,
      );
    }
  });
});
