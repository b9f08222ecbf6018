import { describe, expect, it } from 'vitest';
import { loadHubConfig } from './hubConfig.ts';

const required = { MQTT_URL: 'mqtt://127.0.0.1:1883', HUB_ID: 'hub-1', HUB_LOCKS: 'front, back' };

describe('loadHubConfig', () => {
  it('reads the environment with defaults', () => {
    expect(loadHubConfig(required)).toEqual({
      mqttUrl: 'mqtt://127.0.0.1:1883',
      driver: 'simulated',
      hubId: 'hub-1',
      lockIds: ['front', 'back'],
      latencyMs: { min: 300, max: 1500 },
      slots: 30,
      username: undefined,
      password: undefined,
      logLevel: 'info',
      logFormat: 'auto',
    });
  });

  it('lets arguments override the environment', () => {
    const config = loadHubConfig(required, ['--hub-id=hub-2', '--locks=a', '--latency-ms=0-20', '--slots', '12']);
    expect(config).toMatchObject({ hubId: 'hub-2', lockIds: ['a'], latencyMs: { min: 0, max: 20 }, slots: 12 });
    expect(loadHubConfig({ ...required, HUB_LATENCY_MS: '250' }).latencyMs).toEqual({ min: 250, max: 250 });
  });

  it('takes the credentials Keyway hands out inside MQTT_URL, and still MQTT_USERNAME/MQTT_PASSWORD', () => {
    const url = 'mqtt://hub-1a2b3c4d:s3cr%2Ft@keyway.example:1883';
    expect(loadHubConfig({ ...required, MQTT_URL: url, HUB_DRIVER: 'simulated' })).toMatchObject({ mqttUrl: url });
    expect(loadHubConfig({ ...required, MQTT_USERNAME: 'u', MQTT_PASSWORD: 'p' })).toMatchObject({
      username: 'u',
      password: 'p',
    });
  });

  it('refuses the zwave driver until it arrives, and any unknown driver', () => {
    expect(() => loadHubConfig({ ...required, HUB_DRIVER: 'zwave' })).toThrow(/zwave driver arrives with issue 10/);
    expect(() => loadHubConfig({ HUB_DRIVER: 'zwave' })).toThrow(/zwave driver arrives with issue 10/);
    expect(() => loadHubConfig({ ...required, HUB_DRIVER: 'ble' })).toThrow(/HUB_DRIVER must be one of/);
    expect(() => loadHubConfig(required, ['--driver=zwave'])).toThrow(/issue 10/);
  });

  it('names every missing or bad setting', () => {
    expect(() => loadHubConfig({})).toThrow(/MQTT_URL.*HUB_ID.*HUB_LOCKS/s);
    expect(() => loadHubConfig({ ...required, HUB_ID: 'a/b' })).toThrow(/HUB_ID/);
    expect(() => loadHubConfig({ ...required, HUB_LOCKS: 'a,a' })).toThrow(/HUB_LOCKS lists a lock twice/);
    expect(() => loadHubConfig({ ...required, HUB_LATENCY_MS: '20-5' })).toThrow(/HUB_LATENCY_MS/);
    expect(() => loadHubConfig({ ...required, HUB_SLOTS: '0' })).toThrow(/HUB_SLOTS/);
    expect(() => loadHubConfig({ ...required, MQTT_URL: 'http://x' })).toThrow(/MQTT_URL/);
    expect(() => loadHubConfig(required, ['--bogus=1'])).toThrow();
  });
});
