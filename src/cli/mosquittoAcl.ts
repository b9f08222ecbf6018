/**
 * `npm run keyway -- mosquitto-acl --out <dir> [--listener [host:]port] [--broker-url mqtt://host:1883]`
 *
 * Writes <dir>/passwd, <dir>/acl and <dir>/mosquitto.conf for a Mosquitto broker that enforces the private hub
 * channel (see mosquittoFiles.ts and docs/mqtt.md), and prints the MQTT_URL Keyway's server processes use on it.
 * Reads the configuration like the server does (DATABASE_URL, KEYWAY_SECRET_KEY or the key file in the data
 * folder). With the embedded PGlite database, stop the server first: PGlite opens its folder for one process.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { PinCipher } from '../security/pinCipher.ts';
import { urlWithCredentials } from '../services/hubs.ts';
import { hubsWithCredentials } from '../store/repositories/hubSecrets.ts';
import { openInstallation } from './installationAccess.ts';
import { mosquittoFiles } from './mosquittoFiles.ts';

export interface WrittenMosquittoFiles {
  dir: string;
  confPath: string;
  serverUrl: string;
  hubs: number;
  skipped: { hubId: string; name: string; username: string }[];
}

/** Writes the three files into `dir` (owner-only permissions: the password file holds hashes of live secrets). */
export async function writeMosquittoFiles(options: {
  dir: string;
  cipher: PinCipher;
  hubs: Parameters<typeof mosquittoFiles>[1];
  listener?: { port: number; host?: string };
  brokerUrl?: string;
}): Promise<WrittenMosquittoFiles> {
  const dir = resolve(options.dir);
  mkdirSync(dir, { recursive: true });
  const files = await mosquittoFiles(options.cipher, options.hubs);
  const passwordFile = resolve(dir, 'passwd');
  const aclFile = resolve(dir, 'acl');
  const confPath = resolve(dir, 'mosquitto.conf');
  writeFileSync(passwordFile, files.passwordFile, { mode: 0o600 });
  chmodSync(passwordFile, 0o600);
  writeFileSync(aclFile, files.aclFile, { mode: 0o644 });
  writeFileSync(
    confPath,
    files.conf({ passwordFile, aclFile, ...(options.listener ? { listener: options.listener } : {}) }),
    { mode: 0o644 },
  );
  const brokerUrl =
    options.brokerUrl ?? `mqtt://${options.listener?.host ?? '127.0.0.1'}:${options.listener?.port ?? 1883}`;
  return {
    dir,
    confPath,
    serverUrl: urlWithCredentials(brokerUrl, files.server.username, files.server.password),
    hubs: files.hubs.length,
    skipped: files.skipped,
  };
}

function parseListener(text: string): { port: number; host?: string } {
  const match = /^(?:(.+):)?(\d{1,5})$/.exec(text.trim());
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65535) throw new Error(`--listener: expected [host:]port, got "${text}"`);
  return match[1] ? { port, host: match[1] } : { port };
}

/** The command itself: arguments in, files written, a summary printed. Returns the exit code. */
export async function runMosquittoAcl(
  argv: string[],
  context: { config: Config; logger: Logger; print: (line: string) => void },
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, listener: { type: 'string' }, 'broker-url': { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  if (!values.out) {
    context.print('usage: npm run keyway -- mosquitto-acl --out <dir> [--listener [host:]port] [--broker-url <url>]');
    return 2;
  }
  const { config } = context;
  const { cipher, database } = await openInstallation(config, context.logger);
  try {
    const written = await writeMosquittoFiles({
      dir: values.out,
      cipher,
      hubs: await hubsWithCredentials(database.db),
      ...(values.listener ? { listener: parseListener(values.listener) } : {}),
      ...(values['broker-url'] ? { brokerUrl: values['broker-url'] } : {}),
    });
    context.print(`Wrote ${written.dir}/passwd, acl and mosquitto.conf (${written.hubs} hubs).`);
    context.print(`Start Mosquitto with:  mosquitto -c ${written.confPath}`);
    context.print('Keyway server processes connect with (keep it secret, like KEYWAY_SECRET_KEY):');
    context.print(`  MQTT_URL='${written.serverUrl}'`);
    for (const hub of written.skipped)
      context.print(`Skipped hub "${hub.name}" (${hub.hubId}): rotate its credentials, then run this again.`);
    return 0;
  } finally {
    await database.close();
  }
}
