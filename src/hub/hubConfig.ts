/**
 * Settings of the stand-alone hub program (`npm run hub`), from the environment or `--flag=value` arguments
 * (an argument wins over the variable of the same meaning). Checked at start; a bad value stops the program with
 * a message naming the setting.
 *
 *   MQTT_URL        --mqtt-url      required  broker, mqtt://host:1883 or mqtts://host:8883; may carry the hub's
 *                                             credentials: mqtt://user:pass@host:1883 (as Keyway hands them out)
 *   HUB_ID          --hub-id        required  this hub's id (letters, digits, - _ .)
 *   HUB_DRIVER      --driver        simulated simulated, or zwave (a Z-Wave USB stick; docs/zwave.md)
 *   MQTT_USERNAME / MQTT_PASSWORD             broker credentials (optional)
 *   LOG_LEVEL                       info
 *   LOG_FORMAT                      auto      auto (readable on a terminal, JSON otherwise), pretty, json
 *
 * simulated:
 *   HUB_LOCKS       --locks         required  comma-separated addresses of the simulated locks this hub drives
 *   HUB_LATENCY_MS  --latency-ms    "300-1500" radio time per lock operation: "min-max" or one number
 *   HUB_SLOTS       --slots         30        user-code slots per lock (1–1000)
 *
 * zwave (locks are discovered: every node with User Code CC; their addresses are the node ids):
 *   ZWAVE_PORT      --zwave-port    required  serial port of the controller, e.g. /dev/serial/by-id/usb-…
 *   ZWAVE_S0_KEY, ZWAVE_S2_UNAUTHENTICATED_KEY, ZWAVE_S2_AUTHENTICATED_KEY, ZWAVE_S2_ACCESS_KEY
 *                                             network keys, 32 hex characters each, all different (optional)
 *   ZWAVE_CACHE_DIR                 ./zwave-cache   zwave-js's network cache (keep it across restarts)
 *   ZWAVE_READ_PAUSE_MS             200       pause between two slot reads of an inventory, ms (0–10000)
 *   ZWAVE_CODE_LENGTHS                        PIN lengths the locks take: "4-8" or "4,6" (default 4–8)
 *   ZWAVE_MASKED_NODES                        node ids of locks known to mask codes on read-back: "5,7"
 *   ZWAVE_READY_TIMEOUT_S           60        how long the start waits for the controller and the lock nodes
 *   ZWAVE_LOG_LEVEL                           zwave-js's own log into the cache dir: error … debug (off if unset)
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

const common = {
  MQTT_URL: z
    .string({ error: 'is required (e.g. mqtt://127.0.0.1:1883)' })
    .regex(/^(mqtts?|wss?|tcp|ssl):\/\/.+/, 'must be an mqtt://, mqtts://, ws:// or wss:// URL'),
  HUB_ID: z
    .string({ error: 'is required' })
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, - _ . only (1–64 characters)'),
  MQTT_USERNAME: z.string().min(1).optional(),
  MQTT_PASSWORD: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
};

const simulatedEnvironment = z.object({
  ...common,
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
});

const networkKey = z
  .string()
  .trim()
  .regex(/^[0-9a-fA-F]{32}$/, 'must be 32 hexadecimal characters (16 bytes)')
  .transform((hex) => hex.toLowerCase())
  .optional();

const numberList = (what: string) =>
  z
    .string()
    .regex(/^\s*\d+\s*(,\s*\d+\s*)*$/, `expected ${what}`)
    .transform((text) => text.split(',').map((part) => Number(part.trim())));

const zwaveEnvironment = z
  .object({
    ...common,
    ZWAVE_PORT: z.string({ error: 'is required with HUB_DRIVER=zwave (e.g. /dev/ttyUSB0)' }).trim().min(1),
    ZWAVE_S0_KEY: networkKey,
    ZWAVE_S2_UNAUTHENTICATED_KEY: networkKey,
    ZWAVE_S2_AUTHENTICATED_KEY: networkKey,
    ZWAVE_S2_ACCESS_KEY: networkKey,
    ZWAVE_CACHE_DIR: z.string().trim().min(1).default('./zwave-cache'),
    ZWAVE_READ_PAUSE_MS: z.coerce.number().int().min(0).max(10_000).default(200),
    ZWAVE_CODE_LENGTHS: z
      .string()
      .regex(/^\s*\d+\s*(-\s*\d+\s*|(,\s*\d+\s*)*)$/, 'expected "min-max" or a list, e.g. "4-8" or "4,6"')
      .transform((text) => {
        if (!text.includes('-')) return text.split(',').map((part) => Number(part.trim()));
        const [min, max] = text.split('-').map((part) => Number(part.trim())) as [number, number];
        return Array.from({ length: Math.max(0, max - min + 1) }, (_, i) => min + i);
      })
      .refine((lengths) => lengths.length > 0 && lengths.every((n) => n >= 4 && n <= 10), 'lengths must lie in 4–10')
      .optional(),
    ZWAVE_MASKED_NODES: numberList('node ids, e.g. "5,7"')
      .refine((ids) => ids.every((id) => id >= 1 && id <= 4000), 'node ids lie in 1–4000')
      .optional(),
    ZWAVE_READY_TIMEOUT_S: z.coerce.number().int().min(1).max(3600).default(60),
    ZWAVE_LOG_LEVEL: z.enum(['error', 'warn', 'info', 'verbose', 'debug', 'silly']).optional(),
  })
  .superRefine((e, context) => {
    const keys = [e.ZWAVE_S0_KEY, e.ZWAVE_S2_UNAUTHENTICATED_KEY, e.ZWAVE_S2_AUTHENTICATED_KEY, e.ZWAVE_S2_ACCESS_KEY];
    const given = keys.filter((key) => key !== undefined);
    if (new Set(given).size !== given.length)
      context.addIssue({ code: 'custom', path: ['ZWAVE_*_KEY'], message: 'every network key must be different' });
  });

export const HUB_DRIVERS = ['simulated', 'zwave'] as const;

interface HubConfigBase {
  mqttUrl: string;
  hubId: string;
  username: string | undefined;
  password: string | undefined;
  logLevel: string;
  logFormat: 'auto' | 'pretty' | 'json';
}

export interface SimulatedHubConfig extends HubConfigBase {
  driver: 'simulated';
  lockIds: string[];
  latencyMs: { min: number; max: number };
  slots: number;
}

/** Plain values: the zwave module (the only one that knows zwave-js) turns them into its options. */
export interface ZwaveHubSettings {
  port: string;
  /** Hex, 32 characters each; absent keys are not configured. */
  keys: { s0Legacy?: string; s2Unauthenticated?: string; s2Authenticated?: string; s2AccessControl?: string };
  cacheDir: string;
  readPauseMs: number;
  codeLengths: number[] | undefined;
  maskedNodeIds: number[];
  readyTimeoutMs: number;
  zwaveLogLevel: 'error' | 'warn' | 'info' | 'verbose' | 'debug' | 'silly' | undefined;
}

