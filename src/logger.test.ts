import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redactUrl } from './logger.ts';

function captured() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { sink, lines };
}

describe('createLogger', () => {
  it('writes JSON lines to a given destination and redacts secrets by path', () => {
    const { sink, lines } = captured();
    createLogger('info', sink).info({ user: { password: 'hunter22', name: 'Alex' } }, 'signed in');
    const entry = JSON.parse(lines[0] ?? '{}');
    expect(entry).toMatchObject({ msg: 'signed in', user: { password: '[redacted]', name: 'Alex' } });
  });
});

describe('redactUrl', () => {
  it.each([
    ['/g/3f1c9a2e-0000-4000-8000-000000000001.k9Xy_token-123', '/g/3f1c9a2e-0000-4000-8000-000000000001.[redacted]'],
    ['/g/abc.token?lang=en', '/g/abc.[redacted]?lang=en'],
    ['/seam/access_codes/get?code=4829&device_id=d1', '/seam/access_codes/get?code=[redacted]&device_id=d1'],
    ['/seam/access_codes/list?device_id=d1&search=4829', '/seam/access_codes/list?device_id=d1&search=[redacted]'],
    ['/api/v1/guest-codes?type=temporary', '/api/v1/guest-codes?type=temporary'],
    ['/guests', '/guests'],
  ])('%s → %s', (url, logged) => {
    expect(redactUrl(url)).toBe(logged);
  });

  it('is what the request log keeps', () => {
    const { sink, lines } = captured();
    createLogger('info', sink).info({ req: { method: 'GET', url: '/g/abc.secret-token' } }, 'incoming request');
    expect(lines[0]).not.toContain('secret-token');
    expect(JSON.parse(lines[0] ?? '{}').req.url).toBe('/g/abc.[redacted]');
  });
});
