/**
 * Settings of the stand-alone hub program (`npm run hub`), from the environment or `--flag=value` arguments
 * (an argument wins over the variable of the same meaning). Checked at start; a bad value stops the program with
 * a message naming the setting.
 *
 *   MQTT_URL        --mqtt-url      required  broker, mqtt://host:1883 or mqtts://host:8883; may carry the hub's
 *                                             credentials: mqtt://user:pass@host:1883 (as Keyway hands them out)
 *   HUB_ID          --hub-id        required  this hub's id (letters, digits, - _ .)
 *   HUB_DRIVER      --driver        simulated simulated, or zwave (arrives with issue 10: refused at start for now)
 *   HUB_LOCKS       --locks         required  comma-separated addresses of the simulated locks this hub drives
 *   HUB_LATENCY_MS  --latency-ms    "300-1500" radio time per lock operation: "min-max" or one number
 *   HUB_SLOTS       --slots         30        user-code slots per lock (1–1000)
 *   MQTT_USERNAME / MQTT_PASSWORD             broker credentials (optional)
 *   LOG_LEVEL                       info
 *   LOG_FORMAT                      auto      auto (readable on a terminal, JSON otherwise), pretty, json
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';

const latency = z
  .string()
  .regex(/^\s*\d+\s*(-\s*\d+\s*)?$/, 'expected "min-max" in milliseconds, e.g. "300-1500", or one number')
  .transform((text) => {
    const [min, max = min] = text.split('-').map((part) => Number(part.trim()));
    return { min: min!, max: max! };
  })
  .refine(({ min, max }) => min <= max, 'min must not exceed max');

const environment = z.object({
  MQTT_URL: z
    .string({ error: 'is required (e.g. mqtt://127.0.0.1:1883)' })
    .regex(/^(mqtts?|wss?|tcp|ssl):\/\/.+/, 'must be an mqtt://, mqtts://, ws:// or wss:// URL'),
  HUB_ID: z
    .string({ error: 'is required' })
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, - _ . only (1–64 characters)'),
  HUB_LOCKS: z
    .string({ error: 'is required (comma-separated lock addresses)' })
    .transform((text) =>
      text
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id.length > 0),
    )
    .refine((ids) => ids.length > 0, 'needs at least one lock address')
    .refine((ids) => new Set(ids).size === ids.length, 'lists a lock twice'),
  HUB_LATENCY_MS: latency.default({ min: 300, max: 1500 }),
  HUB_SLOTS: z.coerce.number().int().min(1).max(1000).default(30),
  MQTT_USERNAME: z.string().min(1).optional(),
  MQTT_PASSWORD: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
});

export const HUB_DRIVERS = ['simulated', 'zwave'] as const;

export interface HubConfig {
  mqttUrl: string;
  driver: 'simulated';
  hubId: string;
  lockIds: string[];
  latencyMs: { min: number; max: number };
  slots: number;
  username: string | undefined;
  password: string | undefined;
  logLevel: string;
  logFormat: 'auto' | 'pretty' | 'json';
}

const FLAGS = {
  'mqtt-url': 'MQTT_URL',
  'hub-id': 'HUB_ID',
  locks: 'HUB_LOCKS',
  driver: 'HUB_DRIVER',
  'latency-ms': 'HUB_LATENCY_MS',
  slots: 'HUB_SLOTS',
} as const;

export function loadHubConfig(env: NodeJS.ProcessEnv, argv: string[] = []): HubConfig {
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(Object.keys(FLAGS).map((flag) => [flag, { type: 'string' as const }])),
    strict: true,
    allowPositionals: false,
  });
  const merged: Record<string, string | undefined> = { ...env };
  for (const [flag, variable] of Object.entries(FLAGS)) {
    const value = values[flag];
    if (typeof value === 'string') merged[variable] = value;
  }
  const driver = merged.HUB_DRIVER?.trim() || 'simulated';
  if (!(HUB_DRIVERS as readonly string[]).includes(driver))
    throw new Error(`Invalid hub configuration: HUB_DRIVER must be one of ${HUB_DRIVERS.join(', ')}`);
  if (driver === 'zwave')
    throw new Error('Invalid hub configuration: HUB_DRIVER=zwave — the zwave driver arrives with issue 10');
  const parsed = environment.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ');
    throw new Error(`Invalid hub configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    mqttUrl: e.MQTT_URL,
    driver: 'simulated',
    hubId: e.HUB_ID,
    lockIds: e.HUB_LOCKS,
    latencyMs: e.HUB_LATENCY_MS,
    slots: e.HUB_SLOTS,
    username: e.MQTT_USERNAME,
    password: e.MQTT_PASSWORD,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
  };
}