export interface ZwaveHubConfig extends HubConfigBase {
  driver: 'zwave';
  zwave: ZwaveHubSettings;
}

export type HubConfig = SimulatedHubConfig | ZwaveHubConfig;

const FLAGS = {
  'mqtt-url': 'MQTT_URL',
  'hub-id': 'HUB_ID',
  locks: 'HUB_LOCKS',
  driver: 'HUB_DRIVER',
  'latency-ms': 'HUB_LATENCY_MS',
  slots: 'HUB_SLOTS',
  'zwave-port': 'ZWAVE_PORT',
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
  if (driver === 'zwave') return zwaveConfig(merged);
  const e = parsedOrThrow(simulatedEnvironment, merged);
  return {
    ...base(e),
    driver: 'simulated',
    lockIds: e.HUB_LOCKS,
    latencyMs: e.HUB_LATENCY_MS,
    slots: e.HUB_SLOTS,
  };
}

function zwaveConfig(merged: Record<string, string | undefined>): ZwaveHubConfig {
  const e = parsedOrThrow(zwaveEnvironment, merged);
  return {
    ...base(e),
    driver: 'zwave',
    zwave: {
      port: e.ZWAVE_PORT,
      keys: {
        ...(e.ZWAVE_S0_KEY ? { s0Legacy: e.ZWAVE_S0_KEY } : {}),
        ...(e.ZWAVE_S2_UNAUTHENTICATED_KEY ? { s2Unauthenticated: e.ZWAVE_S2_UNAUTHENTICATED_KEY } : {}),
        ...(e.ZWAVE_S2_AUTHENTICATED_KEY ? { s2Authenticated: e.ZWAVE_S2_AUTHENTICATED_KEY } : {}),
        ...(e.ZWAVE_S2_ACCESS_KEY ? { s2AccessControl: e.ZWAVE_S2_ACCESS_KEY } : {}),
      },
      cacheDir: e.ZWAVE_CACHE_DIR,
      readPauseMs: e.ZWAVE_READ_PAUSE_MS,
      codeLengths: e.ZWAVE_CODE_LENGTHS,
      maskedNodeIds: e.ZWAVE_MASKED_NODES ?? [],
      readyTimeoutMs: e.ZWAVE_READY_TIMEOUT_S * 1000,
      zwaveLogLevel: e.ZWAVE_LOG_LEVEL,
    },
  };
}

function parsedOrThrow<T>(schema: z.ZodType<T>, values: Record<string, string | undefined>): T {
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    // Never the value: a network key is a secret.
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ');
    throw new Error(`Invalid hub configuration: ${problems}`);
  }
  return parsed.data;
}

function base(e: z.infer<z.ZodObject<typeof common>>): HubConfigBase {
  return {
    mqttUrl: e.MQTT_URL,
    hubId: e.HUB_ID,
    username: e.MQTT_USERNAME,
    password: e.MQTT_PASSWORD,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
  };
}
