/**
 * Webhook signatures, the Standard Webhooks scheme (the one Svix and Seam use, so `@seamapi/webhook`'s
 * `new SeamWebhook(secret).verify(body, headers)` checks Keyway's deliveries unchanged):
 * `webhook-signature: v1,<base64 HMAC-SHA256(secret bytes, "{webhook-id}.{webhook-timestamp}.{body}")>`,
 * where the secret is `whsec_` + base64 of its bytes.
 */
import { createHmac, randomBytes } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

/** What an endpoint's secret is encrypted to (its id as associated data: the ciphertext fits no other row). */
export const webhookSecretBinding = (endpointId: string) => `webhook:${endpointId}`;

/** A new endpoint secret: 32 random bytes. Shown to the integrator; stored only encrypted. */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** The headers that authenticate `body` as sent by Keyway at `timestampSeconds` (unix seconds). */
export function signatureHeaders(secret: string, id: string, timestampSeconds: number, body: string): SignedHeaders {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
  const timestamp = String(timestampSeconds);
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}
