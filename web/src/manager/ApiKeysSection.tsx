import { type FormEvent, useState } from 'react';
import {
  type ApiKey,
  type ApiKeyCreateBody,
  type ApiKeyCreatedResponse,
  type ApiKeyListResponse,
  api,
} from '../api.ts';
import { ConfirmButton } from '../shared/ConfirmButton.tsx';
import { CopyButton } from './CopyButton.tsx';
import { useFailureText } from './session.ts';
import { useResource } from './useResource.ts';
import { formatInstant } from './words.ts';

type KeyFormat = NonNullable<ApiKeyCreateBody['format']>;

const FORMATS: { format: KeyFormat; label: string; hint: (origin: string) => string }[] = [
  {
    format: 'seam',
    label: 'Seam-compatible (seam_…)',
    hint: (origin) => `for software written for Seam: point its SDK at ${origin}/seam`,
  },
  { format: 'keyway', label: 'Keyway API (kwk_…)', hint: () => 'for software using Keyway’s own API (/api/v1)' },
];

const formatLabel: Record<KeyFormat, string> = { seam: 'Seam-compatible', keyway: 'Keyway API' };

/** Integrator API keys: create in either format (the key is shown once), list, revoke. */
export function ApiKeysSection({ timeZone }: { timeZone: string | undefined }) {
  const keys = useResource<ApiKeyListResponse>('/api-keys');
  const [name, setName] = useState('');
  const [format, setFormat] = useState<KeyFormat>('seam');
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const failureText = useFailureText();

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await api<ApiKeyCreatedResponse>('POST', '/api-keys', {
        name: name.trim(),
        format,
      } satisfies ApiKeyCreateBody);
      setCreated({ name: result.apiKey.name, key: result.key });
      setName('');
      keys.reload();
    } catch (e) {
      setError(failureText(e));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (key: ApiKey) => {
    setError(null);
    try {
      await api('DELETE', `/api-keys/${key.id}`);
      keys.reload();
    } catch (e) {
      setError(failureText(e));
    }
  };

  const list = keys.data?.apiKeys ?? [];
  return (
    <section className="card" aria-labelledby="api-keys-heading">
      <h3 id="api-keys-heading">API keys</h3>
      <p className="mgr-hint">
        For software that manages this community through Keyway’s API (reference at <a href="/docs">/docs</a>) or
        through Seam’s SDKs. A key acts as a manager of this community.
      </p>
      {list.length === 0 ? (
        <p className="muted">{keys.loading ? 'Loading keys…' : 'No API keys yet.'}</p>
      ) : (
        <ul className="mgr-list">
          {list.map((k) => (
            <li key={k.id}>
              <span>
                <strong>{k.name}</strong> <code>{k.prefix}…</code>{' '}
                <span className="chip past">{formatLabel[k.format]}</span>{' '}
                <span className="muted small">
                  created {formatInstant(k.createdAt, timeZone)}
                  {k.revokedAt ? ` · revoked ${formatInstant(k.revokedAt, timeZone)}` : ''}
                </span>
              </span>
              {!k.revokedAt && (
                <ConfirmButton
                  label={`Revoke API key ${k.name}`}
                  confirmLabel="Confirm revoke"
                  message="Software using it stops working at once."
                  onConfirm={() => revoke(k)}
                >
                  Revoke
                </ConfirmButton>
              )}
            </li>
          ))}
        </ul>
      )}
      {created && (
        <div className="mgr-newkey" role="status">
          <p>
            New key for <strong>{created.name}</strong> — copy it now; it is not shown again:
          </p>
          <code className="mgr-key">{created.key}</code>
          <p className="mgr-actions">
            <CopyButton text={created.key} label="Copy key" what="Key" />
            <button type="button" onClick={() => setCreated(null)}>
              I have saved it
            </button>
          </p>
        </div>
      )}
      <form onSubmit={create} className="mgr-inline-form" aria-label="Create an API key">
        <label>
          Key name
          <input
            value={name}
            required
            maxLength={100}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. Property management system"
          />
        </label>
        <fieldset className="mgr-key-format">
          <legend>Format</legend>
          {FORMATS.map((f) => (
            <label key={f.format} className="mgr-radio">
              <input
                type="radio"
                name="api-key-format"
                value={f.format}
                checked={format === f.format}
                onChange={() => setFormat(f.format)}
              />
              <span>
                {f.label} <span className="mgr-hint">— {f.hint(window.location.origin)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create key'}
        </button>
      </form>
      {(error ?? keys.error) && (
        <p role="alert" className="error">
          {error ?? keys.error}
        </p>
      )}
    </section>
  );
}
