/**
 * TRUST_PROXY → Fastify's `trustProxy`: whose X-Forwarded-For decides `request.ip` (the address login attempts are
 * limited by). Believing a header any client can write would let one client spread its attempts over invented
 * addresses, so the default trusts nobody; behind a load balancer, name it.
 */
import { isIP } from 'node:net';

/** What Fastify accepts (minus its function and hop-count forms): all, none, or addresses/CIDRs. */
export type TrustProxy = boolean | string[];

/** proxy-addr's names for address ranges. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

export function parseTrustProxy(text: string): TrustProxy {
  const value = text.trim();
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  // Fastify 5 ignores a hop count on purpose (it cannot tell whether the nearest peer is a proxy): refuse one
  // rather than silently trust nobody.
  if (/^\d+$/.test(value)) throw invalid('a hop count is not supported, name the proxies instead');
  const entries = value.split(',').map((entry) => entry.trim());
  for (const entry of entries) if (!isAddressOrRange(entry)) throw invalid(`"${entry}" is not an address or CIDR`);
  return entries;
}

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

function invalid(why: string): Error {
  return new Error(`Invalid configuration: TRUST_PROXY: ${why} (use false, true, or the proxies' addresses/CIDRs)`);
}
