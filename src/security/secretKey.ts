/**
 * The master key for PIN encryption: KEYWAY_SECRET_KEY (32 bytes, base64 or hex) when configured;
 * otherwise a key file in the data folder, created on first start with owner-only permissions.
 * Several server processes on one database must share the same key (set KEYWAY_SECRET_KEY).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function parseSecretKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error('KEYWAY_SECRET_KEY must be 32 bytes, written as 64 hex digits or base64.');
  return key;
}

export function loadOrCreateKeyFile(dataDir: string): { key: Buffer; created: boolean } {
  const path = join(dataDir, 'secret.key');
  if (existsSync(path)) return { key: parseSecretKey(readFileSync(path, 'utf8')), created: false };
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return { key, created: true };
}
