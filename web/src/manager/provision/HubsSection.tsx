import { type FormEvent, useState } from 'react';
import type { HubIssuedResponse, HubOverview } from '../../../../src/http/wireTypes.ts';
import { api } from '../../api.ts';
import { ConfirmButton } from '../../shared/ConfirmButton.tsx';
import { CopyButton } from '../CopyButton.tsx';
import { useFailureText } from '../session.ts';
import { formatInstant } from '../words.ts';

/** Register hubs (credentials shown once), see them online or offline, rotate credentials, remove. */
export function HubsSection({
  hubs,
  error,
  timeZone,
  onChanged,
}: {
  hubs: HubOverview[] | undefined;
  error: string | null;
  timeZone: string | undefined;
  onChanged: () => void;
}) {
  const [name, setName] = useState('');
  const [issued, setIssued] = useState<HubIssuedResponse | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const failureText = useFailureText();

  const run = async (action: () => Promise<unknown>) => {
    setProblem(null);
    try {
      await action();
      onChanged();
    } catch (e) {
      setProblem(failureText(e));
    }
  };
  const register = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      setIssued(await api<HubIssuedResponse>('POST', '/hubs', { name }));
      setName('');
    });
  };
  const rotate = (hub: HubOverview) =>
    run(async () => {
      setIssued(await api<HubIssuedResponse>('POST', `/hubs/${hub.id}/credentials`));
    });
  const remove = (hub: HubOverview) => run(() => api('DELETE', `/hubs/${hub.id}`));

  return (
    <section className="card" aria-labelledby="property-hubs">
      <h2 id="property-hubs">Hubs</h2>
      <p className="mgr-hint">
        A hub drives the hub locks near it and talks to Keyway over MQTT. Register it here, then start the hub agent on
        the hub with the command line Keyway shows.
      </p>
      {issued && (
        <div className="mgr-newkey" role="status" aria-label="New hub credentials">
          <p>
            <strong>{issued.hub.name}</strong>: copy this now — the password is shown only once and Keyway keeps no copy
            of it.
          </p>
          <p className="small">
            Username <code>{issued.credentials.username}</code> · password <code>{issued.credentials.password}</code>{' '}
            <CopyButton text={issued.credentials.password} label="Copy password" what="Password" />
          </p>
          <p className="small">Start the hub agent with:</p>
          <code className="mgr-key" data-testid="hub-command">
            {issued.command}
          </code>
          <p>
            <CopyButton text={issued.command} label="Copy command" what="Command" />{' '}
            <button type="button" onClick={() => setIssued(null)}>
              I have saved it
            </button>
          </p>
        </div>
      )}
      {!hubs ? (
        <p className="muted">{error ?? 'Loading hubs…'}</p>
      ) : hubs.length === 0 ? (
        <p className="muted">No hubs yet.</p>
      ) : (
        <table className="mgr-table">
          <thead>
            <tr>
              <th scope="col">Hub</th>
              <th scope="col">Status</th>
              <th scope="col">Locks</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {hubs.map((h) => (
              <tr key={h.id}>
                <th scope="row" data-label="Hub">
                  {h.name}
                  <br />
                  <span className="mgr-hint">{h.username ?? 'no credentials yet'}</span>
                </th>
                <td data-label="Status">
                  <span className={`chip ${h.online ? 'ok' : 'bad'}`}>{h.online ? 'Online' : 'Offline'}</span>
                  <br />
                  <span className="mgr-hint">
                    {h.lastSeenAt ? `last seen ${formatInstant(h.lastSeenAt, timeZone)}` : 'never connected'}
                  </span>
                </td>
                <td data-label="Locks">
                  {h.locks.length === 0 ? (
                    <span className="muted">None</span>
                  ) : (
                    <ul className="mgr-plain-list">
                      {h.locks.map((l) => (
                        <li key={l.lockId}>
                          {l.doorName} <code>{l.address}</code>
                        </li>
                      ))}
                    </ul>
                  )}
                  {h.discovered.length > 0 && (
                    <p className="mgr-hint">
                      Found, not on a door yet: {h.discovered.map((d) => d.address).join(', ')}
                    </p>
                  )}
                </td>
                <td data-label="Actions">
                  <ConfirmButton
                    label={`New credentials for ${h.name}`}
                    confirmLabel="Confirm new credentials"
                    message="The hub must be restarted with the new command line."
                    onConfirm={() => rotate(h)}
                  >
                    New credentials
                  </ConfirmButton>{' '}
                  <ConfirmButton label={`Remove ${h.name}`} confirmLabel="Confirm remove" onConfirm={() => remove(h)}>
                    Remove
                  </ConfirmButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={register} className="mgr-inline-form" aria-label="Register a hub">
        <label>
          Hub name
          <input
            value={name}
            required
            maxLength={120}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. Building A hub"
          />
        </label>
        <button type="submit">Register hub</button>
      </form>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </section>
  );
}
