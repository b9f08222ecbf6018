import { type FormEvent, useMemo, useState } from 'react';
import { AccountSection } from '../account/AccountPage.tsx';
import { accountErrorText } from '../account/accountWords.ts';
import {
  api,
  type Community,
  type CommunityCreateBody,
  type CommunityListResponse,
  type CommunityResponse,
  type ManagerInvitationBody,
  type User,
} from '../api.ts';
import { SessionEndedContext } from '../manager/session.ts';
import { useResource } from '../manager/useResource.ts';
import { useFocusOnStep } from '../shared/useFocusOnStep.ts';

function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? ['UTC', 'America/New_York', 'America/Chicago', 'Europe/London'];
}

/** The operator console: the installation's communities, creating one, inviting its managers. */
export function OperatorConsole({
  user,
  onSignOut,
  onSessionEnded,
}: {
  user: User;
  onSignOut: () => void;
  onSessionEnded: () => void;
}) {
  return (
    <SessionEndedContext.Provider value={onSessionEnded}>
      <main className="mgr">
        <header className="mgr-header">
          <p className="brand mgr-brand">Keyway</p>
          <p className="muted small">Operator console · {user.name}</p>
        </header>
        <nav className="topnav" aria-label="Operator console">
          <button type="button" className="mgr-signout" onClick={onSignOut}>
            Sign out
          </button>
        </nav>
        <h1 className="mgr-title">Communities</h1>
        <Communities />
        <AccountSection onSignedOut={onSessionEnded} />
      </main>
    </SessionEndedContext.Provider>
  );
}

function Communities() {
  const list = useResource<CommunityListResponse>('/communities');
  const zones = useMemo(timeZones, []);
  const [name, setName] = useState('');
  const [timeZone, setTimeZone] = useState(() => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { ref: createRef, focusError } = useFocusOnStep<HTMLFormElement>('create');

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: CommunityCreateBody = { name, timeZone };
      await api<CommunityResponse>('POST', '/communities', body);
      setName('');
      list.reload();
    } catch (e) {
      setError(accountErrorText(e));
      focusError();
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {list.error && (
        <p role="alert" className="error">
          {list.error}
        </p>
      )}
      {list.data && list.data.communities.length === 0 && (
        <p className="muted">No communities yet: create the first.</p>
      )}
      <ul className="plain-list mgr-plain-list" aria-label="Communities">
        {list.data?.communities.map((c) => (
          <CommunityItem key={c.id} community={c} />
        ))}
      </ul>
      <form ref={createRef} onSubmit={create} aria-label="Create a community" className="card">
        <h2>New community</h2>
        <label>
          Name
          <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Time zone
          <select value={timeZone} onChange={(e) => setTimeZone(e.target.value)}>
            {(zones.includes(timeZone) ? zones : [timeZone, ...zones]).map((z) => (
              <option key={z} value={z}>
                {z.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          Create community
        </button>
      </form>
    </>
  );
}

function CommunityItem({ community }: { community: Community }) {
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Invite a manager opens the form in place: focus moves to its first field, and to the message on a refusal.
  const { ref, focusError } = useFocusOnStep<HTMLLIElement>(open);

  const invite = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const body: ManagerInvitationBody = { email, name, role: 'manager' };
      await api('POST', `/communities/${community.id}/invitations`, body);
      setStatus(`Invitation sent to ${email}. The link works for 72 hours.`);
      setEmail('');
      setName('');
    } catch (e) {
      setError(accountErrorText(e));
      focusError();
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="card" ref={ref}>
      <h2>{community.name}</h2>
      <p className="muted small">{community.timeZone.replaceAll('_', ' ')}</p>
      {status && <p role="status">{status}</p>}
      {!open ? (
        <button type="button" onClick={() => setOpen(true)}>
          Invite a manager
        </button>
      ) : (
        <form onSubmit={invite} aria-label={`Invite a manager for ${community.name}`}>
          <label>
            Manager's name
            <input required value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label>
            Manager's email
            <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <button type="submit" className="primary" disabled={busy}>
            Send invitation
          </button>{' '}
          <button type="button" onClick={() => setOpen(false)}>
            Close
          </button>
        </form>
      )}
    </li>
  );
}
