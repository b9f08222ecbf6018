import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

/** `auto`: coloured, readable lines on a terminal; JSON lines (for log collectors) everywhere else. */
export type LogFormat = 'auto' | 'pretty' | 'json';

/**
 * pino with secrets redacted by path as a second line of defence; the first is never passing a PIN,
 * password or token to a log call at all.
 */
export function createLogger(level: string, destination?: DestinationStream, format: LogFormat = 'auto'): Logger {
  return pino(
    {
      level,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'res.headers["set-cookie"]',
          '*.pin',
          '*.code',
          '*.password',
          '*.token',
        ],
        censor: '[redacted]',
      },
      // Fastify's request fields, with the URL's secrets masked (redactUrl); errors without query parameters.
      serializers: {
        err: serializeError,
        error: serializeError,
        req: (req: {
          method?: string;
          url?: string;
          host?: string;
          ip?: string;
          socket?: { remotePort?: number };
        }) => ({
          method: req.method,
          url: req.url === undefined ? undefined : redactUrl(req.url),
          host: req.host,
          remoteAddress: req.ip,
          remotePort: req.socket?.remotePort,
        }),
      },
    },
    destination ?? stdoutFor(format),
  );
}

function stdoutFor(format: LogFormat): DestinationStream | undefined {
  const wantPretty = format === 'pretty' || (format === 'auto' && process.stdout.isTTY === true);
  if (!wantPretty) return undefined; // pino's own fast JSON writer to stdout
  // In-process (not a worker transport): lines come out in order with the rest of the program's output.
  return pretty({
    colorize: process.stdout.isTTY === true,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
  });
}

/**
 * A request URL as the log may keep it: a guest share link's token (`/g/<id>.<token>`, which shows a live PIN to
 * whoever holds it) and query parameters that can carry a PIN (Seam's SDK sends `code`, and `search` may be a code,
 * in GET /seam/access_codes/get and /list) are masked.
 */
export function redactUrl(url: string): string {
  return url
    .replace(/^(\/g\/[^./?#]+\.)[^/?#]+/, '$1[redacted]')
    .replace(/([?&](?:code|search|token|secret|key)=)[^&#]*/gi, '$1[redacted]')
    .replace(/#.*$/, '#[redacted]');
}

interface DatabaseErrorFields {
  query?: unknown;
  params?: unknown;
  severity?: unknown;
  code?: unknown;
  cause?: unknown;
}

/**
 * A failed query's error carries the statement and its parameters (Drizzle's `Failed query: … params: …`), and
 * PostgreSQL's own message and `detail` can quote a value (`invalid input syntax for type uuid: "…"`, `Key
 * (email)=(…) already exists`): guest names, phones, encrypted PINs. Such an error is logged by its SQLSTATE code,
 * routine and constraint only, with its stack frames but without the message lines that hold the values.
 */
export function serializeError(error: unknown): unknown {
  const database = databaseErrorOf(error);
  if (!database) return pino.stdSerializers.err(error as Error);
  const e = error as Error;
  const fields = database as Record<string, unknown>;
  const pick = (name: string) => (typeof fields[name] === 'string' ? { [name]: fields[name] } : {});
  return {
    type: e.constructor?.name ?? 'Error',
    message: 'Database query failed (statement and values withheld from the log)',
    // Not `code`: that key is redacted everywhere (it is how PINs are named).
    ...(typeof fields.code === 'string' ? { sqlstate: fields.code } : {}),
    ...pick('routine'),
    ...pick('constraint'),
    ...pick('table'),
    ...pick('column'),
    stack: (e.stack ?? '')
      .split('\n')
      .filter((line) => /^\s+at /.test(line))
      .join('\n'),
  };
}

/** The PostgreSQL error inside a failed query (itself, or its cause), if this is one. */
function databaseErrorOf(error: unknown): DatabaseErrorFields | undefined {
  let current = error as DatabaseErrorFields | undefined;
  let wrapped = false;
  for (let depth = 0; current && typeof current === 'object' && depth < 4; depth++) {
    if ('query' in current && 'params' in current) wrapped = true;
    if (typeof current.code === 'string' && /^[0-9A-Z]{5}$/.test(current.code) && 'severity' in current) return current;
    current = current.cause as DatabaseErrorFields | undefined;
  }
  return wrapped ? {} : undefined;
}
