import { useState } from 'react';
import { api, type PasswordResetBody } from '../api.ts';
import { useFocusOnStep } from '../shared/useFocusOnStep.ts';
import { useFormAction } from './useFormAction.ts';

/** "Forgot password?" on the sign-in page: asks for a reset link by email. */
export function ForgotPassword({ onBack }: { onBack: () => void }) {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  // The form gives way to the confirmation: focus moves to it, so it is read out.
  const { ref: sentRef } = useFocusOnStep<HTMLDivElement>(sent);
  const { error, busy, submit, formRef } = useFormAction(async () => {
    const body: PasswordResetBody = { email };
    await api('POST', '/auth/password-reset', body);
    setSent(true);
  });

  if (sent)
    return (
      <div className="card" ref={sentRef}>
        <p role="status">
          If {email} has a Keyway account, a link to choose a new password is on its way. It works once, for one hour.
        </p>
        <button type="button" onClick={onBack}>
          Back to sign in
        </button>
      </div>
    );
  return (
    <form ref={formRef} onSubmit={submit} aria-label="Reset your password">
      <p className="muted">Enter your email; we will send you a link to choose a new password.</p>
      <label>
        Email
        <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Sending…' : 'Send reset link'}
      </button>{' '}
      <button type="button" onClick={onBack}>
        Cancel
      </button>
    </form>
  );
}
