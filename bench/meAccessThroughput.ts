/**
 * Benchmark 2: GET /api/v1/me/access requests/s, as a ratio to a bare Fastify route on the same machine.
 * Both servers listen on loopback in this process; the load comes from autocannon in a child process,
 * so the load generator never shares the servers' event loop.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import Fastify, { type FastifyInstance } from 'fastify';
import { DEMO_PASSWORD } from '../src/demo/seedDemo.ts';
import { authenticate } from '../src/services/authenticate.ts';
import { getMyAccess } from '../src/services/getMyAccess.ts';
import { type Summary, summarize, timeRuns } from './percentiles.ts';
import { ALEX_EMAIL, type BenchKeyway } from './setup.ts';

export interface ThroughputOptions {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  log: (line: string) => void;
}

export const DEFAULT_THROUGHPUT_OPTIONS: Omit<ThroughputOptions, 'log'> = {
  connections: 50,
  durationSeconds: 10,
  warmupSeconds: 2,
};

export interface LoadResult {
  url: string;
  requestsPerSecond: number;
  latencyP50: number;
  latencyP99: number;
  total: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** CPU used by this process (the servers) per request, in milliseconds. */
  serverCpuMsPerRequest: number;
  /** This process's CPU use during the run, in % of one core. */
  serverCpuPct: number;
  /** The whole machine's CPU use during the run, in % of all cores (servers + database + load generator). */
  machineBusyPct: number;
}

export interface ThroughputResults {
  keyway: LoadResult;
  bare: LoadResult;
  ratio: number;
  /** In-process cost of the request's two service calls, without HTTP (for reading the ratio). */
  inProcess: { authenticate: Summary; getMyAccess: Summary };
}

export async function runMeAccessThroughput(
  bench: BenchKeyway,
  options: ThroughputOptions,
): Promise<ThroughputResults> {
  const { log } = options;
  const { app, deps } = bench.keyway;
  await app.listen({ port: 0, host: '127.0.0.1' });
  const bare = bareServer();
  try {
    const keywayBase = baseUrl(app);
    const login = await fetch(`${keywayBase}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ALEX_EMAIL, password: DEMO_PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const { token } = (await login.json()) as { token: string };
    const meUrl = `${keywayBase}/api/v1/me/access`;
    const check = await fetch(meUrl, { headers: { authorization: `Bearer ${token}` } });
    const body = (await check.json()) as { cards?: unknown[] };
    if (check.status !== 200 || body.cards?.length !== 2)
      throw new Error(`GET /me/access sanity check failed: ${check.status} ${JSON.stringify(body)}`);

    await bare.listen({ port: 0, host: '127.0.0.1' });
    const bareUrl = `${baseUrl(bare)}/hello`;

    // In-process figures first (no load running), to explain the ratio.
    const caller = await authenticate(deps, token);
    if (caller.kind === 'operator') throw new Error('the bench signs in as a resident');
    const principal = caller;
    const inProcess = {
      authenticate: summarize(await timeRuns(500, () => authenticate(deps, token))),
      getMyAccess: summarize(await timeRuns(500, () => getMyAccess(deps, principal))),
    };

    const headers = [`authorization=Bearer ${token}`];
    log(
      `  loading ${meUrl} (${options.connections} connections, ${options.warmupSeconds} s warm-up + ${options.durationSeconds} s)…`,
    );
    await autocannon(meUrl, headers, options.connections, options.warmupSeconds);
    const keyway = await autocannon(meUrl, headers, options.connections, options.durationSeconds);
    log(`  loading ${bareUrl} (same)…`);
    await autocannon(bareUrl, [], options.connections, options.warmupSeconds);
    const bareResult = await autocannon(bareUrl, [], options.connections, options.durationSeconds);
    return { keyway, bare: bareResult, ratio: keyway.requestsPerSecond / bareResult.requestsPerSecond, inProcess };
  } finally {
    await bare.close();
    // The Keyway app is closed by its owner (keyway.close()); stop listening is part of that.
  }
}

/** The yardstick: Fastify (the same package and version Keyway uses), one route, a small JSON object. */
function bareServer(): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get('/hello', async () => ({ hello: 'world', ok: true }));
  return app;
}

function baseUrl(app: FastifyInstance): string {
  const address = app.server.address() as AddressInfo | null;
  if (!address || typeof address === 'string') throw new Error('server is not listening on TCP');
  return `http://127.0.0.1:${address.port}`;
}

const autocannonBin = createRequire(import.meta.url).resolve('autocannon');

interface AutocannonJson {
  url: string;
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
}

function machineTimes(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    const t = cpu.times;
    idle += t.idle;
    total += t.user + t.nice + t.sys + t.idle + t.irq;
  }
  return { idle, total };
}

/** One autocannon run with this process's and the machine's CPU use measured around it. */
async function autocannon(url: string, headers: string[], connections: number, seconds: number): Promise<LoadResult> {
  const cpu0 = process.cpuUsage();
  const machine0 = machineTimes();
  const wall0 = performance.now();
  const r = await runAutocannon(url, headers, connections, seconds);
  const cpu = process.cpuUsage(cpu0);
  const machine1 = machineTimes();
  const wallMs = performance.now() - wall0;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const busy = 1 - (machine1.idle - machine0.idle) / Math.max(1, machine1.total - machine0.total);
  return {
    ...r,
    serverCpuMsPerRequest: cpuMs / Math.max(1, r.total),
    serverCpuPct: (100 * cpuMs) / wallMs,
    machineBusyPct: 100 * busy,
  };
}

type AutocannonFigures = Omit<LoadResult, 'serverCpuMsPerRequest' | 'serverCpuPct' | 'machineBusyPct'>;

/** Runs autocannon in a child node process and parses its JSON report. */
function runAutocannon(
  url: string,
  headers: string[],
  connections: number,
  seconds: number,
): Promise<AutocannonFigures> {
  const args = [autocannonBin, '-j', '-n', '-c', String(connections), '-d', String(seconds)];
  for (const h of headers) args.push('-H', h);
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), (seconds + 30) * 1000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}: ${stderr.trim()}`));
      try {
        const r = JSON.parse(stdout) as AutocannonJson;
        resolve({
          url,
          requestsPerSecond: r.requests.average,
          latencyP50: r.latency.p50,
          latencyP99: r.latency.p99,
          total: r.requests.total,
          ok: r['2xx'],
          non2xx: r.non2xx,
          errors: r.errors,
          timeouts: r.timeouts,
        });
      } catch (error) {
        reject(new Error(`could not parse autocannon output: ${String(error)}\n${stdout.slice(0, 500)}`));
      }
    });
  });
}
