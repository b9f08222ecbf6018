/**
 * `npm run hub` — a hub agent as its own process, driving simulated locks or the Z-Wave locks on a USB stick
 * (HUB_DRIVER=zwave, docs/zwave.md). Settings: see hubConfig.ts.
 * Stops cleanly (offline status, normal disconnect, Z-Wave driver closed) on SIGINT/SIGTERM; a second signal
 * exits at once.
 */
import { createLogger } from '../logger.ts';
import { systemClock } from '../platform/clock.ts';
import { HubAgent } from './hubAgent.ts';
import { type HubConfig, loadHubConfig, type ZwaveHubConfig } from './hubConfig.ts';
import type { LockDriver } from './lockDriver.ts';
import { SimulatedLock } from './simulatedLock.ts';

let config: HubConfig;
try {
  config = loadHubConfig(process.env, process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

const logger = createLogger(config.logLevel, undefined, config.logFormat);

interface LockSource {
  drivers: LockDriver[];
  agentName: string;
  /** Hands locks found or lost later to the agent. */
  follow(agent: HubAgent): void;
  stop(): Promise<void>;
}

async function simulatedLocks(c: Extract<HubConfig, { driver: 'simulated' }>): Promise<LockSource> {
  logger.info({ hubId: c.hubId, locks: c.lockIds, latencyMs: c.latencyMs }, 'starting hub (simulated locks)');
  return {
    drivers: c.lockIds.map(
      (lockId) => new SimulatedLock({ lockId, slotCount: c.slots, latencyMs: c.latencyMs, clock: systemClock }),
    ),
    agentName: 'keyway-hub-agent (simulated locks)',
    follow: () => undefined,
    stop: async () => undefined,
  };
}

async function zwaveLocks(c: ZwaveHubConfig): Promise<LockSource> {
  // Loaded only here: a simulated hub never loads zwave-js.
  const { ZwaveNetwork } = await import('./zwave/zwaveNetwork.ts');
  const settings = c.zwave;
  logger.info({ hubId: c.hubId, port: settings.port, cacheDir: settings.cacheDir }, 'starting hub (Z-Wave)');
  const network = new ZwaveNetwork({
    port: settings.port,
    keys: settings.keys,
    cacheDir: settings.cacheDir,
    readyTimeoutMs: settings.readyTimeoutMs,
    maskedNodeIds: settings.maskedNodeIds,
    zwaveLogLevel: settings.zwaveLogLevel,
    lock: {
      readPauseMs: settings.readPauseMs,
      ...(settings.codeLengths ? { codeLengths: settings.codeLengths } : {}),
      clock: systemClock,
    },
    logger,
  });
  const drivers = await network.start();
  logger.info({ locks: drivers.map((d) => d.lockId) }, 'Z-Wave locks found');
  return {
    drivers,
    agentName: 'keyway-hub-agent (zwave)',
    follow: (agent) => {
      network.onLockAdded((lock) => agent.addDriver(lock));
      network.onLockRemoved((lockId) => agent.removeDriver(lockId));
    },
    stop: () => network.stop(),
  };
}

let source: LockSource;
try {
  source = config.driver === 'zwave' ? await zwaveLocks(config) : await simulatedLocks(config);
} catch (error) {
  logger.error({ err: (error as Error).message }, 'locks could not be started');
  process.exit(1);
}

const agent = new HubAgent({
  hubId: config.hubId,
  mqttUrl: config.mqttUrl,
  drivers: source.drivers,
  logger,
  clock: systemClock,
  agentName: source.agentName,
  username: config.username,
  password: config.password,
  // mqtts:// with a private CA (docs/mqtt.md).
  ...(process.env.MQTT_CA_FILE ? { caFile: process.env.MQTT_CA_FILE } : {}),
});
source.follow(agent);

let stopping = false;
const shutdown = (signal: NodeJS.Signals) => {
  if (stopping) process.exit(1);
  stopping = true;
  logger.info({ signal }, 'stopping hub');
  agent
    .stop()
    .then(() => source.stop())
    .then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: (error as Error).message }, 'hub stopped with an error');
        process.exit(1);
      },
    );
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

try {
  await agent.start();
} catch (error) {
  logger.error({ err: (error as Error).message }, 'hub could not connect');
  await source.stop().catch(() => undefined);
  process.exit(1);
}
