/** Wire shapes of the first start (/setup) and of account links and passwords (/auth/…, /me/password). */
import { z } from 'zod';
import { loginResponse } from './auth.ts';
import { displayName } from './text.ts';

const password = z.string().min(1).max(1024).describe('At least 10 characters, not a common password');
const oneTimeToken = z.string().min(10).max(200).describe('The token from the link (the part after #)');

export const setupBody = z.object({
  token: oneTimeToken,
  name: displayName(100),
  email: z.string().trim().email().max(320),
  password,
});

export const setupStatusResponse = z.object({
  needed: z.boolean().describe('No operator yet: open the setup link the server printed at start'),
  demo: z.boolean().describe('The demo community with its published sign-ins'),
});

/** Signed in as the new operator. */
export const setupResponse = loginResponse;

export const acceptInvitationBody = z.object({ token: oneTimeToken, password });
export const passwordResetBody = z.object({ email: z.string().trim().min(1).max(320) });
export const passwordResetConfirmBody = z.object({ token: oneTimeToken, password });
export const changePasswordBody = z.object({ currentPassword: z.string().min(1).max(1024), newPassword: password });
export const sessionsEndedResponse = z.object({ ok: z.literal(true), sessionsEnded: z.number().int() });
