/** Account errors in plain words, by the server's stable codes (the weak-password rule says which rule). */
import { ApiError } from '../api.ts';

const passwordRules: Record<string, string> = {
  too_short: 'Use at least 10 characters — a few unrelated words make a strong, memorable password.',
  too_long: 'That password is too long (at most 1,024 characters).',
  common: 'That password is one of the most common ones, so it is easy to guess. Choose another.',
  personal: 'Do not use your own name or email address in your password.',
};

export function accountErrorText(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Could not reach Keyway. Check your connection and try again.';
  switch (error.code) {
    case 'weak_password':
      return passwordRules[String(error.details?.rule)] ?? error.message;
    case 'invalid_token':
      return `${error.message} Links work once and expire (invitations after 72 hours, password resets after one hour).`;
    case 'already_set_up':
      return 'This installation is already set up. Sign in instead.';
    case 'rate_limited':
      return 'Too many attempts. Wait a minute and try again.';
    default:
      return error.message;
  }
}

/** The token of a `/setup#…`, `/invite#…` or `/reset#…` link (never sent to the server in the URL). */
export function tokenFromFragment(): string {
  return decodeURIComponent(window.location.hash.replace(/^#/, ''));
}

/** Leaves a link page: the token disappears from the address bar and history. */
export function leaveLinkPage(): void {
  window.history.replaceState(null, '', '/');
}

export const PASSWORD_HINT = 'At least 10 characters; not a common password, and not your name or email.';
