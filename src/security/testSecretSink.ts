/**
 * Test runs only: when KEYWAY_TEST_CAPTURE_DIR is set (test/globalSetup.ts does), every value sealed and every
 * secret issued is appended to `<dir>/<pid>.secrets.ndjson`, so the log scan at the end of the run knows exactly
 * which PINs and tokens must never appear in a log line. Unset (production), it is one check and nothing else.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

export const TEST_CAPTURE_DIR_ENV = 'KEYWAY_TEST_CAPTURE_DIR';

const dir = process.env[TEST_CAPTURE_DIR_ENV];
const seen = new Set<string>();

/** `sealed`: a plain value given to the cipher (a PIN, an inventory, a key); `secret`: a token or derived secret. */
export function witnessSecret(kind: 'sealed' | 'secret', value: string): void {
  if (!dir || seen.has(value)) return;
  seen.add(value);
  // Synchronous: a worker that exits (or is killed) right after sealing must not lose the value.
  appendFileSync(join(dir, `${process.pid}.secrets.ndjson`), `${JSON.stringify({ kind, value })}\n`);
}
