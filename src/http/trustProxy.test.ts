import { describe, expect, it } from 'vitest';
import { parseTrustProxy } from './trustProxy.ts';

describe('parseTrustProxy', () => {
  it('trusts nobody unless told', () => {
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('')).toBe(false);
    expect(parseTrustProxy('true')).toBe(true);
  });
  it('takes addresses, CIDRs and proxy-addr range names', () => {
    expect(parseTrustProxy('10.0.0.1')).toEqual(['10.0.0.1']);
    expect(parseTrustProxy('10.0.0.0/8,fd00::/8 , loopback')).toEqual(['10.0.0.0/8', 'fd00::/8', 'loopback']);
    expect(parseTrustProxy('::1/128')).toEqual(['::1/128']);
  });
  it('refuses what it cannot check, naming the variable', () => {
    for (const bad of ['2', 'proxy.example', '10.0.0.0/33', '::1/129', '10.0.0.1/8/8', '10.0.0.1,', 'yes'])
      expect(() => parseTrustProxy(bad), bad).toThrow(/TRUST_PROXY/);
  });
});
