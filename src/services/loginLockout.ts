/**
 * The per-email sign-in limit (API.md: 10 a minute). Anyone can trip it for any address, so it does not apply
 * to a device the person signed in from before (security/deviceToken.ts), and when it trips the owner is told
 * by mail — at most once an hour, however long the guessing goes on.
 */

import { KeywayError } from '../domain/errors.ts';
import { recordEvent } from '../store/repositories/events.ts';
import { insertMessage } from '../store/repositories/messages.ts';
import type { PersonRow } from '../store/repositories/principals.ts';
import { hitRateLimit } from '../store/repositories/rateLimits.ts';
import type { ServiceDeps } from './deps.ts';
import { enforceRateLimit, LOGIN_LIMIT, type RateLimitRule } from './rateLimit.ts';

/** One warning per address per hour (the lock itself lasts a minute; an hour keeps a long attack to a few mails). */
export const LOCK_ALERT_LIMIT: RateLimitRule = { limit: 1, windowMs: 3_600_000 };

export async function enforceEmailLimit(
  deps: Pick<ServiceDeps, 'db' | 'random'>,
  email: string,
  person: PersonRow | undefined,
  now: Date,
): Promise<void> {
  try {
    await enforceRateLimit(deps.db, `login-email:${email}`, LOGIN_LIMIT, now);
  } catch (error) {
    if (person && error instanceof KeywayError && error.code === 'rate_limited') await alertOwner(deps, person, now);
    throw error;
  }
}

async function alertOwner(deps: Pick<ServiceDeps, 'db' | 'random'>, person: PersonRow, now: Date): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const first = await hitRateLimit(
      tx,
      `login-lock-alert:${person.id}`,
      LOCK_ALERT_LIMIT.limit,
      LOCK_ALERT_LIMIT.windowMs,
      now,
    );
    if (!first.allowed) return;
    await recordEvent(tx, {
      communityId: person.communityId,
      type: 'account.sign_in_locked',
      actor: { type: 'system', id: null },
      subject: { type: 'person', id: person.id },
      data: { name: person.name },
      at: now,
    });
    await insertMessage(tx, {
      id: deps.random.uuid(),
      communityId: person.communityId,
      // The account-security kind the outbox already knows (no secret: nothing to sign in with is in it).
      kind: 'password_reset',
      channel: 'email',
      recipient: person.email,
      subject: 'Someone tried to sign in to your Keyway account',
      body: [
        `Hello ${person.name},`,
        '',
        'Someone tried to sign in to your Keyway account with a wrong password many times, so sign-ins with your',
        'email are paused for a minute on devices you have not used with Keyway before. Devices you signed in from',
        'before are not affected.',
        '',
        'If this was not you, nothing is needed: your password was not accepted. If you think someone knows your',
        'password, change it in Keyway or use "Forgot password?" on the sign-in page.',
      ].join('\n'),
      status: 'queued',
      createdAt: now,
    });
  });
}
