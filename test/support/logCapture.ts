/**
 * Every log line the test suite's Keyway loggers write also goes, at debug level and above, to one file per
 * process in the run's capture directory (`<dir>/<pid>.ndjson`, the directory named by test/globalSetup.ts), where
 * the scan at the end of the run looks for PINs and link secrets (logCaptureScan.ts). The console stays quiet.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type DestinationStream, type Logger } from 'pino';
import { createLogger } from '../../src/logger.ts';
import { TEST_CAPTURE_DIR_ENV } from '../../src/security/testSecretSink.ts';

/** The lowest level captured: request logs are info, the sync engine's steps debug; trace is too chatty to keep. */
export const CAPTURE_LEVEL = 'debug';
const CAPTURE_LEVEL_VALUE = pino.levels.values[CAPTURE_LEVEL] as number;
const FLUSH_BYTES = 1 << 20;
const FLUSH_MS = 250;

interface CaptureFile {
  write(line: string): void;
  flush(): void;
}

/** Where this run's lines go, or undefined outside a vitest run started with the global setup. */
export function captureDir(): string | undefined {
  return process.env[TEST_CAPTURE_DIR_ENV] || undefined;
}

/**
 * One buffered appender per process (kept on globalThis: vitest gives every test file its own module graph, but
 * they share the process and so the file). Synchronous appends a megabyte or a quarter second at a time, and at
 * exit: cheap, and nothing is lost to an unfinished asynchronous write when a worker ends.
 */
function captureFile(): CaptureFile | undefined {
  const dir = captureDir();
  if (!dir) return undefined;
  const key = Symbol.for('keyway.test.logCapture');
  const holder = globalThis as { [key]?: CaptureFile };
  if (holder[key]) return holder[key];
  const path = join(dir, `${process.pid}.ndjson`);
  let chunks: string[] = [];
  let bytes = 0;
  const flush = () => {
    if (chunks.length === 0) return;
    const text = chunks.join('');
    chunks = [];
    bytes = 0;
    appendFileSync(path, text);
  };
  setInterval(flush, FLUSH_MS).unref();
  process.on('exit', flush);
  const file: CaptureFile = {
    write(line) {
      chunks.push(line.endsWith('\n') ? line : `${line}\n`);
      bytes += line.length;
      if (bytes >= FLUSH_BYTES) flush();
    },
    flush,
  };
  holder[key] = file;
  return file;
}

/** Pino's level of a JSON line (pino writes it first), or undefined. */
export function levelOf(line: string): number | undefined {
  const match = /^\{"level":(\d+)/.exec(line);
  return match ? Number(match[1]) : undefined;
}

/** Keeps one line a Keyway logger wrote (at any level: lines below the capture level are dropped here). */
export function captureLine(line: string): void {
  const level = levelOf(line);
  if (level !== undefined && level < CAPTURE_LEVEL_VALUE) return;
  captureFile()?.write(line);
}

/** Writes out what is buffered (a test about to read the file, or a server closing). */
export function flushCapture(): void {
  captureFile()?.flush();
}

/** The lower (more verbose) of two pino levels. */
export function lowerLevel(a: string, b: string): string {
  const value = (name: string) => pino.levels.values[name] ?? Number.POSITIVE_INFINITY;
  return value(a) <= value(b) ? a : b;
}

/**
 * A Keyway logger for tests that want no output of their own (`pino({ level: 'silent' })` before): Keyway's real
 * logger (with its redaction, as in production) writing only to the capture file.
 */
export function captureLogger(level: string = CAPTURE_LEVEL): Logger {
  if (!captureDir()) return pino({ level: 'silent' });
  const destination: DestinationStream = { write: captureLine };
  return createLogger(level, destination);
}
