/**
 * What makes a password acceptable (NIST SP 800-63B style): long enough, not a well-known one, and not the
 * person's own name or email. Pure: the caller passes the person's details; the result says which rule failed.
 */
import { COMMON_PASSWORDS } from './commonPasswords.ts';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;

export type PasswordRule = 'too_short' | 'too_long' | 'common' | 'personal';

export type PasswordCheck = { ok: true } | { ok: false; rule: PasswordRule; message: string };

export interface PasswordContext {
  email?: string | undefined;
  name?: string | undefined;
}

const normalise = (text: string) => text.normalize('NFKC').toLowerCase();

/** Letters and digits only, for comparing "jane.doe" with "Jane Doe!". */
const squash = (text: string) => normalise(text).replace(/[^\p{L}\p{N}]/gu, '');

export function checkPassword(password: string, context: PasswordContext = {}): PasswordCheck {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH)
    return {
      ok: false,
      rule: 'too_short',
      message: `Use at least ${MIN_PASSWORD_LENGTH} characters (a few words make a good password).`,
    };
  if (length > MAX_PASSWORD_LENGTH)
    return { ok: false, rule: 'too_long', message: `Use at most ${MAX_PASSWORD_LENGTH} characters.` };
  const lower = normalise(password);
  // "password2024!" and "qwerty123456" are a listed word with digits or punctuation around it.
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
  if (COMMON_PASSWORDS.has(lower) || (core.length > 0 && COMMON_PASSWORDS.has(core)) || /^(.)\1+$/u.test(lower))
    return { ok: false, rule: 'common', message: 'This password is one of the most common ones; choose another.' };
  if (core.length === 0 || /^\d+$/.test(lower))
    return { ok: false, rule: 'common', message: 'Use letters as well, not only digits or symbols.' };
  // What is left once the person's own name and email are taken out must still be a password of its own.
  let rest = squash(password);
  for (const word of personalWords(context).sort((a, b) => b.length - a.length)) rest = rest.replaceAll(word, '');
  if (rest !== squash(password) && (rest.length < 4 || /^\d+$/.test(rest)))
    return { ok: false, rule: 'personal', message: 'Do not use your own name or email address as your password.' };
  return { ok: true };
}

function personalWords(context: PasswordContext): string[] {
  const words: string[] = [];
  if (context.email) {
    const email = normalise(context.email);
    words.push(squash(email), squash(email.split('@')[0] ?? ''));
  }
  if (context.name) {
    words.push(squash(context.name));
    for (const part of normalise(context.name).split(/[^\p{L}\p{N}]+/u)) words.push(squash(part));
  }
  return words.filter((w) => w.length >= 3);
}
