/**
 * `npm run bench:scale`: Keyway at 1,000 / 10,000 / 100,000 locks on PostgreSQL + Mosquitto, with 2 Keyway
 * processes and the hubs as processes of their own. For each size: build the world, boot to steady (the first
 * full reconcile of the fleet), one full reconcile pass, a code change p50/p99 under background changes, RSS per
 * process, database size, then a minute of mixed traffic with a hub flapping. Figures, not assertions: the exit
 * code is 0 unless the bench itself fails. See bench/README.md ("Scale").
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { PinCipher } from '../../src/security/pinCipher.ts';
import { openDatabase } from '../../src/store/database.ts';
import { ms } from '../percentiles.ts';
import { KeywayApi } from './api.ts';
import { fullReconcilePass, loadAverage, waitSteady } from './fleet.ts';
import { KeypadTraffic } from './keypad.ts';
import { parseScaleOptions, type ScaleOptions } from './options.ts';
import { loggedErrors, type Proc, rssMiB, startHub, startServer, stopAll, waitHealthy } from './processes.ts';
import { printReport, type SizeResult } from './report.ts';
import { ResidentPool, splitPools } from './residentPool.ts';
import { createScaleDatabase, onInterrupt } from './scaleDatabase.ts';
import { codeChangeLatency, mixedTraffic } from './traffic.ts';
import { buildWorld } from './world.ts';

const log = (line: string) => console.log(line);
/** Residents with a session: measured changes, background changes, mixed-traffic changers, guest creators, readers. */
const POOLS = { measured: 40, background: 40, changers: 40, guests: 80, readers: 100 };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

const rss = (procs: readonly Proc[]) => {
  const values = procs.map(rssMiB);
  return { sum: values.reduce((a, b) => a + b, 0), max: Math.max(0, ...values) };
};

