/**
 * One webhook POST: to the address the guard checked (never a fresh DNS answer), no redirects followed (a 3xx is
 * an answer that is not 2xx), at most 10 seconds from connecting to the response's status line. The response body
 * is not read: only the status matters.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { type CheckedTarget, pinnedLookup } from './addressGuard.ts';

export const DELIVERY_TIMEOUT_MS = 10_000;

export type DeliveryAnswer = { statusCode: number; error: null } | { statusCode: null; error: string };

export async function postWebhook(
  target: CheckedTarget,
  body: string,
  headers: Record<string, string>,
  timeoutMs = DELIVERY_TIMEOUT_MS,
): Promise<DeliveryAnswer> {
  const address = target.addresses[0];
  if (!address) return { statusCode: null, error: 'The host has no address.' };
  const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<DeliveryAnswer>((resolve) => {
    let settled = false;
    const finish = (answer: DeliveryAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    const req = send(
      target.url,
      {
        method: 'POST',
        // No pooled sockets: each delivery connects afresh, to the address checked for it.
        agent: false,
        lookup: pinnedLookup(address) as never,
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'Keyway-Webhooks/1',
          ...headers,
        },
      },
      (res) => {
        finish({ statusCode: res.statusCode ?? 0, error: null });
        res.resume();
        res.on('error', () => undefined);
        // The answer is in; nothing more is wanted from this connection.
        res.on('end', () => req.destroy());
      },
    );
    const timer = setTimeout(() => {
      finish({ statusCode: null, error: `No answer within ${Math.round(timeoutMs / 1000)} s.` });
      req.destroy();
    }, timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => finish({ statusCode: null, error: describe(error) }));
    req.end(body);
  });
}

function describe(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'Connection refused.';
    case 'ECONNRESET':
      return 'The connection was reset.';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'The host is unreachable.';
    default:
      return (error.message || 'The request failed.').slice(0, 300);
  }
}
