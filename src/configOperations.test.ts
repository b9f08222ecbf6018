import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

const KEY = 'ab'.repeat(32);

describe('loadConfig: running on a PostgreSQL server', () => {
  it('refuses DATABASE_URL without KEYWAY_SECRET_KEY, saying what to do', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@h/db' })).toThrow(/KEYWAY_SECRET_KEY is required/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@h/db' })).toThrow(/secret\.key/);
  });
  it('starts with both, and embedded without a key (the key file)', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', KEYWAY_SECRET_KEY: KEY }).secretKey).toBe(KEY);
    expect(loadConfig({}).secretKey).toBeUndefined();
  });
});

describe('loadConfig: operations', () => {
  it('trusts no proxy by default and reads TRUST_PROXY', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(() => loadConfig({ TRUST_PROXY: '2' })).toThrow(/TRUST_PROXY/);
  });
  it('serves metrics only with a token long enough to be a secret', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: 'x'.repeat(16) }).metricsToken).toBe('x'.repeat(16));
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });
  it('bounds a graceful shutdown (25 s unless told)', () => {
    expect(loadConfig({}).shutdownTimeoutMs).toBe(25_000);
    expect(loadConfig({ SHUTDOWN_TIMEOUT_SECONDS: '60' }).shutdownTimeoutMs).toBe(60_000);
    expect(() => loadConfig({ SHUTDOWN_TIMEOUT_SECONDS: '0' })).toThrow(/SHUTDOWN_TIMEOUT_SECONDS/);
  });
});
