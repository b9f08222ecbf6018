import { useState } from 'react';
import { type AcceptInvitationBody, api, type LoginResponse, type User } from '../api.ts';
import { leaveLinkPage, tokenFromFragment } from './accountWords.ts';
import { NewPasswordInput } from './PasswordInput.tsx';
import { useFormAction } from './useFormAction.ts';

/** `/invite#<token>`: the invited person chooses a password and is signed in. */
export function InvitePage({ onSignedIn }: { onSignedIn: (user: User) => void }) {
  const [token] = useState(tokenFromFragment);
  const [password, setPassword] = useState('');
  const { error, busy, submit, formRef } = useFormAction(async () => {
    const body: AcceptInvitationBody = { token, password };
    const result = await api<LoginResponse>('POST', '/auth/accept-invitation', body);
    leaveLinkPage();
    onSignedIn(result.user);
  });

  return (
    <main className="login">
      <h1 className="brand">Keyway</h1>
      <h2>Welcome! Choose your password</h2>
      <p className="muted">You were invited to Keyway. Choose a password to finish; you will be signed in.</p>
      <form ref={formRef} onSubmit={submit} aria-label="Accept the invitation">
        <NewPasswordInput label="New password" value={password} onChange={setPassword} />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy || !token}>
          {busy ? 'Saving…' : 'Set password and sign in'}
        </button>
      </form>
    </main>
  );
}
