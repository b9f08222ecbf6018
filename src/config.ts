/**
 * Every setting Keyway reads from the environment, with its unit, range and default, checked at start.
 * A bad value stops the server with a message naming the variable, instead of failing later.
 */
import { z } from 'zod';

const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const environment = z.object({
  /** TCP port for HTTP. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Base URL people reach Keyway at: the base of every link Keyway sends (default http://localhost:PORT). */
  KEYWAY_PUBLIC_URL: z.string().url().optional(),
  /** Older name of KEYWAY_PUBLIC_URL, still read. */
  PUBLIC_URL: z.string().url().optional(),
  /** Interface to listen on; 0.0.0.0 to accept other machines (phones on the LAN). */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Folder for embedded data: the PGlite database, the embedded broker's state and the key file. */
  KEYWAY_DATA_DIR: z.string().min(1).default('./data'),
  /** PostgreSQL server (postgres://…) instead of the embedded PGlite database. */
  DATABASE_URL: z.string().url().optional(),
  /**
   * External MQTT broker instead of the embedded one: mqtt://… or mqtts://… (TLS), with this server's broker
   * credentials in it (mqtt://keyway-server:PASSWORD@host:1883 — `npm run keyway -- mosquitto-acl` prints it).
   */
  MQTT_URL: z.string().url().optional(),
  /** PEM file of a private CA that signed the broker's TLS certificate (mqtts:// only). */
  MQTT_CA_FILE: z.string().min(1).optional(),
  /** Port of the embedded MQTT broker (when MQTT_URL is not set); 0 picks a free one. Hubs connect here. */
  KEYWAY_MQTT_PORT: z.coerce.number().int().min(0).max(65535).default(1884),
  /** Radio latency of the demo's simulated hub locks, in ms, as "min-max". */
  KEYWAY_SIM_LATENCY_MS: z
    .string()
    .regex(/^\d+-\d+$/, 'use min-max, e.g. 300-1500')
    .default('300-1500'),
  /** 32-byte master key for PIN encryption (64 hex digits or base64). Without it a key file in the data folder is used. */
  KEYWAY_SECRET_KEY: z.string().optional(),
  /** Seed the demo community on an empty database. */
  KEYWAY_DEMO: booleanFlag.default(true),
  /** SMTP server for guest-link emails (smtp://user:pass@host:587); without it messages are only logged. */
  SMTP_URL: z.string().url().optional(),
  /** Sender address for emails. */
  MAIL_FROM: z.string().min(1).optional(),
  /** Older name of MAIL_FROM, still read. */
  SMTP_FROM: z.string().min(1).optional(),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Log lines: `auto` (readable on a terminal, JSON otherwise), `pretty` or `json`. */
  LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
  /** Seam's API base URL for cloud locks (default https://connect.getseam.com). */
  SEAM_ENDPOINT: z.string().url().optional(),
  /** Let managers give their own Seam endpoint when connecting (a Seam-compatible server, tests); off by default. */
  SEAM_ALLOW_CUSTOM_ENDPOINT: booleanFlag.default(false),
  /** How often every connected Seam account is polled (devices, codes, keypad use), in seconds. */
  SEAM_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /**
   * Let webhooks go to loopback, private and link-local addresses (a receiver on this machine or the LAN: tests,
   * a self-hosted integration). Off by default: a webhook URL is otherwise a way to make Keyway call inside its
   * own network (SSRF).
   */
  WEBHOOK_ALLOW_PRIVATE_URLS: booleanFlag.default(false),
  /** Lifetime of a sign-in session, in hours. */
  SESSION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 14),
});

export type Config = {
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  mqttUrl: string | undefined;
  mqttCaFile: string | undefined;
  embeddedMqttPort: number;
  simLatencyMs: { min: number; max: number };
  secretKey: string | undefined;
  demo: boolean;
  smtpUrl: string | undefined;
  smtpFrom: string;
  logLevel: z.infer<typeof environment>['LOG_LEVEL'];
  logFormat: z.infer<typeof environment>['LOG_FORMAT'];
  sessionHours: number;
  seam: { endpoint: string; allowCustomEndpoint: boolean; pollSeconds: number };
  webhooks: { allowPrivateUrls: boolean };
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.KEYWAY_PUBLIC_URL ?? e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    dataDir: e.KEYWAY_DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    mqttUrl: e.MQTT_URL,
    mqttCaFile: e.MQTT_CA_FILE,
    embeddedMqttPort: e.KEYWAY_MQTT_PORT,
    simLatencyMs: parseRange(e.KEYWAY_SIM_LATENCY_MS),
    secretKey: e.KEYWAY_SECRET_KEY,
    demo: e.KEYWAY_DEMO,
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.MAIL_FROM ?? e.SMTP_FROM ?? 'Keyway <no-reply@keyway.local>',
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    sessionHours: e.SESSION_HOURS,
    seam: {
      endpoint: (e.SEAM_ENDPOINT ?? 'https://connect.getseam.com').replace(/\/+$/, ''),
      allowCustomEndpoint: e.SEAM_ALLOW_CUSTOM_ENDPOINT,
      pollSeconds: e.SEAM_POLL_SECONDS,
    },
    webhooks: { allowPrivateUrls: e.WEBHOOK_ALLOW_PRIVATE_URLS },
  };
}

function parseRange(text: string): { min: number; max: number } {
  const [min = 0, max = 0] = text.split('-').map(Number);
  if (max < min) throw new Error('Invalid configuration: KEYWAY_SIM_LATENCY_MS: max is below min');
  return { min, max };
}
