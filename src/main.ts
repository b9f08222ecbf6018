/** `npm start`: Keyway on the embedded defaults (or DATABASE_URL), printing where to go and how to sign in. */
import { createKeyway, StartupRefused } from './app.ts';
import { loadConfig } from './config.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo/seedDemo.ts';
import { createLogger } from './logger.ts';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  // A setting a person must fix: the message says how; a stack trace would only hide it.
  console.error((error as Error).message);
  process.exit(2);
}
const logger = createLogger(config.logLevel, undefined, config.logFormat);
const keyway = await createKeyway({ config, logger }).catch((error: unknown) => {
  if (!(error instanceof StartupRefused)) throw error;
  console.error(error.message);
  process.exit(2);
});
const address = await keyway.app.listen({ port: config.port, host: config.host });
const url = address.replace('127.0.0.1', 'localhost');

const lines = [
  '',
  `  Keyway is running at ${url}`,
  `  API docs:  ${url}/docs     OpenAPI: ${url}/api/v1/openapi.json`,
  `  Database:  ${keyway.database.kind === 'pglite' ? `embedded (${config.dataDir})` : 'PostgreSQL (DATABASE_URL)'}`,
];
if (config.demo) {
  lines.push(
    `  Demo community Maple Court${keyway.demoSeeded ? ' (just created)' : ''} — password for every account: ${DEMO_PASSWORD}`,
  );
  for (const account of DEMO_ACCOUNTS)
    lines.push(`    ${account.email.padEnd(28)} ${account.role}${account.unit ? `, unit ${account.unit}` : ''}`);
}
if (keyway.setupLink) {
  // The only place the setup token ever appears: stdout, once, never the log.
  lines.push(
    `  Set up this installation (create the first operator) within 24 h: ${keyway.setupLink.link}`,
    `    valid until ${keyway.setupLink.expiresAt.toISOString()}; a restart prints the same link until then`,
  );
}
process.stdout.write(`${lines.join('\n')}\n\n`);

// SIGTERM (an orchestrator, a rolling upgrade) and Ctrl-C: finish what is under way, then exit 0 (see
// Keyway.close for the order). A shutdown that cannot finish within SHUTDOWN_TIMEOUT_SECONDS exits 1: whatever
// was cut short is in the database as sent-but-unanswered commands and queued jobs, which other processes (or the
// next start) take over. A second signal while closing exits at once.
let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) {
      logger.warn({ signal }, 'second signal while shutting down: exiting now');
      process.exit(1);
    }
    closing = true;
    logger.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown took too long: exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    deadline.unref();
    keyway.close().then(
      () => {
        logger.info('shut down');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  });
}
