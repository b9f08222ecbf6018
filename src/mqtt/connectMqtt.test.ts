import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mqttClientOptions } from './connectMqtt.ts';
import { silentLogger } from './testBroker.ts';

describe('mqttClientOptions', () => {
  const caFile = join(mkdtempSync(join(tmpdir(), 'keyway-ca-')), 'ca.pem');
  writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  const base = { clientId: 'c', logger: silentLogger };

  it('mqtts:// verifies the broker certificate, against the private CA when one is given', () => {
    const options = mqttClientOptions('mqtts://broker.example:8883', { ...base, caFile });
    expect(options.rejectUnauthorized).toBe(true);
    expect(String(options.ca)).toContain('BEGIN CERTIFICATE');
    expect(mqttClientOptions('mqtts://broker.example:8883', base)).toMatchObject({ rejectUnauthorized: true });
    expect(mqttClientOptions('mqtts://broker.example:8883', base).ca).toBeUndefined();
  });

  it('refuses a CA file with a plain mqtt:// URL (it would be silently ignored)', () => {
    expect(() => mqttClientOptions('mqtt://broker.example:1883', { ...base, caFile })).toThrow(/MQTT_CA_FILE/);
  });

  it('passes credentials and the last will through', () => {
    const options = mqttClientOptions('mqtt://h:1', {
      ...base,
      username: 'hub-1',
      password: 'p',
      will: { topic: 't', payload: '{}' },
    });
    expect(options).toMatchObject({ username: 'hub-1', password: 'p', will: { topic: 't', qos: 1, retain: false } });
  });
});
