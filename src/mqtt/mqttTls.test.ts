/**
 * `mqtts://` end to end: a broker behind TLS with a certificate from a private CA (made here with openssl), reached
 * through `connectMqtt` as Keyway's server and hubs reach it. With MQTT_CA_FILE the connection works; without it
 * the certificate is refused (never accepted unverified).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import { Aedes } from 'aedes';
import { connect } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMqtt, mqttClientOptions } from './connectMqtt.ts';
import { silentLogger, uniqueId } from './testBroker.ts';

const OPENSSL = '/usr/bin/openssl';
const available = existsSync(OPENSSL);
if (!available) console.warn(`SKIPPED: ${OPENSSL} is not installed, the mqtts:// test cannot run`);

let dir: string;
let aedes: Aedes;
let server: Server;
let url: string;
let caFile: string;

beforeAll(async () => {
  if (!available) return;
  dir = mkdtempSync(join(tmpdir(), 'keyway-mqtts-'));
  caFile = join(dir, 'ca.pem');
  const keyFile = join(dir, 'broker.key');
  // A self-signed certificate is its own (private) CA: what MQTT_CA_FILE points at.
  execFileSync(
    OPENSSL,
    [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'],
      ...['-keyout', keyFile, '-out', caFile, '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'],
    ],
    { stdio: 'pipe' },
  );
  aedes = await Aedes.createBroker();
  server = createServer({ key: readFileSync(keyFile), cert: readFileSync(caFile) }, aedes.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `mqtts://localhost:${(server.address() as AddressInfo).port}`;
}, 30_000);

afterAll(async () => {
  if (!available) return;
  await new Promise<void>((resolve) => aedes.close(() => resolve()));
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!available)('mqtts://', () => {
  it('connects with the private CA and carries a message from a publisher to a subscriber', async () => {
    const topic = `test/${uniqueId('tls')}`;
    const subscriber = await connectMqtt(url, { clientId: uniqueId('sub'), logger: silentLogger, caFile });
    const received = new Promise<string>((resolve) =>
      subscriber.on('message', (_t, payload) => resolve(String(payload))),
    );
    await subscriber.subscribeAsync(topic, { qos: 1 });
    const publisher = await connectMqtt(url, { clientId: uniqueId('pub'), logger: silentLogger, caFile });
    await publisher.publishAsync(topic, 'over TLS', { qos: 1 });
    expect(await received).toBe('over TLS');
    await publisher.endAsync();
    await subscriber.endAsync();
  });

  it('refuses the broker’s certificate without the CA that signed it', async () => {
    const options = mqttClientOptions(url, { clientId: uniqueId('no-ca'), logger: silentLogger, reconnectPeriodMs: 0 });
    const client = connect(url, options);
    const outcome = await new Promise<string>((resolve) => {
      client.once('connect', () => resolve('connected'));
      client.once('error', (error) => resolve(String((error as { code?: unknown }).code)));
    });
    client.end(true);
    expect(outcome).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY/);
  });
});
