import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * pino with secrets redacted by path as a second line of defence; the first is never passing a PIN,
 * password or token to a log call at all.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
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
    },
    destination,
  );
}
