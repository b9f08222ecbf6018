/**
 * Composition root: turns configuration into a running Keyway (database, key, services, HTTP server).
 * Tests build the same thing with their own clock, random source, database and log destination.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { buildServer } from './http/server.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { cryptoRandom, type Random } from './platform/random.ts';
import { PinCipher } from './security/pinCipher.ts';
import { loadOrCreateKeyFile, parseSecretKey } from './security/secretKey.ts';
import type { ServiceDeps } from './services/deps.ts';
import { seedDemo } from './services/seedDemo.ts';
import { openDatabase, type Database } from './store/database.ts';

export interface Keyway {
  app: FastifyInstance;
  deps: ServiceDeps;
  database: Database;
  demoSeeded: boolean;
  close(): Promise<void>;
}

export interface KeywayOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  random?: Random;
  /** Use this database instead of opening one from the configuration (tests). */
  database?: Database;
  /** Use this key instead of KEYWAY_SECRET_KEY or the key file (tests). */
  secretKey?: Buffer;
}

export async function createKeyway(options: KeywayOptions): Promise<Keyway> {
  const { config, logger } = options;
  const secretKey = options.secretKey ?? resolveSecretKey(config, logger);
  const database =
    options.database ??
    (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir }));
  const deps: ServiceDeps = {
    db: database.db,
    clock: options.clock ?? systemClock,
    random: options.random ?? cryptoRandom,
    cipher: new PinCipher(secretKey),
    logger,
    sessionHours: config.sessionHours,
  };
  const demoSeeded = config.demo ? (await seedDemo(deps)).seeded : false;
  const app = await buildServer(deps);
  await app.ready();
  return {
    app,
    deps,
    database,
    demoSeeded,
    async close() {
      await app.close();
      if (!options.database) await database.close();
    },
  };
}

function resolveSecretKey(config: Config, logger: Logger): Buffer {
  if (config.secretKey) return parseSecretKey(config.secretKey);
  const { key, created } = loadOrCreateKeyFile(config.dataDir);
  if (created) logger.info({ dataDir: config.dataDir }, 'created a new PIN encryption key file (keep it with your backups)');
  if (config.databaseUrl) {
    logger.warn('DATABASE_URL is set but KEYWAY_SECRET_KEY is not: every server process must share the same key file');
  }
  return key;
}
