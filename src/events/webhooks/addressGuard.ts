/**
 * Where Keyway will send a webhook (SSRF guard). A webhook URL is chosen by whoever holds a manager's session or an
 * API key, so without this it would be a way to make Keyway call inside its own network: the cloud metadata service
 * (169.254.169.254), the database, the MQTT broker, a router's admin page. Only http(s) without credentials in the
 * URL; the host is resolved and EVERY address it resolves to must be public, unless the operator set
 * WEBHOOK_ALLOW_PRIVATE_URLS. The check runs when the URL is registered and again before every delivery, and the
 * delivery connects to the very address that was checked (`pinnedLookup`), so a DNS answer that changes between
 * the check and the connection (rebinding) cannot slip through.
 */

import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { KeywayError } from '../../domain/errors.ts';

export type AddressKind =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link_local'
  | 'multicast'
  | 'broadcast'
  | 'documentation'
  | 'benchmarking'
  | 'unique_local'
  | 'site_local'
  | 'reserved'
  | 'invalid';

/** Words for the refusal message ("… resolves to 10.0.0.5, a private network address"). */
const KIND_WORDS: Record<Exclude<AddressKind, 'public'>, string> = {
  unspecified: 'an unspecified ("this host") address',
  loopback: 'a loopback address (this machine)',
  private: 'a private network address',
  shared: 'a carrier-grade NAT address',
  link_local: 'a link-local address (such as a cloud metadata service)',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  documentation: 'a documentation-only address',
  benchmarking: 'a benchmarking-only address',
  unique_local: 'a private (unique local) IPv6 address',
  site_local: 'a site-local IPv6 address',
  reserved: 'a reserved address',
  invalid: 'not an IP address',
};

type V4Rule = readonly [base: string, bits: number, kind: AddressKind];

/** Special-purpose IPv4 ranges (IANA registry), most specific first. Anything else is public. */
const V4_RULES: readonly V4Rule[] = [
  ['255.255.255.255', 32, 'broadcast'],
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link_local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

function v4Number(address: string): number | null {
  const parts = address.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const byte = Number(part);
    if (byte > 255) return null;
    value = value * 256 + byte;
  }
  return value;
}

function inV4(value: number, base: string, bits: number): boolean {
  const start = v4Number(base) as number;
  const size = 2 ** (32 - bits);
  return value >= start && value < start + size;
}

function classifyV4Number(value: number): AddressKind {
  for (const [base, bits, kind] of V4_RULES) if (inV4(value, base, bits)) return kind;
  return 'public';
}

