/**
 * `npm run keyway -- rotate-key [--check] [--batch <n>]`
 *
 * Re-encrypts every sealed value (PINs, lock inventories, Bluetooth and hub keys, mail tokens, cloud and webhook
 * secrets) with the current key, KEYWAY_SECRET_KEY (or the key file's first line), reading the old ones with
 * KEYWAY_PREVIOUS_SECRET_KEYS (or the key file's further lines). Servers keep running, configured with the same
 * keys. Resumable: run it again after an interruption. `--check` only counts what is still under an old key.
 * The procedure, backups first, is in docs/operations.md ("Rotating the key").
 */
import { parseArgs } from 'node:util';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { openInstallation } from './installationAccess.ts';
import { remainingUnderOldKeys, resealAll } from './sealedValues.ts';

const USAGE = 'usage: npm run keyway -- rotate-key [--check] [--batch <rows per batch, default 200>]';

export async function runRotateKey(
  argv: string[],
  context: { config: Config; logger: Logger; print: (line: string) => void },
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { check: { type: 'boolean' }, batch: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  const batchSize = values.batch === undefined ? 200 : Number(values.batch);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    context.print(USAGE);
    return 2;
  }
  const { config, print } = context;
  const { keys, cipher, database } = await openInstallation(config, context.logger);
  try {
    print(`Current key id ${cipher.keyId}; ${keys.previous.length} previous key(s) configured.`);
    let unreadable = 0;
    if (!values.check) {
      const results = await resealAll({
        db: database.db,
        cipher,
        batchSize,
        onProgress: (p) => print(`  ${p.name}: ${p.resealed} re-encrypted so far`),
      });
      for (const r of results) {
        print(
          `${r.name}: ${r.resealed} re-encrypted, ${r.changedMeanwhile} rewritten by a server meanwhile, ` +
            `${r.unreadable.length} unreadable`,
        );
        if (r.unreadable.length > 0) print(`  unreadable ids: ${r.unreadable.slice(0, 20).join(', ')}`);
        unreadable += r.unreadable.length;
      }
    }
    const remaining = [...(await remainingUnderOldKeys(database.db, cipher))].filter(([, n]) => n > 0);
    if (remaining.length === 0) {
      print('Every sealed value is under the current key: no previous key is needed to decrypt any more.');
      print('Keep the first key configured all the same: it keys fingerprints and links (docs/operations.md).');
      return 0;
    }
    for (const [name, n] of remaining) print(`${name}: ${n} still under an old key`);
    print(
      unreadable > 0
        ? 'Some values open with no configured key: was a previous key left out? Nothing was lost; run again with it.'
        : 'Run the command (again) to finish.',
    );
    return 1;
  } finally {
    await database.close();
  }
}
