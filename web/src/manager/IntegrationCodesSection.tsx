import { useState } from 'react';
import type { IntegrationCode, IntegrationCodeListResponse } from '../../../src/http/wireTypes.ts';
import { api } from '../api.ts';
import { ConfirmButton } from '../shared/ConfirmButton.tsx';
import { useFailureText } from './session.ts';
import { useResource } from './useResource.ts';
import { formatInstant } from './words.ts';

const statusChip: Record<IntegrationCode['status'], { label: string; tone: string }> = {
  setting: { label: 'Being set on the lock', tone: 'wait' },
  set: { label: 'On the lock', tone: 'ok' },
  unset: { label: 'Not on the lock now', tone: 'past' },
  removing: { label: 'Being removed', tone: 'wait' },
};

/** Codes still moving to or off their locks: worth polling for. */
const settling = (codes: IntegrationCode[]) => codes.some((c) => c.status === 'setting' || c.status === 'removing');

function Validity({ code, timeZone }: { code: IntegrationCode; timeZone: string | undefined }) {
  if (code.type === 'ongoing') return <span>{code.oneTimeUse ? 'Until its first use' : 'Until deleted'}</span>;
  return (
    <span>
      {code.startsAt && (
        <span className="mgr-when">
          from <time dateTime={code.startsAt}>{formatInstant(code.startsAt, timeZone)}</time>
        </span>
      )}{' '}
      {code.endsAt && (
        <span className="mgr-when">
          until <time dateTime={code.endsAt}>{formatInstant(code.endsAt, timeZone)}</time>
        </span>
      )}
      {code.oneTimeUse && <span className="mgr-block muted small">One use only</span>}
    </span>
  );
}

/** The codes integrations made on the community's locks (never their digits), each revocable by a manager. */
export function IntegrationCodesSection({ timeZone }: { timeZone: string | undefined }) {
  const codes = useResource<IntegrationCodeListResponse>('/integration-codes', {
    pollMs: 5_000,
    stopWhen: (data) => !settling(data.codes),
  });
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const failureText = useFailureText();

  const revoke = async (code: IntegrationCode) => {
    const name = code.name ?? 'this code';
    setBusy(code.id);
    setError(null);
    try {
      await api('DELETE', `/integration-codes/${code.id}`);
      setNotice(`“${name}” is revoked. Keyway is removing it from ${code.doorName}.`);
      codes.reload();
    } catch (e) {
      setError(failureText(e));
    } finally {
      setBusy(null);
    }
  };

  const list = codes.data?.codes;
  return (
    <section className="card" aria-labelledby="integration-codes-heading">
      <h3 id="integration-codes-heading">Codes made by integrations</h3>
      <p className="mgr-hint">
        Access codes that property software created through the API. Their digits stay with the software that made them;
        revoking one here removes it from its lock.
      </p>
      <p role="status" className="mgr-status">
        {notice}
      </p>
      {(error ?? codes.error) && (
        <p role="alert" className="error">
          {error ?? codes.error}
        </p>
      )}
      {list === undefined ? (
        <p className="muted">{codes.error ? '' : 'Loading codes…'}</p>
      ) : list.length === 0 ? (
        <p className="muted">No integration has made a code yet.</p>
      ) : (
        <table className="mgr-table mgr-integration-codes">
          <caption className="mgr-caption">
            {list.length} code{list.length === 1 ? '' : 's'}
          </caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Integration</th>
              <th scope="col">Door</th>
              <th scope="col">When</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="mgr-sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((c) => {
              const chip = statusChip[c.status];
              return (
                <tr key={c.id}>
                  <th scope="row" data-label="Name">
                    {c.name ?? <span className="muted">No name</span>}
                    <span className="muted small mgr-block">made {formatInstant(c.createdAt, timeZone)}</span>
                  </th>
                  <td data-label="Integration">{c.integration ?? <span className="muted">A manager</span>}</td>
                  <td data-label="Door">{c.doorName}</td>
                  <td data-label="When">
                    <Validity code={c} timeZone={timeZone} />
                  </td>
                  <td data-label="Status">
                    <span className={`chip ${chip.tone}`}>
                      {c.revokedAt && c.status !== 'removing' ? 'Revoked' : chip.label}
                    </span>
                    {c.problems.length > 0 && (
                      <ul className="mgr-causes">
                        {c.problems.map((p) => (
                          <li key={p}>{p}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td className="mgr-row-actions">
                    {!c.revokedAt && (
                      <ConfirmButton
                        disabled={busy === c.id}
                        label={`Revoke ${c.name ?? 'code'} on ${c.doorName}`}
                        confirmLabel="Confirm revoke"
                        message={`It stops opening ${c.doorName}.${c.integration ? ` ${c.integration} will see it deleted.` : ''}`}
                        onConfirm={() => revoke(c)}
                      >
                        {busy === c.id ? 'Revoking…' : 'Revoke'}
                      </ConfirmButton>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
