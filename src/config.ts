/**
 * Every setting Keyway reads from the environment, with its unit, range and default, checked at start.
 * A bad value stops the server with a message naming the variable, instead of failing later.
 */
import { z } from 'zod';
import { parseTrustProxy, type TrustProxy } from './http/trustProxy.ts';

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
  /**
   * Hub reports through MQTT shared subscriptions (`$share/<group>/…`), so each reaches ONE of several Keyway
   * processes: `auto` (on with an external broker, MQTT_URL; the embedded broker has none), `on` or `off`.
   */
  MQTT_SHARED_SUBSCRIPTIONS: z.enum(['auto', 'on', 'off']).default('auto'),
  /** Port of the embedded MQTT broker (when MQTT_URL is not set); 0 picks a free one. Hubs connect here. */
  KEYWAY_MQTT_PORT: z.coerce.number().int().min(0).max(65535).default(1884),
  /** Radio latency of the demo's simulated hub locks, in ms, as "min-max". */
  KEYWAY_SIM_LATENCY_MS: z
    .string()
    .regex(/^\d+-\d+$/, 'use min-max, e.g. 300-1500')
    .default('300-1500'),
  /** 32-byte master key for PIN encryption (64 hex digits or base64). Without it a key file in the data folder is used. */
  KEYWAY_SECRET_KEY: z.string().optional(),
  /**
   * While a key rotation runs (and after: the first key keeps fingerprints and links): the previous master keys,
   * comma separated, newest first. Values sealed with them stay readable; new ones use KEYWAY_SECRET_KEY.
   */
  KEYWAY_PREVIOUS_SECRET_KEYS: z.string().optional(),
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
  /**
   * Which proxies' X-Forwarded-For to believe for the client address (login limits, logs): `false` (default: the
   * socket's peer), `true` (any peer), or a comma list of the proxies' addresses/CIDRs (`10.0.0.0/8,127.0.0.1`).
   */
  TRUST_PROXY: z.string().default('false'),
  /** Serves GET /metrics (Prometheus) to requests with `Authorization: Bearer <token>`; unset: no /metrics. */
  METRICS_TOKEN: z.string().min(16, 'use at least 16 characters').optional(),
  /**
   * Longest a client may take to send a whole request (headers and body), in seconds; a half-sent body is cut
   * after it. Live-update streams are not affected (they are answers, not requests).
   */
  KEYWAY_REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  /** How long a graceful shutdown (SIGTERM) may take before the process gives up and exits non-zero, in seconds. */
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(25),
});

export type Config = {
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  mqttUrl: string | undefined;
  mqttCaFile: string | undefined;
  /** Hub reports are shared between this installation's processes (MQTT_SHARED_SUBSCRIPTIONS resolved). */
  mqttSharedSubscriptions: boolean;
  embeddedMqttPort: number;
  simLatencyMs: { min: number; max: number };
  secretKey: string | undefined;
  /** KEYWAY_PREVIOUS_SECRET_KEYS as written (parsed with the key, in security/secretKey.ts). */
  previousSecretKeys: string | undefined;
  demo: boolean;
  smtpUrl: string | undefined;
  smtpFrom: string;
  logLevel: z.infer<typeof environment>['LOG_LEVEL'];
  logFormat: z.infer<typeof environment>['LOG_FORMAT'];
  sessionHours: number;
  seam: { endpoint: string; allowCustomEndpoint: boolean; pollSeconds: number };
  webhooks: { allowPrivateUrls: boolean };
  /** Fastify's trustProxy (TRUST_PROXY parsed). */
  trustProxy: TrustProxy;
  metricsToken: string | undefined;
  shutdownTimeoutMs: number;
  /** KEYWAY_REQUEST_TIMEOUT_SECONDS in ms. */
  requestTimeoutMs: number;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  if (e.DATABASE_URL && !e.KEYWAY_SECRET_KEY) throw new Error(MISSING_SHARED_KEY);
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.KEYWAY_PUBLIC_URL ?? e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    dataDir: e.KEYWAY_DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    mqttUrl: e.MQTT_URL,
    mqttCaFile: e.MQTT_CA_FILE,
    mqttSharedSubscriptions: sharedSubscriptions(e.MQTT_SHARED_SUBSCRIPTIONS, e.MQTT_URL),
    embeddedMqttPort: e.KEYWAY_MQTT_PORT,
    simLatencyMs: parseRange(e.KEYWAY_SIM_LATENCY_MS),
    secretKey: e.KEYWAY_SECRET_KEY,
    previousSecretKeys: e.KEYWAY_PREVIOUS_SECRET_KEYS,
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
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    metricsToken: e.METRICS_TOKEN,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    requestTimeoutMs: e.KEYWAY_REQUEST_TIMEOUT_SECONDS * 1000,
  };
}

/**
 * On a PostgreSQL server every process must encrypt PINs with the same key; a key file per process (the embedded
 * default) would make each one unable to read the others' PINs, so a server database refuses to start without it.
 */
const MISSING_SHARED_KEY =
  'Invalid configuration: KEYWAY_SECRET_KEY is required with DATABASE_URL. Every Keyway process on one database ' +
  'must use the same PIN-encryption key: generate one once (openssl rand -base64 32), keep it with your database ' +
  'backups and give it to every process. An installation that already ran with a key file: set ' +
  'KEYWAY_SECRET_KEY to the contents of <KEYWAY_DATA_DIR>/secret.key.';

function sharedSubscriptions(setting: 'auto' | 'on' | 'off', mqttUrl: string | undefined): boolean {
  // The embedded broker (aedes, MQTT 3.1.1) has no shared subscriptions: a `$share/…` filter would match nothing.
  if (setting === 'on' && !mqttUrl)
    throw new Error(
      'Invalid configuration: MQTT_SHARED_SUBSCRIPTIONS=on needs MQTT_URL (the embedded broker has none)',
    );
  return setting === 'auto' ? mqttUrl !== undefined : setting === 'on';
}

function parseRange(text: string): { min: number; max: number } {
  const [min = 0, max = 0] = text.split('-').map(Number);
  if (max < min) throw new Error('Invalid configuration: KEYWAY_SIM_LATENCY_MS: max is below min');
  return { min, max };
}
