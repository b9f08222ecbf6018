import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toMatchObject({
      port: 3000,
      dataDir: './data',
      databaseUrl: undefined,
      mqttUrl: undefined,
      demo: true,
    });
  });
  it('reads the variables of API.md', () => {
    const config = loadConfig({
      PORT: '8080',
      KEYWAY_DATA_DIR: '/var/lib/keyway',
      DATABASE_URL: 'postgres://u@h/db',
      KEYWAY_SECRET_KEY: 'a'.repeat(64),
      MQTT_URL: 'mqtt://h:1883',
    });
    expect(config).toMatchObject({
      port: 8080,
      dataDir: '/var/lib/keyway',
      databaseUrl: 'postgres://u@h/db',
      mqttUrl: 'mqtt://h:1883',
    });
  });
  it('refuses private webhook addresses unless the operator allows them', () => {
    expect(loadConfig({}).webhooks).toEqual({ allowPrivateUrls: false });
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE_URLS: 'true' }).webhooks).toEqual({ allowPrivateUrls: true });
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE_URLS: '0' }).webhooks).toEqual({ allowPrivateUrls: false });
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE_URLS: 'yes' })).toThrow(/WEBHOOK_ALLOW_PRIVATE_URLS/);
  });
  it('shares hub reports between processes only on an external broker, unless told otherwise', () => {
    expect(loadConfig({}).mqttSharedSubscriptions).toBe(false);
    expect(loadConfig({ MQTT_URL: 'mqtt://h:1883' }).mqttSharedSubscriptions).toBe(true);
    expect(loadConfig({ MQTT_URL: 'mqtt://h:1883', MQTT_SHARED_SUBSCRIPTIONS: 'off' }).mqttSharedSubscriptions).toBe(
      false,
    );
    expect(() => loadConfig({ MQTT_SHARED_SUBSCRIPTIONS: 'on' })).toThrow(/MQTT_SHARED_SUBSCRIPTIONS/);
    expect(() => loadConfig({ MQTT_SHARED_SUBSCRIPTIONS: 'yes' })).toThrow(/MQTT_SHARED_SUBSCRIPTIONS/);
  });
  it('stops with a message naming the bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ KEYWAY_DEMO: 'maybe' })).toThrow(/KEYWAY_DEMO/);
  });
});
