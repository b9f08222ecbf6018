/**
 * Where messages go (guest links, invitations, password resets). The default sender only writes the message to the log — with the link's secret
 * part masked, since the link shows the code — so nothing leaves the machine until a real channel is
 * configured: SMTP (SMTP_URL) for email. SMS needs a provider; until one is configured, SMS messages are
 * logged the same way.
 */
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';

export interface OutgoingMessage {
  channel: 'sms' | 'email';
  recipient: string;
  subject: string;
  body: string;
}

export interface MessageSender {
  readonly name: string;
  handles(channel: OutgoingMessage['channel']): boolean;
  send(message: OutgoingMessage): Promise<void>;
}

/** Hides the secret part of guest links and of Keyway's one-time tokens (setup, invitation, reset links). */
export const maskLinks = (text: string) =>
  text.replace(/(\/g\/[0-9a-f-]{36}\.)[A-Za-z0-9_-]+/g, '$1…').replace(/\b(kw[a-z]{1,3}_)[A-Za-z0-9_-]+/g, '$1…');

export function logSender(logger: Logger): MessageSender {
  return {
    name: 'log',
    handles: () => true,
    async send(message) {
      logger.info(
        {
          channel: message.channel,
          recipient: mask(message.recipient),
          subject: message.subject,
          body: maskLinks(message.body),
        },
        'message not delivered (no sender configured for this channel); logged instead',
      );
    },
  };
}

export function smtpSender(url: string, from: string): MessageSender {
  // Fail fast when the server is down or silent: the outbox retries with backoff.
  const transport = nodemailer.createTransport({
    url,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    name: 'smtp',
    handles: (channel) => channel === 'email',
    async send(message) {
      // Resolves only once the server accepted the message; a refusal rejects, so the outbox retries.
      await transport.sendMail({ from, to: message.recipient, subject: message.subject, text: message.body });
    },
  };
}

function mask(recipient: string): string {
  return recipient.length <= 4 ? '…' : `${recipient.slice(0, 2)}…${recipient.slice(-2)}`;
}
