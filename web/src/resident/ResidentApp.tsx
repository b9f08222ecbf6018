import type { User } from '../api.ts';

export interface ResidentAppProps {
  user: User;
  onSignOut: () => void;
  onSessionEnded: () => void;
}

/** Placeholder: the resident app (Access, Guests, Activity) is being built. */
export function ResidentApp({ user, onSignOut }: ResidentAppProps) {
  return (
    <main>
      <p>Signed in as {user.name}</p>
      <button type="button" onClick={onSignOut}>
        Sign out
      </button>
    </main>
  );
}
