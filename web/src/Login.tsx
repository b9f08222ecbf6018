import { type FormEvent, useEffect, useState } from 'react';
import { ForgotPassword } from './account/ForgotPassword.tsx';
import './account/account.css';
import { ApiError, api, type LoginBody, type LoginResponse, type SetupStatusResponse, type User } from './api.ts';
import { useFocusOnStep } from './shared/useFocusOnStep.ts';

export function Login({ onSignedIn }: { onSignedIn: (user: User) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [forgot, setForgot] = useState(false);
  const [status, setStatus] = useState<SetupStatusResponse | null>(null);
  // Forgot password and back swap the form: focus follows to the new form's first field.
  const { ref, focusError } = useFocusOnStep<HTMLElement>(forgot);

  useEffect(() => {
    api<SetupStatusResponse>('GET', '/setup').then(setStatus, () => undefined);
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await api<LoginResponse>('POST', '/auth/login', { email, password } satisfies LoginBody);
      onSignedIn(result.user);
    } catch (e) {
      setError(
        e instanceof ApiError && e.code === 'unauthenticated' ? 'Wrong email or password.' : (e as Error).message,
      );
      focusError();
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login" ref={ref}>
      <h1 className="brand">Keyway</h1>
      <p className="muted">Door codes for your community</p>
      {forgot ? (
        <ForgotPassword onBack={() => setForgot(false)} />
      ) : (
        <form onSubmit={submit} aria-label="Sign in">
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
          <label>
            Password
            <input
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
          <p>
            <button type="button" className="linklike" onClick={() => setForgot(true)}>
              Forgot password?
            </button>
          </p>
        </form>
      )}
      {status?.needed && (
        <p role="status" className="card">
          This installation is not set up yet. Open the setup link the server printed when it started.
        </p>
      )}
      <p className="muted small" hidden={!status?.demo}>
        Demo: alex@maplecourt.example, blair@maplecourt.example or manager@maplecourt.example — password keyway-demo
      </p>
    </main>
  );
}