async function runSize(size: number, options: ScaleOptions): Promise<SizeResult> {
  log(`\n=== ${size.toLocaleString('en-US')} locks — load average ${loadAverage()} ===`);
  const buildStart = performance.now();
  const scaleDb = await createScaleDatabase(options.databaseUrl);
  const secretKey = randomBytes(32);
  const cipher = new PinCipher(secretKey);
  const database = await openDatabase({ databaseUrl: scaleDb.url, poolSize: 4 });
  const pool = database.pool!;
  const procs: Proc[] = [];
  const forget = onInterrupt(() => stopAll(procs, 2_000));
  try {
    const ports = [await freePort(), await freePort()];
    const world = await buildWorld(
      database,
      cipher,
      {
        locks: size,
        locksPerHub: options.locksPerHub,
        sessionResidents: Object.values(POOLS).reduce((a, b) => a + b, 0),
        mqttUrl: options.mqttUrl,
        publicUrl: `http://localhost:${ports[0]}`,
      },
      log,
    );
    const buildMs = performance.now() - buildStart;
    const dbBytesBuilt = await databaseSize(pool, scaleDb.name);
    log(
      `1. build: ${(buildMs / 1000).toFixed(1)} s, database ${mib(dbBytesBuilt)} (${scaleDb.name}) — load ${loadAverage()}`,
    );

    // 2. Boot to steady: both servers and every hub start together.
    const bootStart = performance.now();
    const settings = {
      databaseUrl: scaleDb.url,
      mqttUrl: options.mqttUrl,
      secretKeyHex: secretKey.toString('hex'),
      dataDir: join(os.tmpdir(), `keyway-scale-${process.pid}`),
    };
    const servers = ports.map((port, i) => startServer(i + 1, { ...settings, port }));
    const hubs = world.hubs.map((hub) => startHub(hub, options.latencyMs));
    procs.push(...servers, ...hubs);
    await Promise.all(servers.map((s, i) => waitHealthy(s, ports[i]!, 120_000)));
    const healthyMs = performance.now() - bootStart;
    log(
      `2. ${servers.length} Keyway processes healthy after ${(healthyMs / 1000).toFixed(1)} s; ${hubs.length} hub processes started`,
    );
    const steady = await waitSteady(pool, {
      timeoutMs: options.steadyTimeoutSeconds * 1000,
      pollMs: size >= 50_000 ? 2_000 : 500,
      log,
      since: bootStart,
    });
    const bootMs = steady.at - bootStart;
    const notSteady = steady.steady
      ? undefined
      : `${steady.state.active.toLocaleString('en-US')} of ${steady.state.total.toLocaleString('en-US')} codes active`;
    log(
      notSteady
        ? `   NOT steady after ${(bootMs / 1000).toFixed(0)} s: ${notSteady} — load ${loadAverage()}; the figures below run on a fleet still converging`
        : `   boot-to-steady ${(bootMs / 1000).toFixed(1)} s (${world.lockCodes.toLocaleString('en-US')} codes on ${world.locks.toLocaleString('en-US')} locks) — load ${loadAverage()}`,
    );
    const rssSteady = { keyway: rss(servers), hubs: rss(hubs) };
    const pass = await fullReconcilePass(database, pool, 120_000);
    log(
      `   full reconcile pass over ${pass.locks.toLocaleString('en-US')} locks: ${pass.timedOut ? 'queue NOT empty after ' : ''}${ms(pass.passMs)} after commit ` +
        `(enqueue in one transaction ${ms(pass.enqueueMs)}; ${pass.commandsSent} commands sent) — load ${loadAverage()}`,
    );

    // 3. A code change under background changes.
    const pools = splitPools(world.residents, Object.values(POOLS));
    const [measured, background, changers, guests, readers] = pools as [
      typeof world.residents,
      typeof world.residents,
      typeof world.residents,
      typeof world.residents,
      typeof world.residents,
    ];
    const api = new KeywayApi(ports);
    const change = await codeChangeLatency(api, new ResidentPool(measured), new ResidentPool(background), {
      samples: options.samples,
      backgroundRate: options.backgroundRate,
      timeoutMs: 60_000,
    });
    const changeLoad = loadAverage();
    log(
      `3. code change → door active (${change.latency.n} samples, ${change.backgroundRate}/s background changes): ` +
        `p50 ${ms(change.latency.p50)}, p99 ${ms(change.latency.p99)}, max ${ms(change.latency.max)}; ` +
        `${change.timeouts} timeouts, ${api.errors.count} errors — load ${changeLoad}`,
    );
    const rssAfterChanges = { keyway: rss(servers), hubs: rss(hubs) };
    log(
      `4. RSS: Keyway ${servers.map((s) => `${rssMiB(s).toFixed(0)} MiB`).join(', ')}; hubs sum ${rssAfterChanges.hubs.sum.toFixed(0)} MiB, max ${rssAfterChanges.hubs.max.toFixed(0)} MiB (${hubs.length} processes)`,
    );

    // 5. Mixed traffic with a flapping hub.
    const keypad = await KeypadTraffic.connect(world.hubs);
    const keypadPerSecond = (options.keypadPerLockHour * world.locks) / 3600;
    log(
      `5. mixed traffic for ${options.mixedSeconds} s: ${options.readsPerSecond} reads/s, ${options.changesPerSecond} code changes/s, ` +
        `${options.guestsPerSecond} guest codes/s, ${keypadPerSecond.toFixed(1)} keypad events/s; hub 1 (${world.hubs[0]!.addresses.length} locks) SIGSTOPped ${options.flapStopSeconds} s every ${options.flapEverySeconds} s`,
    );
    const mixed = await mixedTraffic(
      api,
      pool,
      { readers, changers: new ResidentPool(changers), guests: new ResidentPool(guests) },
      keypad,
      { proc: hubs[0]!, hubId: world.hubs[0]!.id },
      {
        seconds: options.mixedSeconds,
        readsPerSecond: options.readsPerSecond,
        changesPerSecond: options.changesPerSecond,
        guestsPerSecond: options.guestsPerSecond,
        keypadPerSecond,
        flapEverySeconds: options.flapEverySeconds,
        flapStopSeconds: options.flapStopSeconds,
        settleMs: 120_000,
      },
    );
    const mixedLoad = loadAverage();
    log(
      `   reads p50 ${ms(mixed.reads.p50)} p99 ${ms(mixed.reads.p99)} (n=${mixed.reads.n}); ` +
        `changes → active p50 ${ms(mixed.changes.p50)} p99 ${ms(mixed.changes.p99)} (${mixed.changesMade} made); ` +
        `guest codes → active p50 ${ms(mixed.guests.p50)} p99 ${ms(mixed.guests.p99)} (${mixed.guestsMade} made); ` +
        `${mixed.keypadEvents} keypad events (${mixed.keypadErrors} publish errors); ${mixed.flaps} flaps`,
    );
    log(
      `   errors ${mixed.errors}, lost changes ${mixed.lostChanges}, lost guest codes ${mixed.lostGuests} — load ${mixedLoad}`,
    );
    for (const sample of mixed.errorSamples) log(`     error: ${sample}`);
    for (const server of servers) for (const line of loggedErrors(server)) log(`     ${server.name} logged: ${line}`);
    const rssEnd = { keyway: rss(servers), hubs: rss(hubs) };
    const dbBytesEnd = await databaseSize(pool, scaleDb.name);
    return {
      size,
      locks: world.locks,
      codes: world.lockCodes,
      hubs: world.hubs.length,
      buildMs,
      dbBytesBuilt,
      dbBytesEnd,
      healthyMs,
      bootMs,
      notSteady,
      pass,
      change,
      changeLoad,
      rss: { steady: rssSteady, afterChanges: rssAfterChanges, end: rssEnd },
      mixed,
      mixedLoad,
    };
  } finally {
    await stopAll(procs);
    forget();
    await database.close();
    await scaleDb.drop();
  }
}

async function databaseSize(pool: import('pg').Pool, name: string): Promise<number> {
  const { rows } = await pool.query<{ n: string }>('select pg_database_size($1) as n', [name]);
  return Number(rows[0]!.n);
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

async function main(): Promise<void> {
  const options = parseScaleOptions(process.argv.slice(2));
  const cpus = os.cpus();
  log(
    `Keyway scale bench — node ${process.version}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}, ` +
      `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, ${new Date().toISOString()}`,
  );
  log(
    `PostgreSQL ${new URL(options.databaseUrl).host}, MQTT ${new URL(options.mqttUrl).host}; sizes ${options.sizes.join(', ')}; ` +
      `${options.locksPerHub} locks per hub, radio ${options.latencyMs} ms; load average ${loadAverage()}`,
  );
  const results: SizeResult[] = [];
  for (const size of options.sizes) results.push(await runSize(size, options));
  printReport(results, log);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
