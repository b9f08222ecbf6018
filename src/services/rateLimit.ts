import { KeywayError } from '../domain/errors.ts';
import type { Executor } from '../store/database.ts';
import { hitRateLimit } from '../store/repositories/rateLimits.ts';

export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

/** API.md: generate + pick together, 20 per person per minute; every attempt counts. */
export const CODE_CHANGE_LIMIT: RateLimitRule = { limit: 20, windowMs: 60_000 };
/** API.md: 10 per minute per email and per client address. */
export const LOGIN_LIMIT: RateLimitRule = { limit: 10, windowMs: 60_000 };

export async function enforceRateLimit(ex: Executor, key: string, rule: RateLimitRule, now: Date): Promise<void> {
  const hit = await hitRateLimit(ex, key, rule.limit, rule.windowMs, now);
  if (!hit.allowed) {
    const retryAfterSeconds = Math.max(1, Math.ceil((hit.retryAt.getTime() - now.getTime()) / 1000));
    throw new KeywayError('rate_limited', 'Too many attempts. Please wait a moment and try again.', {
      retryAfterSeconds,
    });
  }
}
