import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../domain/errors.ts';
import { statusOf } from './errorMapper.ts';

describe('error mapping', () => {
  it('gives every error code a 4xx status, as API.md documents them', () => {
    for (const code of ERROR_CODES) {
      expect(statusOf(code), code).toBeGreaterThanOrEqual(400);
      expect(statusOf(code), code).toBeLessThan(500);
    }
    expect(statusOf('invalid_request')).toBe(400);
    expect(statusOf('unauthenticated')).toBe(401);
    expect(statusOf('forbidden')).toBe(403);
    expect(statusOf('not_found')).toBe(404);
    expect(statusOf('code_conflict')).toBe(409);
    expect(statusOf('rate_limited')).toBe(429);
    for (const rule of [
      'pin_not_digits',
      'pin_length_not_allowed',
      'pin_repeated_digit',
      'pin_sequential',
      'pin_common',
      'custom_codes_disabled',
      'custom_code_not_allowed_here',
      'guest_code_not_customizable',
      'guest_type_disabled',
    ] as const) {
      expect(statusOf(rule), rule).toBe(422);
    }
  });
});
