/** `npm run bench:scale -- --sizes 1000,10000 --latency-ms 50-150 …`: every setting, with its default. */
import { parseArgs } from 'node:util';

export interface ScaleOptions {
  sizes: number[];
  databaseUrl: string;
  mqttUrl: string;
  locksPerHub: number;
  /** Radio time per operation of the simulated locks (HUB_LATENCY_MS). */
  latencyMs: string;
  samples: number;
  backgroundRate: number;
  mixedSeconds: number;
  readsPerSecond: number;
  changesPerSecond: number;
  guestsPerSecond: number;
  /** Keypad uses per lock per hour (the fleet rate is this × locks / 3600 a second). */
  keypadPerLockHour: number;
  flapEverySeconds: number;
  flapStopSeconds: number;
  steadyTimeoutSeconds: number;
}

const DEFAULTS = {
  sizes: '1000,10000,100000',
  'locks-per-hub': '2000',
  'latency-ms': '50-150',
  samples: '100',
  'background-rate': '5',
  'mixed-seconds': '60',
  reads: '50',
  changes: '5',
  guests: '1',
  'keypad-per-lock-hour': '6',
  'flap-every': '10',
  'flap-stop': '5',
  'steady-timeout': '3600',
} as const;

export function parseScaleOptions(argv: string[]): ScaleOptions {
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(Object.keys(DEFAULTS).map((k) => [k, { type: 'string' as const }])),
    strict: true,
  });
  const v = { ...DEFAULTS, ...values } as Record<keyof typeof DEFAULTS, string>;
  const num = (key: keyof typeof DEFAULTS) => {
    const n = Number(v[key]);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${key} must be a number, got ${v[key]}`);
    return n;
  };
  const sizes = v.sizes.split(',').map((s) => Number(s.trim()));
  if (sizes.some((s) => !Number.isInteger(s) || s < 14)) throw new Error('--sizes: whole numbers of locks, ≥ 14');
  if (!/^\d+(-\d+)?$/.test(v['latency-ms'])) throw new Error('--latency-ms: "min-max" or one number');
  return {
    sizes,
    databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    mqttUrl: process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883',
    locksPerHub: num('locks-per-hub'),
    latencyMs: v['latency-ms'],
    samples: num('samples'),
    backgroundRate: num('background-rate'),
    mixedSeconds: num('mixed-seconds'),
    readsPerSecond: num('reads'),
    changesPerSecond: num('changes'),
    guestsPerSecond: num('guests'),
    keypadPerLockHour: num('keypad-per-lock-hour'),
    flapEverySeconds: num('flap-every'),
    flapStopSeconds: num('flap-stop'),
    steadyTimeoutSeconds: num('steady-timeout'),
  };
}
