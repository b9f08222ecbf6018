import { useState } from 'react';
import { api, type PasswordResetConfirmBody } from '../api.ts';
import { leaveLinkPage, tokenFromFragment } from './accountWords.ts';
import { NewPasswordInput } from './PasswordInput.tsx';
import { useFormAction } from './useFormAction.ts';

/** `/reset#<token>`: choose a new password; every session of the account ends, then sign in again. */
export function ResetPage({ onDone }: { onDone: () => void }) {
  const [token] = useState(tokenFromFragment);
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const { error, busy, submit, formRef } = useFormAction(async () => {
    const body: PasswordResetConfirmBody = { token, password };
    await api('POST', '/auth/password-reset/confirm', body);
    leaveLinkPage();
    setDone(true);
  });

  return (
    <main className="login">
      <h1 className="brand">Keyway</h1>
      <h2>Choose a new password</h2>
      {done ? (
        <>
          <p role="status">Your password is changed, and you are signed out everywhere. Sign in with the new one.</p>
          <button type="button" className="primary" onClick={onDone}>
            Go to sign in
          </button>
        </>
      ) : (
        <form ref={formRef} onSubmit={submit} aria-label="Choose a new password">
          <NewPasswordInput label="New password" value={password} onChange={setPassword} />
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <button type="submit" className="primary" disabled={busy || !token}>
            {busy ? 'Saving…' : 'Save new password'}
          </button>
        </form>
      )}
    </main>
  );
}
