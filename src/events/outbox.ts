/**
 * Putting messages in the outbox. A message that carries a one-time link secret (invitation, password reset)
 * keeps the secret only encrypted, bound to the message's id, and its body holds a placeholder: the dispatcher
 * puts the secret in at send time and the row forgets it once the message is sent.
 */
import type { PinCipher } from '../security/pinCipher.ts';
import type { Executor } from '../store/database.ts';
import { insertMessage } from '../store/repositories/messages.ts';

/** Where the secret goes in a body (the body is stored with this, never with the secret). */
export const SECRET_PLACEHOLDER = '{{secret}}';

export const messageSecretBinding = (messageId: string) => `message:${messageId}`;

export interface SecretMessage {
  id: string;
  communityId: string | null;
  kind: 'invitation' | 'password_reset';
  recipient: string;
  subject: string;
  /** Must contain SECRET_PLACEHOLDER where the secret belongs. */
  body: string;
  secret: string;
  createdAt: Date;
}

export async function queueSecretEmail(ex: Executor, cipher: PinCipher, message: SecretMessage): Promise<void> {
  if (!message.body.includes(SECRET_PLACEHOLDER)) throw new Error('A secret message needs the secret placeholder.');
  await insertMessage(ex, {
    id: message.id,
    communityId: message.communityId,
    kind: message.kind,
    channel: 'email',
    recipient: message.recipient,
    subject: message.subject,
    body: message.body,
    secretEnc: cipher.encrypt(message.secret, messageSecretBinding(message.id)),
    status: 'queued',
    createdAt: message.createdAt,
  });
}
