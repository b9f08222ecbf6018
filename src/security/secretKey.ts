/**
 * The master key for PIN encryption: KEYWAY_SECRET_KEY (32 bytes, base64 or hex) when configured;
 * otherwise a key file in the data folder, created on first start with owner-only permissions.
 * Several server processes on one database must share the same key (set KEYWAY_SECRET_KEY).
 *
 * During and after a key rotation the previous keys come with it: KEYWAY_PREVIOUS_SECRET_KEYS (comma separated,
 * newest first), or the key file's further lines (first line: the current key).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';

export function parseSecretKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error('KEYWAY_SECRET_KEY must be 32 bytes, written as 64 hex digits or base64.');
  return key;
}

/** The keys a ring is written as: one per line or comma separated, blank lines ignored. */
export function parseSecretKeys(text: string | undefined): Buffer[] {
  return (text ?? '')
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map(parseSecretKey);
}

export interface KeyRing {
  current: Buffer;
  /** Newest first; the last one is the installation's first key. */
  previous: Buffer[];
}

export function loadOrCreateKeyFile(dataDir: string): { key: Buffer; previous: Buffer[]; created: boolean } {
  const path = join(dataDir, 'secret.key');
  if (existsSync(path)) {
    const [key, ...previous] = parseSecretKeys(readFileSync(path, 'utf8'));
    if (!key) throw new Error(`${path} holds no key.`);
    return { key, previous, created: false };
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return { key, previous: [], created: true };
}

/** The key ring a process runs with, from the configuration (the same for the server and `npm run keyway`). */
export function resolveKeyRing(
  config: Pick<Config, 'secretKey' | 'previousSecretKeys' | 'databaseUrl' | 'dataDir'>,
  logger: Pick<Logger, 'info'>,
): KeyRing {
  if (config.secretKey)
    return { current: parseSecretKey(config.secretKey), previous: parseSecretKeys(config.previousSecretKeys) };
  // loadConfig already refuses this; a Config built by hand must not fall back to a per-process key file either.
  if (config.databaseUrl)
    throw new Error('KEYWAY_SECRET_KEY is required with DATABASE_URL (see README, Configuration)');
  const { key, previous, created } = loadOrCreateKeyFile(config.dataDir);
  if (created)
    logger.info({ dataDir: config.dataDir }, 'created a new PIN encryption key file (keep it with your backups)');
  return { current: key, previous: [...previous, ...parseSecretKeys(config.previousSecretKeys)] };
}
