/**
 * The log scan at the end of a test run: every line the suite's Keyway loggers wrote (logCapture.ts) is searched
 * for every PIN the system sealed and every secret it issued during the run (src/security/testSecretSink.ts), and
 * for any guest share link whose token was not masked. Pure apart from reading the capture directory.
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface KnownSecrets {
  /** PINs (digits only) sealed during the run. */
  pins: Set<string>;
  /** Tokens, share-link tokens, derived secrets and sealed keys: base64url runs of at least SECRET_MIN chars. */
  secrets: Set<string>;
}

export type LeakKind = 'pin' | 'secret' | 'share_link';

export interface Finding {
  kind: LeakKind;
  /** Where in the line: the JSON path of the string value (`msg`, `req.url`), or `line` when it is not JSON. */
  field: string;
  /** The value found, masked for printing. */
  masked: string;
}

export interface Leak extends Finding {
  file: string;
  line: number;
}

export interface ScanReport {
  files: number;
  lines: number;
  pins: number;
  secrets: number;
  leaks: Leak[];
}

/** Shorter secrets are not tracked (every issued one is 32 characters or more); also the search's window. */
export const SECRET_MIN = 16;
const PIN = /^[0-9]{4,12}$/;
const BASE64URL_RUN = /[A-Za-z0-9_-]{16,}/g;
const DIGIT_RUN = /[0-9]+/g;
/** Unmasked `/g/<id>.<token>`: the id, a dot, then anything but the redaction marker. */
const SHARE_LINK = /\/g\/[0-9A-Za-z-]{8,}\.(?!\[redacted\])[A-Za-z0-9_-]{8,}/g;
/**
 * Digit runs that are structure, not data: ids, timestamps, stack frames' line numbers, and the digits inside
 * random-looking tokens (base64 with both cases, hex) — those are the secret search's. Removed before PINs are
 * looked for, so a 4-digit PIN that happens to equal a year, a UUID group or four digits of a hash is not a leak.
 */
const STRUCTURE = [
  /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi,
  // Ids of three or more hyphen-joined parts, well formed or not (the bad-input corpus sends
  // `00000000-0000-4000-8000-00000000000g`): their digit groups are structure, not a PIN.
  /(?<![0-9a-z])[0-9a-z]+(?:-[0-9a-z]+){2,}(?![0-9a-z])/gi,
  // snake_case names with numbers in them (a test database `keyway_test_9871_0a03`): names, not data.
  /(?<![0-9a-z])[0-9a-z]+(?:_[0-9a-z]+){2,}(?![0-9a-z])/gi,
  /\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?/g,
  /^\s+at .*$/gm,
  /(?<![\w-])(?=[\w-]*[A-Z])(?=[\w-]*[a-z])[\w-]{16,}/g,
  // Hex from 8 characters: random short ids (`probe-0bd4408e`, a hub's `hub-1a2b3c4d` user) hold digit runs too.
  /(?<![0-9a-z])(?=[0-9a-f]*[a-f])[0-9a-f]{8,}(?![0-9a-z])/g,
  /(?<![0-9A-Z])(?=[0-9A-F]*[A-F])[0-9A-F]{8,}(?![0-9A-Z])/g,
  /(?:(?:\d{1,3}\.){3}\d{1,3}|localhost|\[[0-9a-f:.]+\])(?::\d+)?/gi,
];
/** Pino's and Fastify's own fields: counters and names, never data (Fastify's request ids run `req-1`, … `req-1001`). */
const META_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'reqId']);

export function emptyKnown(): KnownSecrets {
  return { pins: new Set(), secrets: new Set() };
}

/**
 * Learns from one value the system sealed or issued: a PIN; an inventory (JSON of slots) gives its codes; any
 * other value its base64url runs (a key in standard base64 is tracked by the pieces between `+` and `/`).
 */
export function learn(known: KnownSecrets, kind: 'sealed' | 'secret', value: string): void {
  if (kind === 'sealed' && PIN.test(value)) {
    known.pins.add(value);
    return;
  }
  if (kind === 'sealed' && value.startsWith('[')) {
    try {
      for (const slot of JSON.parse(value) as { code?: unknown }[])
        if (typeof slot?.code === 'string' && PIN.test(slot.code)) known.pins.add(slot.code);
      return;
    } catch {
      // Not an inventory: treated as any other value below.
    }
  }
  for (const run of value.match(BASE64URL_RUN) ?? []) known.secrets.add(run);
}

/** Looks for PINs, secrets and unmasked share links in captured lines; build once, scan many lines. */
export class LogScanner {
  readonly #pins: ReadonlySet<string>;
  /** Each secret by its first SECRET_MIN characters: a line is searched once per position, not once per secret. */
  readonly #byPrefix = new Map<string, string[]>();

