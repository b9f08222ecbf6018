/**
 * The outbox against a real SMTP server: sent only once the server accepted; refusals retried with backoff,
 * then failed and shown to managers (never the link), "Send again"; a server that is down; the log sender.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RETRY_DELAYS_MS } from '../../src/events/backoff.ts';
import { startMessageDispatcher } from '../../src/events/messageDispatcher.ts';
import { logSender, smtpSender } from '../../src/events/messageSenders.ts';
import { queueSecretEmail, SECRET_PLACEHOLDER } from '../../src/events/outbox.ts';
import { createLogger } from '../../src/logger.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { PinCipher } from '../../src/security/pinCipher.ts';
import { messages } from '../../src/store/schema.ts';
import { linkToken, startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.ts';
import { ALEX, MANAGER, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

describe('mail through a real SMTP server', () => {
  let t: TestKeyway;
  let smtp: TestSmtp;
  let manager: string;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await startTestKeyway({ env: { SMTP_URL: smtp.url } });
    manager = await t.login(MANAGER);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const failed = async () =>
    (await t.request('GET', '/api/v1/messages?status=failed', { token: manager })).json().messages as {
      id: string;
      attempts: number;
      error: string;
      kind: string;
    }[];

  it('a refusing server: retried with backoff, then failed and visible to the manager without the link', async () => {
    smtp.rejecting(true);
    await t.request('POST', '/api/v1/auth/password-reset', { body: { email: ALEX } });
    await t.keyway.messages.drain();
    for (const delay of RETRY_DELAYS_MS) {
      // Not due yet: nothing is tried.
      await t.keyway.messages.drain();
      const [row] = await t.keyway.deps.db.select().from(messages).where(eq(messages.recipient, ALEX));
      expect(row?.status).toBe('queued');
      expect(row?.nextAttemptAt?.getTime()).toBe(t.clock.now().getTime() + delay);
      t.clock.advance(delay);
      await t.keyway.messages.drain();
    }
    const list = await failed();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ kind: 'password_reset', attempts: 6 });
    expect(list[0]?.error).toMatch(/550/);
    const raw = JSON.stringify(list);
    expect(raw).not.toContain('/reset#');
    expect(raw).not.toContain('body');
    expect(smtp.mails).toHaveLength(0);

    // Another community's manager (or a resident) cannot see or retry it.
    const alex = await t.login(ALEX);
    expect((await t.request('GET', '/api/v1/messages', { token: alex })).statusCode).toBe(403);
    expect(
      (await t.request('POST', `/api/v1/messages/${crypto.randomUUID()}/retry`, { token: manager })).statusCode,
    ).toBe(404);

    smtp.rejecting(false);
    const retried = await t.request('POST', `/api/v1/messages/${list[0]?.id}/retry`, { token: manager });
    expect(retried.statusCode).toBe(200);
    await t.keyway.messages.drain();
    const mail = await smtp.waitForMail(ALEX);
    expect(linkToken(mail, 'reset')).toMatch(/^kwr_/);
    expect(await failed()).toEqual([]);
    const [row] = await t.keyway.deps.db.select().from(messages).where(eq(messages.recipient, ALEX));
    expect(row).toMatchObject({ status: 'sent', secretEnc: null });
    expect(row?.body).toContain(`/reset#${SECRET_PLACEHOLDER}`);
  });
});

describe('the dispatcher on its own', () => {
  let database: TestDatabase;
  const clock = new ManualClock(new Date('2026-06-15T15:00:00Z'));
  const cipher = new PinCipher(randomBytes(32));
  let logText = '';
  const logger = createLogger(
    'info',
    new Writable({
      write(chunk, _e, done) {
        logText += String(chunk);
        done();
      },
    }),
  );

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  const queue = async (secret: string) => {
    const id = crypto.randomUUID();
    await queueSecretEmail(database.db, cipher, {
      id,
      communityId: null,
      kind: 'password_reset',
      recipient: 'someone@example.org',
      subject: 'Reset',
      body: `https://keys.example.org/reset#${SECRET_PLACEHOLDER}`,
      secret,
      createdAt: clock.now(),
    });
    return id;
  };

  it('a server that is down: the attempt fails and is retried later, nothing marked sent', async () => {
    const id = await queue('kwr_downdowndowndowndown');
    const dispatcher = startMessageDispatcher({
      db: database.db,
      clock,
      logger,
      cipher,
      senders: [smtpSender('smtp://127.0.0.1:9', 'Keyway <k@example.org>')],
      intervalMs: 3_600_000,
    });
    await dispatcher.drain();
    dispatcher.stop();
    const [row] = await database.db.select().from(messages).where(eq(messages.id, id));
    expect(row).toMatchObject({ status: 'queued', attempts: 1 });
    expect(row?.error).toMatch(/ECONNREFUSED|connect/i);
    expect(row?.secretEnc).not.toBeNull();
  });

  it('without SMTP the log sender logs the message with the link secret masked', async () => {
    const secret = 'kwr_supersecretsupersecret';
    const id = await queue(secret);
    const dispatcher = startMessageDispatcher({
      db: database.db,
      clock: new ManualClock(new Date('2026-06-16T00:00:00Z')),
      logger,
      cipher,
      senders: [logSender(logger)],
      intervalMs: 3_600_000,
    });
    await dispatcher.drain();
    dispatcher.stop();
    expect(logText).toContain('/reset#kwr_…');
    expect(logText).not.toContain(secret);
    const [row] = await database.db.select().from(messages).where(eq(messages.id, id));
    expect(row).toMatchObject({ status: 'sent', secretEnc: null });
  });
});
