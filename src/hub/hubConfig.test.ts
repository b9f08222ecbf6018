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
    expect(config.driver).toBe('simulated');
    expect(config).toMatchObject({ hubId: 'hub-2', lockIds: ['a'], latencyMs: { min: 0, max: 20 }, slots: 12 });
    expect(loadHubConfig({ ...required, HUB_LATENCY_MS: '250' })).toMatchObject({ latencyMs: { min: 250, max: 250 } });
  });

  it('takes the credentials Keyway hands out inside MQTT_URL, and still MQTT_USERNAME/MQTT_PASSWORD', () => {
    const url = 'mqtt://hub-1a2b3c4d:s3cr%2Ft@keyway.example:1883';
    expect(loadHubConfig({ ...required, MQTT_URL: url, HUB_DRIVER: 'simulated' })).toMatchObject({ mqttUrl: url });
    expect(loadHubConfig({ ...required, MQTT_USERNAME: 'u', MQTT_PASSWORD: 'p' })).toMatchObject({
      username: 'u',
      password: 'p',
    });
  });

  it('refuses an unknown driver', () => {
    expect(() => loadHubConfig({ ...required, HUB_DRIVER: 'ble' })).toThrow(/HUB_DRIVER must be one of/);
    expect(() => loadHubConfig(required, ['--driver=ble'])).toThrow(/HUB_DRIVER must be one of/);
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

describe('loadHubConfig with HUB_DRIVER=zwave', () => {
  const zwave = { MQTT_URL: 'mqtt://127.0.0.1:1883', HUB_ID: 'hub-1', HUB_DRIVER: 'zwave', ZWAVE_PORT: '/dev/ttyUSB0' };
  const key = (digit: string) => digit.repeat(32);

  it('needs ZWAVE_PORT but no HUB_LOCKS (locks are discovered), with defaults', () => {
    expect(loadHubConfig(zwave)).toEqual({
      mqttUrl: 'mqtt://127.0.0.1:1883',
      hubId: 'hub-1',
      username: undefined,
      password: undefined,
      logLevel: 'info',
      logFormat: 'auto',
      driver: 'zwave',
      zwave: {
        port: '/dev/ttyUSB0',
        keys: {},
        cacheDir: './zwave-cache',
        readPauseMs: 200,
        codeLengths: undefined,
        maskedNodeIds: [],
        readyTimeoutMs: 60_000,
        zwaveLogLevel: undefined,
      },
    });
    expect(() => loadHubConfig({ ...zwave, ZWAVE_PORT: undefined })).toThrow(/ZWAVE_PORT is required/);
    expect(loadHubConfig({ ...zwave, ZWAVE_PORT: undefined }, ['--zwave-port=/dev/ttyACM0'])).toMatchObject({
      zwave: { port: '/dev/ttyACM0' },
    });
  });

  it('reads the network keys (32 hex characters, case-insensitive) and the tuning variables', () => {
    const config = loadHubConfig({
      ...zwave,
      ZWAVE_S0_KEY: key('A'),
      ZWAVE_S2_UNAUTHENTICATED_KEY: key('1'),
      ZWAVE_S2_AUTHENTICATED_KEY: key('2'),
      ZWAVE_S2_ACCESS_KEY: key('3'),
      ZWAVE_CACHE_DIR: '/var/lib/keyway/zwave',
      ZWAVE_READ_PAUSE_MS: '0',
      ZWAVE_CODE_LENGTHS: '4-6',
      ZWAVE_MASKED_NODES: '5, 7',
      ZWAVE_READY_TIMEOUT_S: '120',
      ZWAVE_LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      driver: 'zwave',
      zwave: {
        keys: { s0Legacy: key('a'), s2Unauthenticated: key('1'), s2Authenticated: key('2'), s2AccessControl: key('3') },
        cacheDir: '/var/lib/keyway/zwave',
        readPauseMs: 0,
        codeLengths: [4, 5, 6],
        maskedNodeIds: [5, 7],
        readyTimeoutMs: 120_000,
        zwaveLogLevel: 'debug',
      },
    });
    expect(loadHubConfig({ ...zwave, ZWAVE_CODE_LENGTHS: '4,6' })).toMatchObject({ zwave: { codeLengths: [4, 6] } });
  });

  it('refuses bad keys without echoing them, keys used twice, and bad tuning values', () => {
    const bad = 'ab'.repeat(15);
    let message = '';
    try {
      loadHubConfig({ ...zwave, ZWAVE_S2_ACCESS_KEY: bad });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/ZWAVE_S2_ACCESS_KEY must be 32 hexadecimal characters/);
    expect(message).not.toContain(bad);
    expect(() => loadHubConfig({ ...zwave, ZWAVE_S0_KEY: key('g') })).toThrow(/ZWAVE_S0_KEY/);
    expect(() => loadHubConfig({ ...zwave, ZWAVE_S0_KEY: key('1'), ZWAVE_S2_ACCESS_KEY: key('1') })).toThrow(
      /every network key must be different/,
    );
    expect(() => loadHubConfig({ ...zwave, ZWAVE_CODE_LENGTHS: '3-8' })).toThrow(/ZWAVE_CODE_LENGTHS/);
    expect(() => loadHubConfig({ ...zwave, ZWAVE_CODE_LENGTHS: 'six' })).toThrow(/ZWAVE_CODE_LENGTHS/);
    expect(() => loadHubConfig({ ...zwave, ZWAVE_MASKED_NODES: '5;7' })).toThrow(/ZWAVE_MASKED_NODES/);
    expect(() => loadHubConfig({ ...zwave, ZWAVE_READ_PAUSE_MS: '-1' })).toThrow(/ZWAVE_READ_PAUSE_MS/);
    expect(() => loadHubConfig({ ...zwave, ZWAVE_LOG_LEVEL: 'loud' })).toThrow(/ZWAVE_LOG_LEVEL/);
    expect(() => loadHubConfig({ ...zwave, MQTT_URL: undefined })).toThrow(/MQTT_URL/);
  });
});
