/**
 * The operator-facing HTTP surface on a whole Keyway: /metrics behind its token, readiness, and whose address
 * login limits count (TRUST_PROXY). Two servers: one configured for a proxy and a scraper, one on the defaults.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALEX, type CardJson, settledCards, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

const TOKEN = 'scrape-token-0123456789abcdef';

let proxied: TestKeyway;
let plain: TestKeyway;
// Two whole servers on a busy machine: each gets its own hook and time.
beforeAll(async () => {
  // Fastify's inject comes from 127.0.0.1: that is "the proxy" here.
  proxied = await startTestKeyway({ env: { METRICS_TOKEN: TOKEN, TRUST_PROXY: '127.0.0.1' } });
}, 120_000);
beforeAll(async () => {
  plain = await startTestKeyway();
}, 120_000);
afterAll(async () => {
  await proxied?.close();
  await plain?.close();
});

const scrape = (t: TestKeyway, token?: string) =>
  t.request('GET', '/metrics', token ? { headers: { authorization: `Bearer ${token}` } } : {});

/** The value of one sample line (`name{labels} value`) in the text format; 0 when absent. */
function sample(text: string, line: string): number {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? 0 : Number(found.slice(line.length + 1));
}

describe('GET /metrics', () => {
  it('does not exist without METRICS_TOKEN, and wants the token when it does', async () => {
    expect((await scrape(plain, TOKEN)).statusCode).toBe(404);
    expect((await scrape(proxied)).statusCode).toBe(401);
    expect((await scrape(proxied, `${TOKEN}x`)).statusCode).toBe(401);
    // A signed-in person's session is no metrics token.
    const session = await proxied.login(ALEX);
    expect((await scrape(proxied, session)).statusCode).toBe(401);
  });

  it('counts command latency and reconcile passes as codes reach locks, beside the fleet gauges', async () => {
    const token = await proxied.login(ALEX);
    const { home } = await settledCards(proxied, token);
    const before = (await scrape(proxied, TOKEN)).body;
    proxied.clock.advance(3_100);
    const change = await proxied.request('POST', `/api/v1/me/access/cards/${home.id}/generate`, {
      token,
      body: { length: 4 },
    });
    expect(change.statusCode).toBe(202);
    const settled = await settledCards(proxied, token);
    expect(settled.home.pendingCode).toBeNull();
    expect(settled.home.code).toBe((change.json().card as CardJson).pendingCode);

    const response = await scrape(proxied, TOKEN);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const after = response.body;
    const latency = 'keyway_command_latency_seconds_count{driver="hub",outcome="ok"}';
    expect(sample(after, latency)).toBeGreaterThan(sample(before, latency));
    expect(sample(after, 'keyway_reconcile_pass_seconds_count')).toBeGreaterThan(
      sample(before, 'keyway_reconcile_pass_seconds_count'),
    );
    expect(sample(after, 'keyway_reconcile_locks_total')).toBeGreaterThan(0);
    // The demo's simulated hubs are connected; the fleet gauges come from the database.
    expect(sample(after, 'keyway_hubs')).toBeGreaterThan(0);
    expect(sample(after, 'keyway_hubs_online')).toBe(sample(after, 'keyway_hubs'));
    expect(sample(after, 'keyway_fleet_read_up')).toBe(1);
    for (const name of [
      'keyway_sweep_lag_seconds',
      'keyway_verification_oldest_age_seconds',
      'keyway_webhook_deliveries_pending',
      'keyway_reconcile_jobs_queued',
      'keyway_reconcile_jobs_active',
      'nodejs_heap_size_used_bytes',
    ])
      expect(after).toMatch(new RegExp(`^${name} \\d`, 'm'));
    // Never a PIN in the metrics: not in a name, a label or a help text. Sample values are numbers (heap bytes,
    // ages) that may hold the same digits by chance, so they are left out of the search.
    const withoutValues = after
      .split('\n')
      .map((line) => (line.startsWith('#') ? line : line.slice(0, line.lastIndexOf(' ') + 1)))
      .join('\n');
    expect(withoutValues).toContain('keyway_hubs ');
    expect(withoutValues).not.toContain(settled.home.code);
  });
});

describe('GET /api/v1/health/ready', () => {
  it('is 200 with every check named while database, broker and queue run', async () => {
    const response = await proxied.request('GET', '/api/v1/health/ready');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      ready: true,
      draining: false,
      checks: { database: 'ok', broker: 'ok', queue: 'ok' },
    });
  });
});

describe('TRUST_PROXY: whose address the login limit counts', () => {
  const failedLogins = async (t: TestKeyway, forwardedFor: (i: number) => string, count: number) => {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) {
      const response = await t.request('POST', '/api/v1/auth/login', {
        body: { email: `nobody-${i}@example.org`, password: 'wrong-password' },
        headers: { 'x-forwarded-for': forwardedFor(i) },
      });
      statuses.push(response.statusCode);
    }
    return statuses;
  };

  // Eleven password checks (scrypt) each: slow on a busy machine.
  it('behind a trusted proxy: the forwarded client address, so one client does not lock out another', {
    timeout: 90_000,
  }, async () => {
    const first = await failedLogins(proxied, () => '203.0.113.7', 11);
    expect(first.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(first[10]).toBe(429);
    expect(await failedLogins(proxied, () => '203.0.113.8', 1)).toEqual([401]);
  });

  it('without it: the header is ignored, every attempt counts against the socket address', {
    timeout: 90_000,
  }, async () => {
    const statuses = await failedLogins(plain, (i) => `198.51.100.${i + 1}`, 11);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});
