/**
 * A real SMTP server in the test process (smtp-server), parsing what it receives (mailparser), so tests read
 * the links out of the mail Keyway actually sent. It can be told to refuse mail (550) to test retries.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string;
  from: string;
  subject: string;
  text: string;
}

export interface TestSmtp {
  url: string;
  mails: ReceivedMail[];
  /** Refuse every message from now on (or accept again). */
  rejecting(on: boolean): void;
  /** Waits for a mail to `to` (the newest one after `after` mails to that address). */
  waitForMail(to: string, options?: { after?: number; timeoutMs?: number }): Promise<ReceivedMail>;
  close(): Promise<void>;
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const mails: ReceivedMail[] = [];
  let reject = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          if (reject) {
            const error = Object.assign(new Error('Mailbox unavailable (test refuses mail)'), { responseCode: 550 });
            callback(error);
            return;
          }
          const to = Array.isArray(parsed.to) ? parsed.to[0]?.text : parsed.to?.text;
          mails.push({
            to: to ?? '',
            from: parsed.from?.text ?? '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
          });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    rejecting(on) {
      reject = on;
    },
    async waitForMail(to, options = {}) {
      const deadline = Date.now() + (options.timeoutMs ?? 10_000);
      for (;;) {
        const forThem = mails.filter((m) => m.to.toLowerCase().includes(to.toLowerCase()));
        const mail = forThem[options.after ?? 0];
        if (mail) return mail;
        if (Date.now() > deadline) throw new Error(`no mail to ${to} arrived`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The token in a `<base>/<page>#<token>` link of a mail. */
export function linkToken(mail: ReceivedMail, page: 'invite' | 'reset'): string {
  const match = new RegExp(`/${page}#([A-Za-z0-9_-]+)`).exec(mail.text);
  if (!match?.[1]) throw new Error(`no /${page} link in: ${mail.text}`);
  return match[1];
}
