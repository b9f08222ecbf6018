import { useState } from 'react';
import { api, type MessageListResponse } from '../api.ts';
import { useResource } from '../manager/useResource.ts';
import { accountErrorText } from './accountWords.ts';

const KIND: Record<string, string> = {
  guest_link: 'Guest link',
  invitation: 'Invitation',
  password_reset: 'Password reset',
  security_alert: 'Security alert',
};

/** Emails that could not be sent (after every retry), with "Send again". Managers only. */
export function FailedMessages({ canEdit }: { canEdit: boolean }) {
  const failed = useResource<MessageListResponse>('/messages?status=failed', { pollMs: 15_000 });
  const [note, setNote] = useState<string | null>(null);

  const retry = async (id: string) => {
    setNote(null);
    try {
      await api('POST', `/messages/${id}/retry`);
      setNote('Queued to send again.');
      failed.reload();
    } catch (e) {
      setNote(accountErrorText(e));
    }
  };

  return (
    <section aria-labelledby="failed-heading">
      <h2 id="failed-heading">Emails that could not be sent</h2>
      {failed.error && (
        <p role="alert" className="error">
          {failed.error}
        </p>
      )}
      {note && <p role="status">{note}</p>}
      {failed.data && failed.data.messages.length === 0 && <p className="muted">Every email went out.</p>}
      <ul className="plain-list mgr-plain-list">
        {failed.data?.messages.map((m) => (
          <li key={m.id} className="card">
            <p>
              <strong>{KIND[m.kind] ?? m.kind}</strong> to {m.recipient}
            </p>
            <p className="muted small">
              {m.subject} · tried {m.attempts} times · {m.error ?? 'no reason given'}
            </p>
            {canEdit && (
              <button type="button" onClick={() => void retry(m.id)} aria-label={`Send again to ${m.recipient}`}>
                Send again
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
