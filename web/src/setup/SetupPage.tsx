import { useState } from 'react';
import { leaveLinkPage, tokenFromFragment } from '../account/accountWords.ts';
import { NewPasswordInput } from '../account/PasswordInput.tsx';
import { useFormAction } from '../account/useFormAction.ts';
import { api, type LoginResponse, type SetupBody, type User } from '../api.ts';

/** `/setup#<token>`: the link printed at first start creates the installation's first operator. */
export function SetupPage({ onSignedIn }: { onSignedIn: (user: User) => void }) {
  const [token] = useState(tokenFromFragment);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { error, busy, submit, formRef } = useFormAction(async () => {
    const body: SetupBody = { token, name, email, password };
    const result = await api<LoginResponse>('POST', '/setup', body);
    leaveLinkPage();
    onSignedIn(result.user);
  });

  return (
    <main className="login">
      <h1 className="brand">Keyway</h1>
      <h2>Set up this installation</h2>
      <p className="muted">Create the operator account. The operator creates communities and invites their managers.</p>
      {!token && (
        <p role="alert" className="error">
          This page needs the setup link the server printed when it first started.
        </p>
      )}
      <form ref={formRef} onSubmit={submit} aria-label="Create the operator account">
        <label>
          Your name
          <input autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Email
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <NewPasswordInput label="Password" value={password} onChange={setPassword} />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy || !token}>
          {busy ? 'Creating…' : 'Create operator account'}
        </button>
      </form>
    </main>
  );
}
