import { type FormEvent, useState } from 'react';
import type {
  Webhook,
  WebhookCreateBody,
  WebhookCreatedResponse,
  WebhookDelivery,
  WebhookDeliveryListResponse,
  WebhookListResponse,
} from '../../../src/http/wireTypes.ts';
import { ApiError, api } from '../api.ts';
import { ConfirmButton } from '../shared/ConfirmButton.tsx';
import { useFailureText } from './session.ts';
import { useResource } from './useResource.ts';
import { formatInstant } from './words.ts';

/** The Seam event types Keyway sends, in words (the server sends these names; others show as they are). */
const EVENT_WORDS: Record<string, string> = {
  'access_code.created': 'A code was created',
  'access_code.changed': 'A code was changed',
  'access_code.deleted': 'A code was deleted',
  'access_code.set_on_device': 'A code reached its lock',
  'access_code.removed_from_device': 'A code left its lock',
  'access_code.failed_to_set_on_device': 'A code could not be put on its lock',
  'access_code.failed_to_remove_from_device': 'A code could not be taken off its lock',
  'access_code.delay_in_setting_on_device': 'A code is delayed on its way to the lock',
  'access_code.delay_in_removing_from_device': 'A code is delayed leaving the lock',
  'access_code.unmanaged.converted_to_managed': 'A code found on a lock was taken over',
  'access_code.unmanaged.removed': 'A code found on a lock is being removed',
  'lock.unlocked': 'A door was opened with a code',
  'lock.access_denied': 'A door refused a code',
  'device.connected': 'A lock came online',
  'device.disconnected': 'A lock went offline',
  'device.added': 'A lock was added',
  'device.removed': 'A lock was removed',
};

const eventWords = (type: string) => EVENT_WORDS[type] ?? type;

/** Words for the refusal this section meets; anything else gets the console's usual wording. */
function webhookProblem(error: unknown, fallback: (e: unknown) => string): string {
  if (error instanceof ApiError && error.code === 'url_not_allowed')
    return `Keyway will not send webhooks to that address. ${error.message}`;
  return fallback(error);
}

function health(w: Webhook, timeZone: string | undefined): { label: string; tone: string } {
  if (w.status === 'disabled') return { label: 'Disabled', tone: 'bad' };
  if (w.failingSince)
    return { label: `Failing since ${formatInstant(w.failingSince, timeZone)} — retrying`, tone: 'wait' };
  return { label: 'Receiving', tone: 'ok' };
}

/** Webhooks: add (the signing secret is shown once, with a copy button), health, re-enable, delete, deliveries. */
export function WebhooksSection({ timeZone }: { timeZone: string | undefined }) {
  const webhooks = useResource<WebhookListResponse>('/webhooks', { pollMs: 15_000 });
  const [url, setUrl] = useState('');
  const [allTypes, setAllTypes] = useState(true);
  const [types, setTypes] = useState<string[]>([]);
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const failureText = useFailureText();

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const body: WebhookCreateBody = { url: url.trim(), eventTypes: allTypes ? null : types };
      const result = await api<WebhookCreatedResponse>('POST', '/webhooks', body);
      setCreated({ url: result.webhook.url, secret: result.secret });
      setCopied(false);
      setUrl('');
      setTypes([]);
      setAllTypes(true);
      webhooks.reload();
    } catch (e) {
      setProblem(webhookProblem(e, failureText));
    } finally {
      setBusy(false);
    }
  };

  const copy = async (secret: string) => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      setProblem('Could not copy; select the secret and copy it by hand.');
    }
  };

  const list = webhooks.data?.webhooks ?? [];
  return (
    <section className="card" aria-labelledby="webhooks-heading">
      <h3 id="webhooks-heading">Webhooks</h3>
      <p className="mgr-hint">
        Keyway posts events (in Seam’s format, signed the Standard Webhooks way) to these addresses as they happen, and
        retries for 24 hours when the receiver does not answer. An address that has not accepted anything for 24 hours
        is disabled until you enable it again.
      </p>
      {list.length === 0 ? (
        <p className="muted">{webhooks.loading ? 'Loading webhooks…' : 'No webhooks yet.'}</p>
      ) : (
        <ul className="mgr-webhooks">
          {list.map((w) => (
            <WebhookRow key={w.id} webhook={w} timeZone={timeZone} onChanged={webhooks.reload} />
          ))}
        </ul>
      )}
      {created && (
        <div className="mgr-newkey" role="status">
          <p>
            Signing secret for <code>{created.url}</code> — copy it into the receiving software now; it is not shown
            again:
          </p>
          <code className="mgr-key">{created.secret}</code>
          <p className="mgr-actions">
            <button type="button" onClick={() => void copy(created.secret)}>
              {copied ? 'Copied' : 'Copy secret'}
            </button>
            <button type="button" onClick={() => setCreated(null)}>
              Done
            </button>
          </p>
        </div>
      )}
      <form onSubmit={(e) => void add(e)} aria-label="Add a webhook">
        <div className="mgr-inline-form">
          <label>
            Receiver URL
            <input
              type="url"
              value={url}
              required
              maxLength={2048}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="https://pms.example.com/keyway/webhooks"
            />
          </label>
          <button type="submit" disabled={busy || (!allTypes && types.length === 0)}>
            {busy ? 'Adding…' : 'Add webhook'}
          </button>
        </div>
        <fieldset className="mgr-event-types">
          <legend>Events</legend>
          <label className="mgr-radio">
            <input type="radio" name="webhook-types" checked={allTypes} onChange={() => setAllTypes(true)} />
            <span>All events</span>
          </label>
          <label className="mgr-radio">
            <input type="radio" name="webhook-types" checked={!allTypes} onChange={() => setAllTypes(false)} />
            <span>Only these:</span>
          </label>
          {!allTypes && (
            <div className="mgr-type-grid">
              {Object.entries(EVENT_WORDS).map(([type, words]) => (
                <label key={type} className="mgr-radio">
                  <input
                    type="checkbox"
                    checked={types.includes(type)}
                    onChange={(e) =>
                      setTypes((current) => (e.target.checked ? [...current, type] : current.filter((t) => t !== type)))
                    }
                  />
                  <span>
                    {words} <code className="small">{type}</code>
                  </span>
                </label>
              ))}
            </div>
          )}
        </fieldset>
      </form>
      {(problem ?? webhooks.error) && (
        <p role="alert" className="error">
          {problem ?? webhooks.error}
        </p>
      )}
    </section>
  );
}

