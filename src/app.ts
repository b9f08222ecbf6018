/**
 * Composition root: turns configuration into a running Keyway — database, key, job queue, MQTT broker
 * (embedded unless MQTT_URL), sync engine, the simulated world in demo mode, and the HTTP server.
 * Tests build the same thing with their own clock, random source, database and log destination.
 */
import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { CloudConnector } from './cloud/cloudConnector.ts';
import { openSeamHttp } from './cloud/seamApi.ts';
import type { Config } from './config.ts';
import { findDemoCommunityId, seedDemo } from './demo/seedDemo.ts';
import { SimClock } from './demo/simClock.ts';
import { SimWorld } from './demo/simWorld.ts';
import { type MessageDispatcher, startMessageDispatcher } from './events/messageDispatcher.ts';
import { logSender, smtpSender } from './events/messageSenders.ts';
import { startWebhookDispatcher, type WebhookDispatcher } from './events/webhooks/dispatcher.ts';
import { buildServer } from './http/server.ts';
import type { HubAgentFaults } from './hub/hubAgent.ts';
import { BrokerAuth } from './mqtt/brokerAuth.ts';
import { type EmbeddedBroker, startEmbeddedBroker } from './mqtt/embeddedBroker.ts';
import { type Clock, systemClock } from './platform/clock.ts';
import { PrometheusMetrics } from './platform/prometheusMetrics.ts';
import { cryptoRandom, type Random } from './platform/random.ts';
import { serverMqttIdentity } from './security/hubCredentials.ts';
import type { PasswordCost } from './security/passwords.ts';
import { PinCipher } from './security/pinCipher.ts';
import { resolveKeyRing } from './security/secretKey.ts';
import type { ServiceDeps } from './services/deps.ts';
import { brokerOnPublicHost } from './services/hubs.ts';
import { prepareSetup } from './services/setup.ts';
import { ReadCache, startChangeFeed } from './store/changeFeed.ts';
import { type Database, openDatabase } from './store/database.ts';
import { hubByMqttUsername } from './store/repositories/hubSecrets.ts';
import { claimKeyCheck } from './store/repositories/installation.ts';
import { readFleetGauges } from './sync/fleetGauges.ts';
import { type JobQueue, startJobQueue } from './sync/jobQueue.ts';
import { SyncEngine } from './sync/syncEngine.ts';

/** A clock the simulation can move forward (the demo's SimClock, a test's ManualClock). */
export interface AdvanceableClock extends Clock {
  advance(ms: number): Date;
}

export interface Keyway {
  app: FastifyInstance;
  deps: ServiceDeps;
  database: Database;
  queue: JobQueue;
  sync: SyncEngine;
  /** Cloud locks (Seam): their job queue, poll and webhook intake. */
  cloud: CloudConnector;
  mqttUrl: string;
  /** The simulated world (demo mode only). */
  sim: SimWorld | undefined;
  demoSeeded: boolean;
  /** Production mode before the first operator exists: the link that creates it (print it once, log it nowhere). */
  setupLink: { link: string; expiresAt: Date } | undefined;
  /** The message outbox's sender (tests drain it instead of waiting). */
  messages: MessageDispatcher;
  /** Seam events and webhook deliveries (tests drain it instead of waiting, after moving the clock). */
  webhooks: WebhookDispatcher;
  /** Stops this server; `keepSim` leaves the simulated world running (a server restart, not a power cut). */
  close(options?: { keepSim?: boolean }): Promise<void>;
}

export interface KeywayOptions {
  config: Config;
  logger: Logger;
  clock?: AdvanceableClock;
  random?: Random;
  /** Use this database instead of opening one from the configuration (tests). */
  database?: Database;
  /** Use this key instead of KEYWAY_SECRET_KEY or the key file (tests). */
  secretKey?: Buffer;
  /** scrypt cost of new password hashes (tests keep a low one); absent: PASSWORD_COST (N=2^17). */
  passwordCost?: PasswordCost;
  /** With `secretKey`: the previous keys, newest first (tests of a key rotation). */
  previousSecretKeys?: Buffer[];
  /** Test seam: faults injected into the simulated hubs' results. */
  simFaults?: HubAgentFaults;
  /** Sweep period in ms (tests shorten it). */
  sweepIntervalMs?: number;
  /** Test seam: sees every message the embedded broker routes (a sniffer; payloads are never logged). */
  onBrokerPublish?: (packet: { topic: string; payload: Buffer }) => void;
  /** Keep using this simulated world (the physical world outlives a server restart). */
  sim?: SimWorld;
}

