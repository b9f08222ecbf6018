/**
 * Keyway as real processes for the scale-out tests (multiProcess.test.ts, chaosProcesses.test.ts): server and hub
 * agent processes started with `tsx`, their output kept line by line (for the failure report and the error-line
 * check), and HTTP calls to a server over its port.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { type AddressInfo, connect, createServer } from 'node:net';
import { eventually } from './testKeyway.ts';

/** True when an MQTT broker answers at `url` (CI's Mosquitto); the process tests are skipped without one. */
export async function brokerReachable(url: string | undefined): Promise<boolean> {
  if (!url) return false;
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port || 1883), hostname);
    socket.setTimeout(1_000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface Proc {
  name: string;
  child: ChildProcess;
  /** What it wrote (stdout and stderr), line by line, the last 5,000 lines. */
  output: string[];
  /** A server's base URL ('' for a hub agent). */
  url: string;
}

/** Lines at pino's error level or above (LOG_FORMAT=json). */
export function errorLines(proc: Proc): string[] {
  return proc.output.filter((line) => {
    if (!line.startsWith('{')) return false;
    try {
      return ((JSON.parse(line) as { level?: number }).level ?? 0) >= 50;
    } catch {
      return false;
    }
  });
}

/** The processes one test file started; `killAll` in afterAll. */
export class Processes {
  readonly all: Proc[] = [];

  start(name: string, script: string, env: Record<string, string>, url = ''): Proc {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_FORMAT: 'json', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    const keep = () => {
      let partial = '';
      return (chunk: Buffer) => {
        const lines = (partial + String(chunk)).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          // Reports of other runs' hubs on a shared broker are ignored with a warning: not this test's story.
          if (!line.trim() || line.includes('ignored a malformed hub message')) continue;
          output.push(line);
          if (output.length > 5_000) output.shift();
        }
      };
    };
    child.stdout?.on('data', keep());
    child.stderr?.on('data', keep());
    const proc = { name, child, output, url };
    this.all.push(proc);
    return proc;
  }

  /** A server process (`src/main.ts`) on a free port, once it answers its health check. */
  async startServer(name: string, env: Record<string, string>): Promise<Proc> {
    const port = await freePort();
    const proc = this.start(
      name,
      'src/main.ts',
      { HOST: '127.0.0.1', PORT: String(port), ...env },
      `http://127.0.0.1:${port}`,
    );
    await eventually(
      async () => {
        if (proc.child.exitCode !== null) throw new Error(`${name} exited: ${proc.output.join('\n')}`);
        return (await fetch(`${proc.url}/api/v1/health`).catch(() => undefined))?.ok;
      },
      60_000,
      `${name} to serve`,
    );
    return proc;
  }

  /** SIGKILLs every process still running and waits for them to be gone. */
  async killAll(): Promise<void> {
    const running = this.all.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
    for (const proc of running) proc.child.kill('SIGKILL');
    await Promise.all(running.map((p) => new Promise((resolve) => p.child.once('exit', resolve))));
  }
}

export function running(proc: Proc): boolean {
  return proc.child.exitCode === null && proc.child.signalCode === null;
}

/** An API call to a server process; throws when the connection fails (a killed process). */
export async function callApi(proc: Proc, method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${proc.url}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: a JSON body of any shape; each test reads what it expects.
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}
