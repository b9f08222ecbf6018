/**
 * `npm run hub` — a hub agent as its own process, driving simulated locks. Settings: see hubConfig.ts.
 * Stops cleanly (offline status, normal disconnect) on SIGINT/SIGTERM; a second signal exits at once.
 */
import { createLogger } from '../logger.ts';
import { systemClock } from '../platform/clock.ts';
import { HubAgent } from './hubAgent.ts';
import { type HubConfig, loadHubConfig } from './hubConfig.ts';
import { SimulatedLock } from './simulatedLock.ts';

let config: HubConfig;
try {
  config = loadHubConfig(process.env, process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

const logger = createLogger(config.logLevel, undefined, config.logFormat);
const locks = config.lockIds.map(
  (lockId) => new SimulatedLock({ lockId, slotCount: config.slots, latencyMs: config.latencyMs, clock: systemClock }),
);
const agent = new HubAgent({
  hubId: config.hubId,
  mqttUrl: config.mqttUrl,
  drivers: locks,
  logger,
  clock: systemClock,
  agentName: 'keyway-hub-agent (simulated locks)',
  username: config.username,
  password: config.password,
});

let stopping = false;
const shutdown = (signal: NodeJS.Signals) => {
  if (stopping) process.exit(1);
  stopping = true;
  logger.info({ signal }, 'stopping hub');
  agent.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error({ err: (error as Error).message }, 'hub stopped with an error');
      process.exit(1);
    },
  );
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

logger.info({ hubId: config.hubId, locks: config.lockIds, latencyMs: config.latencyMs }, 'starting hub');
try {
  await agent.start();
} catch (error) {
  logger.error({ err: (error as Error).message }, 'hub could not connect');
  process.exit(1);
}
