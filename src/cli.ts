/**
 * `npm run keyway -- <command>` — operator commands that run beside the server, reading the same configuration.
 *
 *   mosquitto-acl --out <dir> [--listener [host:]port] [--broker-url <url>]
 *       Mosquitto password file, ACL and conf snippet for the private hub channel (docs/mqtt.md).
 *   rotate-key [--check] [--batch <n>]
 *       Re-encrypts every secret under KEYWAY_SECRET_KEY, online (docs/operations.md, "Rotating the key").
 */
import { runMosquittoAcl } from './cli/mosquittoAcl.ts';
import { runRotateKey } from './cli/rotateKey.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';

const COMMANDS: Record<string, typeof runMosquittoAcl> = {
  'mosquitto-acl': runMosquittoAcl,
  'rotate-key': runRotateKey,
};

const [name, ...rest] = process.argv.slice(2);
const command = name ? COMMANDS[name] : undefined;
if (!command) {
  console.error(`usage: npm run keyway -- <command>\ncommands: ${Object.keys(COMMANDS).join(', ')}`);
  process.exit(2);
}
try {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, undefined, config.logFormat);
  process.exitCode = await command(rest, { config, logger, print: (line) => console.log(line) });
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
