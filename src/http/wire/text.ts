/**
 * Text people type that other people read: names (guests, staff codes, API keys, residents, units, doors) and
 * phone numbers. Names end up in mails, SMS, the guest page and the manager console, so they are one line of
 * plain text: no line breaks or other control characters (a forged second line in a mail), no bidirectional
 * overrides (a name that reads differently than it sorts), and no `<` or `>` (markup, whatever the renderer).
 */
import { z } from 'zod';

/** Control characters (C0, DEL, C1: line breaks, tabs, NUL), line/paragraph separators, bidi overrides, markup. */
const NOT_IN_NAMES = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069<>]/u;

const ONE_LINE = { message: 'must be one line of plain text (no line breaks, control characters, < or >)' };
const isOneLine = (s: string) => !NOT_IN_NAMES.test(s);

export function displayName(max = 100) {
  // Checked before trimming: a stray trailing line break is refused, not silently dropped.
  return z.string().refine(isOneLine, ONE_LINE).trim().min(1).max(max);
}

/** Only the characters rule, for bodies whose length and presence a service checks with its own codes. */
export const oneLineText = z.string().max(1000).refine(isOneLine, ONE_LINE);

/**
 * A phone number for SMS, stored as E.164: `+`, then 8–15 digits (country code first). Spaces, dashes, dots and
 * parentheses people type between the digits are accepted and dropped; anything else (letters, a missing `+`,
 * too few or too many digits) is refused rather than guessed at.
 */
export const phoneNumber = z
  .string()
  .max(40)
  .describe('E.164, e.g. +13125550123; spaces, dashes, dots and parentheses are ignored')
  .transform((s) => s.replace(/[\s\-.()]/g, ''))
  .pipe(
    z
      .string()
      .regex(/^\+[1-9]\d{7,14}$/, 'must be an international number: + and country code, then 8–15 digits in all'),
  );
