/**
 * A server that must not start says why in one plain message and exits 2: an operator pointing several processes
 * at one database without the shared PIN key reads what to do, not a stack trace.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function runMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const { KEYWAY_SECRET_KEY: _key, ...inherited } = process.env;
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: join(import.meta.dirname, '../..'),
      env: { ...inherited, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.once('error', reject);
    proc.once('exit', (code) => resolve({ code, stderr, stdout }));
  });
}

describe('starting Keyway with a setting that cannot work', () => {
  it('a server database without KEYWAY_SECRET_KEY: exit 2, one message saying what to set, no stack trace', async () => {
    // The URL is never connected to: the configuration is refused first.
    const run = await runMain({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/never' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('KEYWAY_SECRET_KEY is required with DATABASE_URL');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).not.toContain('Keyway is running');
  }, 60_000);
});
