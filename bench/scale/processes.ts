/**
 * The processes under test: Keyway servers (`src/main.ts`, production mode) and hub agents (`src/hub/main.ts`,
 * simulated locks), each its own Node process on the same DATABASE_URL / MQTT_URL. They are started as
 * `node --import tsx <file>` (what the `tsx` command runs, without its wrapper process), so the pid is the
 * program itself: its RSS is the program's, and SIGSTOP really stops it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HubSpec } from './world.ts';

const ROOT = join(import.meta.dirname, '..', '..');

export interface Proc {
  name: string;
  child: ChildProcess;
  /** The last lines of stderr/stdout (for a failure report; the programs never log a PIN). */
  tail: string[];
  exited: Promise<number | null>;
}

function start(name: string, file: string, env: Record<string, string>): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, file)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 40) tail.shift();
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { name, child, tail, exited };
}

export interface ServerSettings {
  databaseUrl: string;
  mqttUrl: string;
  secretKeyHex: string;
  port: number;
  dataDir: string;
}

export function startServer(index: number, s: ServerSettings): Proc {
  const dataDir = join(s.dataDir, `keyway-${index}`);
  mkdirSync(dataDir, { recursive: true });
  return start(`keyway-${index}`, 'src/main.ts', {
    DATABASE_URL: s.databaseUrl,
    MQTT_URL: s.mqttUrl,
    KEYWAY_SECRET_KEY: s.secretKeyHex,
    KEYWAY_DEMO: 'false',
    PORT: String(s.port),
    HOST: '127.0.0.1',
    KEYWAY_DATA_DIR: dataDir,
    LOG_LEVEL: process.env.SCALE_LOG_LEVEL ?? 'warn',
    LOG_FORMAT: 'json',
  });
}

export function startHub(hub: HubSpec, latencyMs: string): Proc {
  return start(`hub-${hub.id.slice(0, 8)}`, 'src/hub/main.ts', {
    MQTT_URL: hub.mqttUrl,
    HUB_ID: hub.id,
    HUB_DRIVER: 'simulated',
    HUB_LOCKS: hub.addresses.join(','),
    HUB_LATENCY_MS: latencyMs,
    HUB_SLOTS: '30',
    LOG_LEVEL: process.env.SCALE_LOG_LEVEL ?? 'warn',
    LOG_FORMAT: 'json',
  });
}

/** The last error-level lines a process logged (pino JSON, level ≥ 50), message and error text only. */
export function loggedErrors(proc: Proc, max = 3): string[] {
  const found: string[] = [];
  for (const line of proc.tail) {
    try {
      const entry = JSON.parse(line) as {
        level?: number;
        msg?: string;
        err?: { message?: string; cause?: { message?: string; code?: string } };
      };
      // A failed query's own text (with its parameters) is left out: the database's reason is what matters.
      const err = entry.err?.cause ?? entry.err;
      if ((entry.level ?? 0) >= 50)
        found.push(`${entry.msg ?? ''}: ${err?.message?.split('\nparams:')[0]?.slice(0, 160) ?? ''}`);
    } catch {
      // not a log line
    }
  }
  return found.slice(-max);
}

/** Resident set size in MiB from /proc (0 once the process is gone). */
export function rssMiB(proc: Proc): number {
  try {
    const status = readFileSync(`/proc/${proc.child.pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

/** Waits until GET /api/v1/health answers 200 (the server has migrated, connected and listens). */
export async function waitHealthy(proc: Proc, port: number, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (proc.child.exitCode !== null)
      throw new Error(`${proc.name} exited with ${proc.child.exitCode}:\n${proc.tail.join('\n')}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error(`${proc.name} not healthy after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** SIGTERM (a clean stop: a server finishes in-flight work, a hub says offline), SIGKILL after `graceMs`. */
export async function stopAll(procs: readonly Proc[], graceMs = 10_000): Promise<void> {
  await Promise.all(
    procs.map(async (p) => {
      if (p.child.exitCode !== null || p.child.signalCode !== null) return;
      p.child.kill('SIGCONT'); // a stopped process cannot handle SIGTERM
      p.child.kill('SIGTERM');
      const timer = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
      await p.exited;
      clearTimeout(timer);
    }),
  );
}
