/** Writes docs/openapi.json from the live route schemas (`npm run openapi`); a test keeps it current. */
import { writeFileSync } from 'node:fs';
import { buildOpenapiDocument } from '../test/support/openapiDocument.ts';

writeFileSync(
  new URL('../docs/openapi.json', import.meta.url),
  `${JSON.stringify(await buildOpenapiDocument(), null, 2)}\n`,
);
process.stdout.write('docs/openapi.json written\n');
