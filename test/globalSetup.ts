/**
 * Runs once before any test file: finds (or unpacks) the browser for the e2e tests, so that two test files
 * starting together never unpack it at the same time, and hands its path to every worker.
 *
 * It also opens the run's log capture (test/support/logCapture.ts): every worker inherits the directory through
 * the environment, writes its log lines and the secrets it sealed there, and the teardown scans them all. A leak
 * fails the run: vitest ignores an error thrown by a global teardown (the exit code stays 0), so it sets
 * `process.exitCode`, which vitest's own exit keeps.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { TEST_CAPTURE_DIR_ENV } from '../src/security/testSecretSink.ts';
import { type BrowserBinary, resolveBrowserBinary } from './e2e/browserBinary.ts';
import { describeLeak, scanCaptureDir, summaryOf } from './support/logCaptureScan.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    browserBinary: BrowserBinary;
  }
}

const MAX_LEAKS_PRINTED = 50;

export default async function setup(project: TestProject) {
  const runId = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`;
  const captureDir = join(tmpdir(), 'keyway-test-logs', runId);
  mkdirSync(captureDir, { recursive: true });
  process.env[TEST_CAPTURE_DIR_ENV] = captureDir;
  project.provide('browserBinary', await resolveBrowserBinary());

  return async function scanLogs() {
    const report = await scanCaptureDir(captureDir);
    for (const leak of report.leaks.slice(0, MAX_LEAKS_PRINTED)) console.error(`log leak: ${describeLeak(leak)}`);
    console.log(summaryOf(report));
    if (report.leaks.length > 0) {
      console.error(`Secrets were logged: the run fails. The captured lines are kept in ${captureDir}`);
      process.exitCode = 1;
      return;
    }
    rmSync(captureDir, { recursive: true, force: true });
  };
}