/** An IPv6 address as its eight 16-bit groups, or null. Accepts `::` compression and a trailing dotted quad. */
function v6Groups(address: string): number[] | null {
  let text = address.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    // A trailing dotted quad (::ffff:1.2.3.4) is the last two groups written in IPv4 notation.
    const v4 = v4Number(text.slice(lastColon + 1));
    if (v4 === null) return null;
    text = `${text.slice(0, lastColon + 1)}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string): number[] | null => {
    if (part === '') return [];
    const groups = part.split(':');
    const out: number[] = [];
    for (const group of groups) {
      if (!/^[0-9a-f]{1,4}$/.test(group)) return null;
      out.push(Number.parseInt(group, 16));
    }
    return out;
  };
  const head = parse(halves[0] ?? '');
  if (head === null) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const rest = parse(halves[1] ?? '');
  if (rest === null) return null;
  const known = head.length + rest.length;
  if (known > 7) return null;
  return [...head, ...new Array<number>(8 - known).fill(0), ...rest];
}

/** The IPv4 address in the last 32 bits of a group list. */
const lowV4 = (g: number[]) => (g[6] as number) * 65536 + (g[7] as number);

function classifyV6Groups(g: number[]): AddressKind {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = g;
  const upperZero = a === 0 && b === 0 && c === 0 && d === 0 && e === 0;
  if (upperZero && f === 0) {
    if (g[6] === 0 && g[7] === 0) return 'unspecified';
    if (g[6] === 0 && g[7] === 1) return 'loopback';
    return 'reserved'; // ::a.b.c.d, the deprecated IPv4-compatible form: never a real destination
  }
  // ::ffff:a.b.c.d (IPv4-mapped) reaches the IPv4 address itself: judge that.
  if (upperZero && f === 0xffff) return classifyV4Number(lowV4(g));
  // ::ffff:0:a.b.c.d (IPv4-translated, SIIT) likewise.
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0xffff && f === 0) return classifyV4Number(lowV4(g));
  // 64:ff9b::a.b.c.d (NAT64): a NAT64 gateway connects to the embedded IPv4 address.
  if (a === 0x64 && b === 0xff9b && c === 0 && d === 0 && e === 0 && f === 0) return classifyV4Number(lowV4(g));
  if (a === 0x64 && b === 0xff9b && c === 1) return 'reserved'; // local-use NAT64 (64:ff9b:1::/48)
  if (a === 0x100 && b === 0 && c === 0 && d === 0) return 'reserved'; // discard-only (100::/64)
  // 2002:AABB:CCDD::/48 (6to4) tunnels to the IPv4 address AA.BB.CC.DD.
  if (a === 0x2002) return classifyV4Number(b * 65536 + c);
  if (a === 0x2001 && b === 0xdb8) return 'documentation';
  if (a === 0x2001 && b < 0x200) return 'reserved'; // IETF protocol assignments incl. Teredo (2001::/23)
  if (a === 0x3fff && b < 0x1000) return 'documentation'; // 3fff::/20
  if ((a & 0xfe00) === 0xfc00) return 'unique_local';
  if ((a & 0xffc0) === 0xfe80) return 'link_local';
  if ((a & 0xffc0) === 0xfec0) return 'site_local';
  if ((a & 0xff00) === 0xff00) return 'multicast';
  // Global unicast is 2000::/3; the rest of the space is unassigned.
  if ((a & 0xe000) !== 0x2000) return 'reserved';
  return 'public';
}

/** What kind of address `address` (IPv4 dotted quad or IPv6 text) is; only 'public' may receive webhooks. */
export function classifyAddress(address: string): AddressKind {
  const version = isIP(address);
  if (version === 4) {
    const value = v4Number(address);
    return value === null ? 'invalid' : classifyV4Number(value);
  }
  if (version === 6) {
    const groups = v6Groups(address);
    return groups === null ? 'invalid' : classifyV6Groups(groups);
  }
  return 'invalid';
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Turns a host name into its addresses (DNS in production; tests give a fixed table). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface WebhookUrlPolicy {
  /** WEBHOOK_ALLOW_PRIVATE_URLS: loopback and private addresses are allowed (tests, a receiver on the LAN). */
  allowPrivateUrls: boolean;
  resolve?: Resolver;
}

export const dnsResolver: Resolver = async (hostname) => {
  const answers: LookupAddress[] = await lookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** A URL that passed the guard, and the addresses it was checked with (the delivery connects to the first). */
export interface CheckedTarget {
  url: URL;
  /** The host as the connection and TLS (SNI, certificate) see it: brackets of an IPv6 literal removed. */
  hostname: string;
  addresses: ResolvedAddress[];
}

export const MAX_WEBHOOK_URL_LENGTH = 2048;

/** Why a URL was refused, for clients (`details.reason`); the message says it in words. */
export type UrlRefusal =
  | 'too_long'
  | 'not_a_url'
  | 'scheme'
  | 'credentials'
  | 'unresolvable'
  | Exclude<AddressKind, 'public'>;

function refuse(reason: UrlRefusal, message: string, address?: string): KeywayError {
  return new KeywayError('url_not_allowed', message, { field: 'url', reason, ...(address ? { address } : {}) });
}

/** The shape rules that need no DNS: a URL, http(s), no credentials. */
export function parseWebhookUrl(raw: string): URL {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH)
    throw refuse('too_long', `The URL is longer than ${MAX_WEBHOOK_URL_LENGTH} characters.`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse('not_a_url', 'That is not a URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw refuse('scheme', 'Webhook URLs must start with http:// or https://.');
  if (url.username || url.password)
    throw refuse(
      'credentials',
      'Webhook URLs cannot carry a user name or password; authenticate with the signature instead.',
    );
  if (!url.hostname) throw refuse('not_a_url', 'The URL has no host.');
  return url;
}

/**
 * Checks a webhook URL and resolves its host: throws `url_not_allowed` (with words a manager understands) when
 * Keyway will not call it. Used at registration and before every delivery.
 */
export async function checkWebhookUrl(raw: string, policy: WebhookUrlPolicy): Promise<CheckedTarget> {
  const url = parseWebhookUrl(raw);
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const literal = isIP(hostname);
  let addresses: ResolvedAddress[];
  if (literal !== 0) {
    addresses = [{ address: hostname, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await (policy.resolve ?? dnsResolver)(hostname);
    } catch {
      throw refuse('unresolvable', `The host ${hostname} could not be resolved.`);
    }
    if (addresses.length === 0) throw refuse('unresolvable', `The host ${hostname} has no address.`);
  }
  if (!policy.allowPrivateUrls) {
    for (const { address } of addresses) {
      const kind = classifyAddress(address);
      if (kind !== 'public') {
        const where = literal !== 0 ? `${address} is` : `${hostname} resolves to ${address},`;
        throw refuse(kind, `Keyway does not send webhooks there: ${where} ${KIND_WORDS[kind]}.`, address);
      }
    }
  }
  return { url, hostname, addresses };
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for node:http(s) that answers with the checked address whatever the name, so the connection goes
 * exactly where the guard looked (no second DNS query that could answer differently).
 */
export function pinnedLookup(target: ResolvedAddress) {
  return (_hostname: string, options: { all?: boolean } | number | undefined, callback: LookupCallback): void => {
    if (typeof options === 'object' && options?.all)
      callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}
