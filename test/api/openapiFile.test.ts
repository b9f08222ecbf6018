import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildOpenapiDocument } from '../support/openapiDocument.ts';

describe('docs/openapi.json', () => {
  it('is the document the server serves (run `npm run openapi` after changing a route)', async () => {
    const committed = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(await buildOpenapiDocument())));
  });
});
