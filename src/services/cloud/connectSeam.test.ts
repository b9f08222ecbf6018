import { describe, expect, it } from 'vitest';
import { isLoopback, webhookUrl } from './connectSeam.ts';

describe('the webhook Keyway registers at Seam', () => {
  it.each([
    ['http://localhost:3000', true],
    ['http://app.localhost', true],
    ['http://127.0.0.1:3000', true],
    ['http://[::1]:3000', true],
    ['http://0.0.0.0', true],
    ['https://keyway.example', false],
    ['http://192.168.1.20:3000', false],
  ])('%s is loopback: %s (no webhook then; Seam could not reach it)', (url, loopback) => {
    expect(isLoopback(url)).toBe(loopback);
  });

  it('points at the account’s own path', () => {
    expect(webhookUrl('https://keyway.example', 'a1')).toBe('https://keyway.example/api/v1/cloud/seam/webhooks/a1');
  });
});
