import { SeamWebhook } from '@seamapi/webhook';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signatureHeaders } from './signing.ts';

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('webhook signatures', () => {
  it('are what Seam’s own verifier accepts', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const body = JSON.stringify({ event_id: 'e1', event_type: 'lock.unlocked', workspace_id: 'w' });
    const headers = signatureHeaders(secret, 'e1', nowSeconds(), body);
    expect(new SeamWebhook(secret).verify(body, { ...headers })).toMatchObject({ event_type: 'lock.unlocked' });
  });

  it('fail verification when the body, the id, the timestamp or the secret differ', () => {
    const secret = newWebhookSecret();
    const body = '{"event_id":"e1"}';
    const at = nowSeconds();
    const headers = { ...signatureHeaders(secret, 'e1', at, body) };
    const verify = (s: string, b: string, h: Record<string, string>) => () => new SeamWebhook(s).verify(b, h);
    expect(verify(secret, '{"event_id":"e2"}', headers)).toThrow();
    expect(verify(secret, body, { ...headers, 'webhook-id': 'e2' })).toThrow();
    expect(verify(secret, body, { ...headers, 'webhook-timestamp': String(at + 1) })).toThrow();
    expect(verify(newWebhookSecret(), body, headers)).toThrow();
    // Receivers refuse stale deliveries (replays): the timestamp must be the real time, not a test clock's.
    expect(verify(secret, body, { ...signatureHeaders(secret, 'e1', at - 3600, body) })).toThrow();
  });

  it('give each secret its own key', () => {
    const a = newWebhookSecret();
    const b = newWebhookSecret();
    expect(a).not.toBe(b);
    expect(signatureHeaders(a, 'x', 1, '{}')['webhook-signature']).not.toBe(
      signatureHeaders(b, 'x', 1, '{}')['webhook-signature'],
    );
  });
});
