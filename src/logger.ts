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
      // Fastify's request fields, with the URL's secrets masked (redactUrl).
      serializers: {
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
    .replace(/([?&](?:code|search)=)[^&#]*/gi, '$1[redacted]');
}