function WebhookRow({
  webhook,
  timeZone,
  onChanged,
}: {
  webhook: Webhook;
  timeZone: string | undefined;
  onChanged: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const failureText = useFailureText();
  const chip = health(webhook, timeZone);

  const act = async (method: string, path: string) => {
    setBusy(true);
    setProblem(null);
    try {
      await api(method, path);
      onChanged();
    } catch (e) {
      setProblem(failureText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="mgr-webhook">
      <div className="mgr-webhook-head">
        <span>
          <code className="mgr-webhook-url">{webhook.url}</code>{' '}
          <span className={`chip ${chip.tone}`}>{chip.label}</span>
        </span>
        <span className="mgr-row-actions">
          <button type="button" aria-expanded={open} onClick={() => setOpen((v) => !v)}>
            {open ? 'Hide deliveries' : 'Recent deliveries'}
          </button>{' '}
          {webhook.status === 'disabled' && (
            <button type="button" disabled={busy} onClick={() => void act('POST', `/webhooks/${webhook.id}/enable`)}>
              Enable again
            </button>
          )}{' '}
          <ConfirmButton
            disabled={busy}
            label={`Delete webhook ${webhook.url}`}
            confirmLabel="Confirm delete"
            message="Keyway stops sending there at once."
            onConfirm={() => act('DELETE', `/webhooks/${webhook.id}`)}
          >
            Delete
          </ConfirmButton>
        </span>
      </div>
      {webhook.status === 'disabled' && webhook.disabledReason && (
        <p className="error small">{webhook.disabledReason}</p>
      )}
      <p className="muted small">
        {webhook.eventTypes === null
          ? 'All events'
          : `${webhook.eventTypes.length === 0 ? 'No events' : webhook.eventTypes.map(eventWords).join(' · ')}`}{' '}
        · added {formatInstant(webhook.createdAt, timeZone)}
        {webhook.createdBy
          ? ` by ${webhook.createdBy.name}${webhook.createdBy.kind === 'api_key' ? ' (API key)' : ''}`
          : ''}
        {webhook.pendingDeliveries > 0 ? ` · ${webhook.pendingDeliveries} waiting` : ''}
        {webhook.failedDeliveries > 0 ? ` · ${webhook.failedDeliveries} not delivered` : ''}
      </p>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      {open && <Deliveries webhookId={webhook.id} timeZone={timeZone} />}
    </li>
  );
}

const deliveryChip: Record<WebhookDelivery['status'], { label: string; tone: string }> = {
  pending: { label: 'Retrying', tone: 'wait' },
  delivered: { label: 'Delivered', tone: 'ok' },
  failed: { label: 'Not delivered', tone: 'bad' },
};

function answerText(attempt: WebhookDelivery['attempts'][number]): string {
  if (attempt.statusCode !== null)
    return `HTTP ${attempt.statusCode}${attempt.statusCode >= 200 && attempt.statusCode < 300 ? ' — accepted' : ''}`;
  return attempt.error ?? 'No answer';
}

function Deliveries({ webhookId, timeZone }: { webhookId: string; timeZone: string | undefined }) {
  const deliveries = useResource<WebhookDeliveryListResponse>(`/webhooks/${webhookId}/deliveries`, { pollMs: 10_000 });
  const list = deliveries.data?.deliveries;
  if (deliveries.error)
    return (
      <p role="alert" className="error">
        {deliveries.error}
      </p>
    );
  if (list === undefined) return <p className="muted">Loading deliveries…</p>;
  if (list.length === 0) return <p className="muted">Nothing sent yet.</p>;
  return (
    <table className="mgr-table mgr-deliveries">
      <caption className="mgr-caption">The {list.length} most recent deliveries, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Event</th>
          <th scope="col">Status</th>
          <th scope="col">Attempts</th>
        </tr>
      </thead>
      <tbody>
        {list.map((d) => {
          const chip = deliveryChip[d.status];
          return (
            <tr key={d.id}>
              <th scope="row" data-label="Event">
                {eventWords(d.eventType)}
                <span className="muted small mgr-block">{formatInstant(d.createdAt, timeZone)}</span>
              </th>
              <td data-label="Status">
                <span className={`chip ${chip.tone}`}>{chip.label}</span>
                {d.status === 'pending' && d.nextAttemptAt && (
                  <span className="muted small mgr-block">next try {formatInstant(d.nextAttemptAt, timeZone)}</span>
                )}
              </td>
              <td data-label="Attempts">
                {d.attempts.length === 0 ? (
                  <span className="muted">Not tried yet</span>
                ) : (
                  <ol className="mgr-attempts">
                    {d.attempts.map((a) => (
                      <li key={a.at}>
                        <time dateTime={a.at}>{formatInstant(a.at, timeZone)}</time> — {answerText(a)}{' '}
                        <span className="muted">({a.durationMs} ms)</span>
                      </li>
                    ))}
                  </ol>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