/** A configuration Keyway will not run with: its message says what to fix (main.ts prints it and exits 2). */
export class StartupRefused extends Error {}

export async function createKeyway(options: KeywayOptions): Promise<Keyway> {
  const { config, logger } = options;
  const keys = options.secretKey
    ? { current: options.secretKey, previous: options.previousSecretKeys ?? [] }
    : resolveKeyRing(config, logger);
  const database =
    options.database ??
    (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir }));
  // Production runs on the system clock; the demo's clock can be moved forward from its panel.
  const demoClock = options.clock ?? (config.demo ? new SimClock() : undefined);
  const clock: Clock = demoClock ?? systemClock;
  const random = options.random ?? cryptoRandom;
  const cipher = new PinCipher(keys.current, keys.previous);
  if ((await claimKeyCheck(database.db, cipher.keyCheck)) !== cipher.keyCheck) {
    if (!options.database) await database.close();
    throw new StartupRefused(
      "This database was set up with another key: its PINs' fingerprints and its links are keyed by the " +
        "installation's first key. Start with the right KEYWAY_SECRET_KEY, or after a key rotation keep the " +
        'earlier keys in KEYWAY_PREVIOUS_SECRET_KEYS (docs/operations.md, "Rotating the key").',
    );
  }
  // Prometheus metrics only where someone may scrape them (METRICS_TOKEN); otherwise nothing is measured.
  const metrics = config.metricsToken
    ? new PrometheusMetrics({
        readFleet: () => readFleetGauges({ db: database.db, clock }),
        onFleetError: (error) => logger.warn({ err: error }, 'could not read the fleet gauges for /metrics'),
      })
    : undefined;
  const queue = await startJobQueue(database, logger);
  /** Readiness: the queue runs until shutdown stops it; shutdown drains before anything else stops. */
  let queueRunning = true;
  let draining = false;
  let broker: EmbeddedBroker | undefined;
  // Keyway's own processes sign in to the embedded broker as one internal identity; hubs with their own credentials.
  const serverIdentity = serverMqttIdentity(cipher);
  // Hubs on other machines reach the embedded broker on the same interface as the web app (HOST).
  if (!config.mqttUrl)
    broker = await startEmbeddedBroker({
      port: config.embeddedMqttPort,
      host: config.host,
      logger,
      auth: new BrokerAuth({
        findHub: (username) => hubByMqttUsername(database.db, username),
        server: serverIdentity,
        logger: logger.child({ component: 'mqtt-auth' }),
      }),
      ...(options.onBrokerPublish ? { onPublish: options.onBrokerPublish } : {}),
    });
  const mqttUrl = config.mqttUrl ?? (broker as EmbeddedBroker).url;
  const cloud = new CloudConnector(
    {
      db: database.db,
      clock,
      random,
      cipher,
      logger,
      openSeam: openSeamHttp,
      reconcile: queue,
      ...(metrics ? { metrics } : {}),
    },
    database,
    { pollIntervalMs: config.seam.pollSeconds * 1000 },
  );
  await cloud.start();
  const sync = new SyncEngine({
    cloud,
    db: database.db,
    clock,
    random,
    cipher,
    logger,
    queue,
    mqttUrl,
    // Names this process on the commands it sends; the random part tells apart a restart that reuses a pid.
    instanceId: `${hostname()}-${process.pid}-${random.uuid().slice(0, 8)}`,
    // Hub reports shared between this installation's processes (an external broker that supports it).
    sharedSubscriptions: config.mqttSharedSubscriptions && !broker,
    ...(metrics ? { metrics } : {}),
    // An external broker: the credentials are those in MQTT_URL (see `npm run keyway -- mosquitto-acl`).
    ...(broker ? { mqttCredentials: serverIdentity } : {}),
    ...(config.mqttCaFile ? { mqttCaFile: config.mqttCaFile } : {}),
    ...(options.sweepIntervalMs ? { sweepIntervalMs: options.sweepIntervalMs } : {}),
  });
  await sync.start();
  const changeFeed = await startChangeFeed(database);
  const deps: ServiceDeps = {
    db: database.db,
    clock,
    random,
    cipher,
    logger,
    sessionHours: config.sessionHours,
    publicUrl: config.publicUrl,
    hubMqttUrl: config.mqttUrl ?? brokerOnPublicHost(config.publicUrl, mqttUrl),
    caches: {
      principals: new ReadCache(changeFeed),
      access: new ReadCache(changeFeed),
      touch: () => changeFeed.touch(),
      onChange: (listener) => changeFeed.onChange(listener),
    },
    sync: { reconcileLocks: (lockIds, tx) => queue.enqueueReconcile(lockIds, tx) },
    cloud: {
      openSeam: openSeamHttp,
      endpoint: config.seam.endpoint,
      allowCustomEndpoint: config.seam.allowCustomEndpoint,
      requestPoll: (accountId) => cloud.requestPoll(accountId),
    },
    webhooks: { allowPrivateUrls: config.webhooks.allowPrivateUrls },
    ...(metrics ? { metrics } : {}),
    ...(options.passwordCost ? { passwordCost: options.passwordCost } : {}),
  };
  const demoSeeded = config.demo ? (await seedDemo(deps)).seeded : false;
  const setupLink = config.demo ? undefined : await prepareSetup(deps);
  const demoCommunityId = config.demo ? await findDemoCommunityId(database.db) : undefined;
  const sim =
    options.sim ??
    (demoCommunityId
      ? await SimWorld.start({
          communityId: demoCommunityId,
          db: database.db,
          cipher,
          clock,
          mqttUrl,
          ...(config.mqttCaFile ? { mqttCaFile: config.mqttCaFile } : {}),
          logger,
          latencyMs: config.simLatencyMs,
          ...(options.simFaults ? { faults: options.simFaults } : {}),
        })
      : undefined);
  const app = await buildServer(deps, {
    sim,
    clock: demoClock,
    sync,
    cloud,
    trustProxy: config.trustProxy,
    requestTimeoutMs: config.requestTimeoutMs,
    readiness: {
      accepting: () => !draining,
      broker: () => sync.brokerConnected,
      queue: () => queueRunning,
    },
    ...(metrics && config.metricsToken
      ? { metrics: { token: config.metricsToken, contentType: metrics.contentType, render: () => metrics.render() } }
      : {}),
  });
  await app.ready();
  const messages = startMessageDispatcher({
    db: database.db,
    clock,
    logger,
    cipher,
    senders: [...(config.smtpUrl ? [smtpSender(config.smtpUrl, config.smtpFrom)] : []), logSender(logger)],
  });
  const webhooks = startWebhookDispatcher({
    db: database.db,
    clock,
    random,
    logger,
    cipher,
    policy: { allowPrivateUrls: config.webhooks.allowPrivateUrls },
  });
  const upkeep = setInterval(
    () => void database.maintain().catch((error: unknown) => logger.warn({ err: error }, 'database upkeep failed')),
    10 * 60_000,
  );
  upkeep.unref();
  return {
    app,
    deps,
    database,
    queue,
    sync,
    cloud,
    mqttUrl,
    sim,
    demoSeeded,
    setupLink,
    messages,
    webhooks,
    async close(closeOptions = {}) {
      // Readiness says 503 first, then HTTP stops taking requests (those under way finish), then the background
      // work stops: the sweep, hub reports (those in hand are applied), reconcile passes (running ones finish and
      // publish their commands), and only then the broker and the database. main.ts bounds the whole.
      draining = true;
      clearInterval(upkeep);
      await app.close();
      messages.stop();
      await webhooks.stop();
      if (!closeOptions.keepSim && !options.sim) await sim?.stop();
      await cloud.stop();
      queueRunning = false;
      await sync.stop();
      await changeFeed.close();
      await broker?.close();
      if (!options.database) await database.close();
    },
  };
}
