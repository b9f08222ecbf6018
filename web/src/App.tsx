import { useEffect, useState } from 'react';
import { api, type User } from './api.ts';
import { Login } from './Login.tsx';
import { ManagerApp } from './manager/ManagerApp.tsx';
import { ResidentApp } from './resident/ResidentApp.tsx';

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

  if (!user) return <Login onSignedIn={setUser} />;
  return user.role === 'resident' ? (
    <ResidentApp user={user} onSignOut={signOut} onSessionEnded={() => setUser(null)} />
  ) : (
    <ManagerApp user={user} onSignOut={signOut} onSessionEnded={() => setUser(null)} />
  );
}
