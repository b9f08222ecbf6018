import type { User } from '../api.ts';

export interface ManagerAppProps {
  user: User;
  onSignOut: () => void;
  onSessionEnded: () => void;
}

/** Placeholder: the manager console is being built. */
export function ManagerApp({ user, onSignOut }: ManagerAppProps) {
  return (
    <main>
      <p>Signed in as {user.name}</p>
      <button type="button" onClick={onSignOut}>
        Sign out
      </button>
    </main>
  );
}
