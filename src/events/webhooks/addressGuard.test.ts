import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { expectKeywayError } from '../../../test/support/expectKeywayError.ts';
import { type AddressKind, checkWebhookUrl, classifyAddress, pinnedLookup, type Resolver } from './addressGuard.ts';

const TABLE: [string, AddressKind][] = [
  // IPv4: every special-purpose range at its first and last address, and its neighbours outside
  ['0.0.0.0', 'unspecified'],
  ['0.255.255.255', 'unspecified'],
  ['1.0.0.0', 'public'],
  ['9.255.255.255', 'public'],
  ['10.0.0.0', 'private'],
  ['10.255.255.255', 'private'],
  ['11.0.0.0', 'public'],
  ['100.63.255.255', 'public'],
  ['100.64.0.0', 'shared'],
  ['100.127.255.255', 'shared'],
  ['100.128.0.0', 'public'],
  ['126.255.255.255', 'public'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.255', 'loopback'],
  ['128.0.0.0', 'public'],
  ['169.253.255.255', 'public'],
  ['169.254.0.0', 'link_local'],
  ['169.254.169.254', 'link_local'],
  ['169.254.255.255', 'link_local'],
  ['169.255.0.0', 'public'],
  ['172.15.255.255', 'public'],
  ['172.16.0.0', 'private'],
  ['172.31.255.255', 'private'],
  ['172.32.0.0', 'public'],
  ['192.0.0.0', 'reserved'],
  ['192.0.0.255', 'reserved'],
  ['192.0.1.0', 'public'],
  ['192.0.2.0', 'documentation'],
  ['192.0.2.255', 'documentation'],
  ['192.0.3.0', 'public'],
  ['192.88.99.1', 'reserved'],
  ['192.167.255.255', 'public'],
  ['192.168.0.0', 'private'],
  ['192.168.255.255', 'private'],
  ['192.169.0.0', 'public'],
  ['198.17.255.255', 'public'],
  ['198.18.0.0', 'benchmarking'],
  ['198.19.255.255', 'benchmarking'],
  ['198.20.0.0', 'public'],
  ['198.51.100.7', 'documentation'],
  ['203.0.113.9', 'documentation'],
  ['223.255.255.255', 'public'],
  ['224.0.0.0', 'multicast'],
  ['239.255.255.255', 'multicast'],
  ['240.0.0.0', 'reserved'],
  ['255.255.255.254', 'reserved'],
  ['255.255.255.255', 'broadcast'],
  ['8.8.8.8', 'public'],
  ['93.184.216.34', 'public'],
  // IPv6
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['0:0:0:0:0:0:0:1', 'loopback'],
  ['::2', 'reserved'],
  ['::127.0.0.1', 'reserved'],
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['::ffff:10.1.2.3', 'private'],
  ['::ffff:169.254.169.254', 'link_local'],
  ['::ffff:8.8.8.8', 'public'],
  ['0:0:0:0:0:ffff:c0a8:0101', 'private'],
  ['::ffff:0:10.0.0.1', 'private'],
  ['::ffff:0:8.8.8.8', 'public'],
  ['64:ff9b::127.0.0.1', 'loopback'],
  ['64:ff9b::8.8.8.8', 'public'],
  ['64:ff9b:1::1', 'reserved'],
  ['100::1', 'reserved'],
  ['2001::1', 'reserved'],
  ['2001:1ff::1', 'reserved'],
  ['2001:db8::1', 'documentation'],
  ['2001:4860:4860::8888', 'public'],
  ['2002:7f00:0001::1', 'loopback'],
  ['2002:c0a8:0101::1', 'private'],
  ['2002:0808:0808::1', 'public'],
  ['2606:4700:4700::1111', 'public'],
  ['3fff::1', 'documentation'],
  ['3fff:1000::1', 'public'],
  ['4000::1', 'reserved'],
  ['1fff::1', 'reserved'],
  ['fc00::1', 'unique_local'],
  ['fdff:ffff::1', 'unique_local'],
  ['fe80::1', 'link_local'],
  ['fe80::1%eth0', 'link_local'],
  ['febf::1', 'link_local'],
  ['fec0::1', 'site_local'],
  ['ff02::1', 'multicast'],
  ['FF02::1', 'multicast'],
  // not addresses
  ['localhost', 'invalid'],
  ['example.com', 'invalid'],
  ['1.2.3', 'invalid'],
  ['', 'invalid'],
];

describe('classifyAddress', () => {
  it.each(TABLE)('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });
});

const table =
  (answers: Record<string, string[]>): Resolver =>
  async (host) => {
    const found = answers[host];
    if (!found) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

describe('checkWebhookUrl', () => {
  const strict = {
    allowPrivateUrls: false,
    resolve: table({
      'hooks.example.com': ['93.184.216.34', '2606:4700:4700::1111'],
      'split.example.com': ['93.184.216.34', '10.0.0.5'],
      'metadata.example.com': ['169.254.169.254'],
      localhost: ['127.0.0.1', '::1'],
    }),
  };

  it('accepts http(s) URLs whose every address is public, and returns the addresses it checked', async () => {
    const target = await checkWebhookUrl('https://hooks.example.com/keyway?x=1', strict);
    expect(target.hostname).toBe('hooks.example.com');
    expect(target.addresses.map((a) => a.address)).toEqual(['93.184.216.34', '2606:4700:4700::1111']);
    expect((await checkWebhookUrl('http://8.8.8.8:8080/', strict)).addresses).toEqual([
      { address: '8.8.8.8', family: 4 },
    ]);
    expect((await checkWebhookUrl('http://[2606:4700:4700::1111]/', strict)).hostname).toBe('2606:4700:4700::1111');
  });

  it.each([
    ['ftp://hooks.example.com/', { reason: 'scheme' }],
    ['file:///etc/passwd', { reason: 'scheme' }],
    ['javascript:alert(1)', { reason: 'scheme' }],
    ['not a url', { reason: 'not_a_url' }],
    ['https://user:secret@hooks.example.com/', { reason: 'credentials' }],
    ['https://user@hooks.example.com/', { reason: 'credentials' }],
    ['http://127.0.0.1:5432/', { reason: 'loopback', address: '127.0.0.1' }],
    // the decimal and hex forms of 127.0.0.1, which the URL parser normalises
    ['http://2130706433/', { reason: 'loopback', address: '127.0.0.1' }],
    ['http://0x7f.1/', { reason: 'loopback', address: '127.0.0.1' }],
    ['http://[::1]/', { reason: 'loopback', address: '::1' }],
    ['http://[::ffff:169.254.169.254]/', { reason: 'link_local', address: '::ffff:a9fe:a9fe' }],
    ['http://169.254.169.254/latest/meta-data/', { reason: 'link_local', address: '169.254.169.254' }],
    ['http://10.0.0.1/', { reason: 'private', address: '10.0.0.1' }],
    ['http://0.0.0.0/', { reason: 'unspecified', address: '0.0.0.0' }],
    ['http://100.64.1.1/', { reason: 'shared', address: '100.64.1.1' }],
    ['http://[fd00::1]/', { reason: 'unique_local', address: 'fd00::1' }],
    ['http://localhost:3000/', { reason: 'loopback', address: '127.0.0.1' }],
    ['https://metadata.example.com/', { reason: 'link_local', address: '169.254.169.254' }],
    // one private answer among public ones is enough to refuse
    ['https://split.example.com/', { reason: 'private', address: '10.0.0.5' }],
    ['https://nowhere.example.com/', { reason: 'unresolvable' }],
    [`https://hooks.example.com/${'a'.repeat(2100)}`, { reason: 'too_long' }],
  ])('refuses %s', async (url, details) => {
    const error = await expectKeywayError(checkWebhookUrl(url, strict), 'url_not_allowed');
    expect(error.details).toEqual({ field: 'url', ...details });
  });

  it('lets the operator allow private and loopback receivers, but never other schemes or credentials', async () => {
    const open = { ...strict, allowPrivateUrls: true };
    expect((await checkWebhookUrl('http://localhost:3000/hook', open)).addresses[0]).toEqual({
      address: '127.0.0.1',
      family: 4,
    });
    expect((await checkWebhookUrl('http://169.254.169.254/', open)).hostname).toBe('169.254.169.254');
    await expectKeywayError(checkWebhookUrl('ftp://localhost/', open), 'url_not_allowed');
    await expectKeywayError(checkWebhookUrl('http://a:b@localhost/', open), 'url_not_allowed');
  });
});

describe('pinnedLookup', () => {
  it('sends the connection to the checked address whatever the name says', async () => {
    const server = createServer((_req, res) => res.end('reached'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const response = await fetchWithLookup(`http://does-not-exist.invalid:${port}/`, {
        address: '127.0.0.1',
        family: 4,
      });
      expect(response).toBe('reached');
    } finally {
      server.close();
    }
  });
});

async function fetchWithLookup(url: string, target: { address: string; family: 4 | 6 }): Promise<string> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request(url, { lookup: pinnedLookup(target) as never, agent: false }, (res) => {
      let text = '';
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end();
  });
}
