import { type FormEvent, useState } from 'react';
import { api, type ChangePasswordBody, type SessionsEndedResponse } from '../api.ts';
import { ConfirmButton } from '../shared/ConfirmButton.tsx';
import { accountErrorText } from './accountWords.ts';
import { NewPasswordInput } from './PasswordInput.tsx';

/** For everyone signed in: change the password (other sessions end), sign out everywhere. */
export function AccountSection({ onSignedOut }: { onSignedOut: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const change = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const body: ChangePasswordBody = { currentPassword: current, newPassword: next };
      const result = await api<SessionsEndedResponse>('POST', '/me/password', body);
      setCurrent('');
      setNext('');
      setMessage(
        `Password changed.${result.sessionsEnded > 0 ? ` Signed out on ${result.sessionsEnded} other device(s).` : ''}`,
      );
    } catch (e) {
      setError(accountErrorText(e));
    } finally {
      setBusy(false);
    }
  };

  const everywhere = async () => {
    try {
      await api('POST', '/me/sessions/revoke-all');
    } finally {
      onSignedOut();
    }
  };

  return (
    <section aria-labelledby="account-heading" className="card">
      <h2 id="account-heading">Your account</h2>
      <form onSubmit={change} aria-label="Change your password">
        <label>
          Current password
          <input
            type="password"
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
        </label>
        <NewPasswordInput label="New password" value={next} onChange={setNext} />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {message && <p role="status">{message}</p>}
        <button type="submit" className="primary" disabled={busy}>
          Change password
        </button>
      </form>
      <h3>Devices</h3>
      <p className="muted small">Lost a phone or used a shared computer? End every session of your account.</p>
      <ConfirmButton
        confirmLabel="Confirm sign out everywhere"
        message="Every device signs out, this one included."
        onConfirm={everywhere}
      >
        Sign out everywhere
      </ConfirmButton>
    </section>
  );
}
