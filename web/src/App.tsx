import { useCallback, useEffect, useMemo, useState } from 'react';
import { AccountSection } from './account/AccountPage.tsx';
import { InvitePage } from './account/InvitePage.tsx';
import { ResetPage } from './account/ResetPage.tsx';
import { api, sessionUser, type User } from './api.ts';
import { Login } from './Login.tsx';
import { ManagerApp } from './manager/ManagerApp.tsx';
import { OperatorConsole } from './operator/OperatorConsole.tsx';
import { ResidentApp } from './resident/ResidentApp.tsx';
import { SetupPage } from './setup/SetupPage.tsx';
import { browserSessionSync } from './shared/sessionSync.ts';

/**
 * Signs in, then shows the resident app or the manager console by role. Who is signed in is the server's
 * answer for the session cookie, asked on start and whenever the tab comes back into view; other tabs tell
 * this one at once when they sign in or out (sessionSync), so every tab shows the cookie's person.
 */
export function App() {
  // undefined: still asking the server.
  const [user, setUser] = useState<User | null | undefined>(undefined);
  // The first question found no server (offline, or Keyway down): a sign-in form could not work either.
  const [unreachable, setUnreachable] = useState(false);
  const sync = useMemo(browserSessionSync, []);

  // Same person: keep the object, so the screens under it do not start over.
  const show = useCallback((next: User | null) => setUser((current) => (sameUser(current, next) ? current : next)), []);

  const ask = useCallback(async () => {
    try {
      show(await sessionUser());
      setUnreachable(false);
    } catch {
      // Server out of reach: keep what is shown; at start there is nothing to keep, so say why and wait.
      setUser((current) => {
        if (current === undefined) setUnreachable(true);
        return current;
      });
    }
  }, [show]);

  useEffect(() => {
    void ask();
    const stop = sync.listen((news) => show(news.type === 'signed-in' ? news.user : null));
    const onVisible = () => {
      if (document.visibilityState === 'visible') void ask();
    };
    document.addEventListener('visibilitychange', onVisible);
    const onOnline = () => void ask();
    window.addEventListener('online', onOnline);
    return () => {
      stop();
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('online', onOnline);
    };
  }, [ask, sync, show]);

  const signedIn = useCallback(
    (next: User) => {
      show(next);
      sync.announce({ type: 'signed-in', user: next });
    },
    [show, sync],
  );
  const signedOut = useCallback(() => {
    show(null);
    sync.announce({ type: 'signed-out' });
  }, [show, sync]);
  const signOut = useCallback(async () => {
    await api('POST', '/auth/logout').catch(() => undefined);
    signedOut();
  }, [signedOut]);
  // A 401 somewhere: the server decides whether the session really ended or another tab changed who it is.
  const sessionEnded = useCallback(() => {
    void sessionUser().then(
      (now) => (now ? show(now) : signedOut()),
      () => show(null),
    );
  }, [show, signedOut]);

  // One-time link pages (the token is in the fragment, which never reaches the server's logs).
  const [linkPage, setLinkPage] = useState(() => window.location.pathname);
  const signedInFromLink = (next: User) => {
    setLinkPage('/');
    signedIn(next);
  };
  if (linkPage === '/setup') return <SetupPage onSignedIn={signedInFromLink} />;
  if (linkPage === '/invite') return <InvitePage onSignedIn={signedInFromLink} />;
  if (linkPage === '/reset') return <ResetPage onDone={() => setLinkPage('/')} />;

  if (user === undefined && unreachable) return <Unreachable onRetry={() => void ask()} />;
  if (user === undefined) return <main className="login" aria-busy="true" />;
  if (!user) return <Login onSignedIn={signedIn} />;
  if (linkPage === '/account')
    return (
      <main className="login">
        <h1 className="brand">Keyway</h1>
        <AccountSection onSignedOut={signedOut} />
        <a href="/">Back to Keyway</a>
      </main>
    );
  // Keyed by person: when another tab changes who is signed in, nothing of the last person's screen stays.
  if (user.role === 'operator')
    return <OperatorConsole key={user.id} user={user} onSignOut={signOut} onSessionEnded={sessionEnded} />;
  return user.role === 'resident' ? (
    <ResidentApp key={user.id} user={user} onSignOut={signOut} onSessionEnded={sessionEnded} />
  ) : (
    <ManagerApp key={user.id} user={user} onSignOut={signOut} onSessionEnded={sessionEnded} />
  );
}

function sameUser(a: User | null | undefined, b: User | null): boolean {
  if (!a || !b) return a === b;
  return a.id === b.id && a.name === b.name && a.role === b.role;
}

/** Opened with no way to reach Keyway: who is signed in is the server's answer, so wait for it instead of a sign-in form. */
function Unreachable({ onRetry }: { onRetry: () => void }) {
  const offline = typeof navigator !== 'undefined' && !navigator.onLine;
  return (
    <main className="login">
      <h1 className="brand">Keyway</h1>
      <p role="status">
        {offline
          ? 'This phone is offline. Keyway opens as soon as it is back online — you stay signed in.'
          : 'Keyway can’t be reached right now. It opens as soon as it answers — you stay signed in.'}
      </p>
      <button type="button" onClick={onRetry}>
        Try again
      </button>
    </main>
  );
}
