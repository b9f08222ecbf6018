import { useEffect, useState } from 'react';
import { AccountSection } from './account/AccountPage.tsx';
import { InvitePage } from './account/InvitePage.tsx';
import { ResetPage } from './account/ResetPage.tsx';
import { api, type User } from './api.ts';
import { Login } from './Login.tsx';
import { ManagerApp } from './manager/ManagerApp.tsx';
import { OperatorConsole } from './operator/OperatorConsole.tsx';
import { ResidentApp } from './resident/ResidentApp.tsx';
import { SetupPage } from './setup/SetupPage.tsx';

const USER_KEY = 'keyway.user';

/** Signs in, then shows the resident app or the manager console by role. */
export function App() {
  const [user, setUser] = useState<User | null>(() => {
    const saved = sessionStorage.getItem(USER_KEY);
    return saved ? (JSON.parse(saved) as User) : null;
  });

  useEffect(() => {
    if (user) sessionStorage.setItem(USER_KEY, JSON.stringify(user));
    else sessionStorage.removeItem(USER_KEY);
  }, [user]);

  const signOut = async () => {
    await api('POST', '/auth/logout').catch(() => undefined);
    setUser(null);
  };

  // One-time link pages (the token is in the fragment, which never reaches the server's logs).
  const [linkPage, setLinkPage] = useState(() => window.location.pathname);
  const signedInFromLink = (next: User) => {
    setLinkPage('/');
    setUser(next);
  };
  if (linkPage === '/setup') return <SetupPage onSignedIn={signedInFromLink} />;
  if (linkPage === '/invite') return <InvitePage onSignedIn={signedInFromLink} />;
  if (linkPage === '/reset') return <ResetPage onDone={() => setLinkPage('/')} />;

  if (!user) return <Login onSignedIn={setUser} />;
  if (linkPage === '/account')
    return (
      <main className="login">
        <AccountSection onSignedOut={() => setUser(null)} />
        <a href="/">Back to Keyway</a>
      </main>
    );
  if (user.role === 'operator')
    return <OperatorConsole user={user} onSignOut={signOut} onSessionEnded={() => setUser(null)} />;
  return user.role === 'resident' ? (
    <ResidentApp user={user} onSignOut={signOut} onSessionEnded={() => setUser(null)} />
  ) : (
    <ManagerApp user={user} onSignOut={signOut} onSessionEnded={() => setUser(null)} />
  );
}
