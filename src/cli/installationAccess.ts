/** What a command needs to work on an installation: its keys (as the server reads them) and its database. */

import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { PinCipher } from '../security/pinCipher.ts';
import { type KeyRing, resolveKeyRing } from '../security/secretKey.ts';
import { type Database, openDatabase } from '../store/database.ts';

export async function openInstallation(
  config: Config,
  logger: Logger,
): Promise<{ keys: KeyRing; cipher: PinCipher; database: Database }> {
  const keys = resolveKeyRing(config, logger);
  const cipher = new PinCipher(keys.current, keys.previous);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
  });
  return { keys, cipher, database };
}