  constructor(known: KnownSecrets) {
    this.#pins = known.pins;
    for (const secret of known.secrets) {
      if (secret.length < SECRET_MIN) continue;
      const prefix = secret.slice(0, SECRET_MIN);
      const list = this.#byPrefix.get(prefix);
      if (list) list.push(secret);
      else this.#byPrefix.set(prefix, [secret]);
    }
  }

  scanLine(text: string): Finding[] {
    const findings: Finding[] = [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (parsed !== null && typeof parsed === 'object') this.#walk(parsed, '', findings);
    else this.#scanString(text, 'line', findings);
    return findings;
  }

  #walk(value: unknown, path: string, findings: Finding[]): void {
    if (typeof value === 'string') {
      this.#scanString(value, path || 'value', findings);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value)) {
      if (path === '' && META_FIELDS.has(key)) continue;
      const at = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      this.#scanString(key, `${at} (key)`, findings);
      this.#walk(inner, at, findings);
    }
  }

  #scanString(text: string, field: string, findings: Finding[]): void {
    for (const match of text.matchAll(SHARE_LINK))
      findings.push({ kind: 'share_link', field, masked: maskLink(match[0]) });
    for (const run of text.match(BASE64URL_RUN) ?? []) {
      for (let i = 0; i + SECRET_MIN <= run.length; i++) {
        for (const secret of this.#byPrefix.get(run.slice(i, i + SECRET_MIN)) ?? [])
          if (run.startsWith(secret, i)) findings.push({ kind: 'secret', field, masked: maskSecret(secret) });
      }
    }
    // Most strings hold no digit run equal to a PIN at all: only those that do are cleared of structure and looked at again.
    if (!(text.match(DIGIT_RUN) ?? []).some((run) => this.#pins.has(run))) return;
    let data = text;
    for (const pattern of STRUCTURE) data = data.replace(pattern, ' ');
    for (const run of data.match(DIGIT_RUN) ?? [])
      if (this.#pins.has(run) && !AMBIGUOUS.test(run))
        findings.push({ kind: 'pin', field, masked: '#'.repeat(run.length) });
  }
}

/**
 * Numbers logs hold as numbers (a year in a mail's date, `limit=1000`): a run knows ~1,400 PINs, so one of them
 * equals such a number by chance in one run out of a few. Left out of the PIN search — a run's other PINs, in the
 * same log lines, are still searched.
 */
const AMBIGUOUS = /^(?:19\d\d|20\d\d|\d\d00)$/;

function maskSecret(secret: string): string {
  return `${secret.slice(0, 4)}…(${secret.length} chars)`;
}

function maskLink(link: string): string {
  return link.replace(/\.[A-Za-z0-9_-]+$/, (token) => `.${token.slice(1, 3)}…`);
}

/** The PINs and secrets the run's processes recorded (`*.secrets.ndjson` in the capture directory). */
export async function readKnownSecrets(dir: string): Promise<KnownSecrets> {
  const known = emptyKnown();
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.secrets.ndjson')).sort()) {
    for (const line of (await readFile(join(dir, name), 'utf8')).split('\n')) {
      if (!line) continue;
      const { kind, value } = JSON.parse(line) as { kind: 'sealed' | 'secret'; value: string };
      learn(known, kind, value);
    }
  }
  return known;
}

/** Scans every captured log file (`<pid>.ndjson`) of a run. */
export async function scanCaptureDir(dir: string): Promise<ScanReport> {
  const known = await readKnownSecrets(dir);
  const scanner = new LogScanner(known);
  const files = (await readdir(dir)).filter((n) => n.endsWith('.ndjson') && !n.endsWith('.secrets.ndjson')).sort();
  const report: ScanReport = {
    files: files.length,
    lines: 0,
    pins: known.pins.size,
    secrets: known.secrets.size,
    leaks: [],
  };
  for (const name of files) {
    const file = join(dir, name);
    let lineNumber = 0;
    for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY })) {
      lineNumber++;
      if (!line) continue;
      report.lines++;
      for (const finding of scanner.scanLine(line)) report.leaks.push({ ...finding, file, line: lineNumber });
    }
  }
  return report;
}

export function describeLeak(leak: Leak): string {
  const what = { pin: 'a PIN', secret: 'a secret', share_link: 'an unmasked share link' }[leak.kind];
  return `${leak.file}:${leak.line}: ${what} in ${leak.field}: ${leak.masked}`;
}

export function summaryOf(report: ScanReport): string {
  return (
    `log scan: ${report.lines.toLocaleString('en-US')} lines in ${report.files} files scanned, ` +
    `${report.pins.toLocaleString('en-US')} PINs known, ${report.secrets.toLocaleString('en-US')} secrets known, ` +
    `${report.leaks.length} leaks found`
  );
}
