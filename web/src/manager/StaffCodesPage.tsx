import { useEffect, useRef, useState } from 'react';
import { api, describeDoor, type StaffCode, type StaffCodeListResponse, type StaffCodeResponse } from '../api.ts';
import { credentialStatus, nextStartOf } from '../shared/credentialStatus.ts';
import { CopyButton } from './CopyButton.tsx';
import { StaffCodeForm } from './StaffCodeForm.tsx';
import { useFailureText } from './session.ts';
import { useResource } from './useResource.ts';
import { formatInstant } from './words.ts';

/** The shared credential label (never "Active" while a door waits); the console's grey chip is `past`. */
function staffChip(code: StaffCode, timeZone: string | undefined) {
  const zone = timeZone ?? 'UTC'; // never the browser's zone; the console waits for the community's
  const now = new Date();
  const chip = credentialStatus({ ...code, nextStart: nextStartOf(code, zone, now) }, zone, now);
  return { label: chip.label, tone: chip.tone === 'off' ? 'past' : chip.tone };
}

const kindLabel: Record<StaffCode['kind'], string> = { staff: 'Staff', vendor: 'Vendor' };

/** Doors still on their way to (or off) their locks: worth polling for. */
const settling = (codes: StaffCode[]) =>
  codes.some((c) => c.doors.some((d) => d.status === 'pending' || d.status === 'removing'));

const live = (code: StaffCode) => code.status === 'scheduled' || code.status === 'active';

function When({ code, timeZone }: { code: StaffCode; timeZone: string | undefined }) {
  if (!code.startsAt && !code.endsAt) return <span className="muted">Until revoked</span>;
  return (
    <>
      {code.startsAt && (
        <span className="mgr-when">
          from <time dateTime={code.startsAt}>{formatInstant(code.startsAt, timeZone)}</time>
        </span>
      )}
      {code.endsAt && (
        <span className="mgr-when">
          until <time dateTime={code.endsAt}>{formatInstant(code.endsAt, timeZone)}</time>
        </span>
      )}
    </>
  );
}

function DoorChips({ code }: { code: StaffCode }) {
  if (code.doors.length === 0) return <span className="muted">No doors</span>;
  return (
    <ul className="mgr-doors">
      {code.doors.map((d) => {
        const door = describeDoor(d);
        return (
          <li key={d.accessPointId}>
            <span className="mgr-door-name">{d.name}</span> <span className={`chip ${door.tone}`}>{door.label}</span>
            {door.detail && <span className="mgr-cause">{door.detail}</span>}
          </li>
        );
      })}
    </ul>
  );
}

type View = { kind: 'list' } | { kind: 'confirm'; code: StaffCode };

/** Staff and vendor codes: create (digits shown with a Copy button), reveal later (recorded), revoke. */
export function StaffCodesPage({ canEdit, timeZone }: { canEdit: boolean; timeZone: string | undefined }) {
  const codes = useResource<StaffCodeListResponse>('/staff-codes', {
    pollMs: 3000,
    stopWhen: (data) => !settling(data.staffCodes),
  });
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<StaffCode | null>(null);
  const [revealed, setRevealed] = useState<Record<string, string>>({});
  const [view, setView] = useState<View>({ kind: 'list' });
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const failureText = useFailureText();
  const createdRef = useRef<HTMLHeadingElement>(null);
  const confirmRef = useRef<HTMLHeadingElement>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  /** Where focus goes back to once the confirmation or the form closes (an element id, or the add button). */
  const returnFocus = useRef<string | null>(null);

  useEffect(() => {
    if (view.kind === 'confirm') confirmRef.current?.focus();
  }, [view]);

  useEffect(() => {
    if (created) createdRef.current?.focus();
  }, [created]);

  useEffect(() => {
    if (view.kind !== 'list' || adding || returnFocus.current === null) return;
    const target = returnFocus.current === 'add' ? addRef.current : document.getElementById(returnFocus.current);
    returnFocus.current = null;
    target?.focus();
  }, [view, adding]);

  const reveal = async (code: StaffCode) => {
    setBusy(code.id);
    setError(null);
    try {
      const result = await api<StaffCodeResponse>('POST', `/staff-codes/${code.id}/reveal`);
      setRevealed((r) => ({ ...r, [code.id]: result.staffCode.code }));
      setNotice(`Code for ${code.name} revealed. This is recorded in the activity log.`);
    } catch (e) {
      setError(failureText(e));
    } finally {
      setBusy(null);
    }
  };

  const hide = (code: StaffCode) => {
    setRevealed(({ [code.id]: _hidden, ...rest }) => rest);
    setNotice(`Code for ${code.name} hidden.`);
  };

  const revoke = async (code: StaffCode) => {
    setBusy(code.id);
    setError(null);
    try {
      await api<StaffCodeResponse>('DELETE', `/staff-codes/${code.id}`);
      setRevealed(({ [code.id]: _gone, ...rest }) => rest);
      if (created?.id === code.id) setCreated(null);
      setNotice(`The code for ${code.name} is revoked. Keyway is removing it from its doors.`);
      returnFocus.current = `staff-code-${code.id}`;
      codes.reload();
    } catch (e) {
      setError(failureText(e));
      returnFocus.current = `revoke-${code.id}`;
    } finally {
      setBusy(null);
      setView({ kind: 'list' });
    }
  };

  const list = codes.data?.staffCodes;
  const activeCount = list?.filter(live).length ?? 0;

  return (
    <>
      {view.kind === 'confirm' && (
        <section
          className="card mgr-confirm"
          role="alertdialog"
          aria-labelledby="revoke-heading"
          aria-describedby="revoke-text"
        >
          <h3 id="revoke-heading" tabIndex={-1} ref={confirmRef}>
            Revoke the code for {view.code.name}?
          </h3>
          <p id="revoke-text">
            The code stops working at once and Keyway removes it from every door. This cannot be undone — create a new
            code if {view.code.name} needs access again.
          </p>
          <div className="mgr-actions">
            <button type="button" className="danger" disabled={busy !== null} onClick={() => void revoke(view.code)}>
              {busy === view.code.id ? 'Revoking…' : 'Yes, revoke'}
            </button>
            <button
              type="button"
              disabled={busy !== null}
              onClick={() => {
                returnFocus.current = `revoke-${view.code.id}`;
                setView({ kind: 'list' });
              }}
            >
              Cancel
            </button>
          </div>
        </section>
      )}

      {created && (
        <section className="card mgr-once" aria-labelledby="created-heading" aria-describedby="created-note">
          <h3 id="created-heading" tabIndex={-1} ref={createdRef}>
            New {kindLabel[created.kind].toLowerCase()} code for {created.name}
          </h3>
          <p className="code">
            <code className="mgr-once-code">{created.code}</code>
          </p>
          <p id="created-note" className="mgr-hint">
            Share it with {created.name} now. After this it appears masked (••••); you can reveal it again, and every
            reveal is recorded in the activity log.
          </p>
          <div className="mgr-actions">
            <CopyButton text={created.code} label="Copy code" what="Code" />
            <button
              type="button"
              onClick={() => {
                setCreated(null);
                returnFocus.current = `staff-code-${created.id}`;
                setView({ kind: 'list' });
              }}
            >
              Done
            </button>
          </div>
        </section>
      )}

      <div className="mgr-toolbar">
        <p className="mgr-hint mgr-toolbar-text">
          Codes for staff and vendors open the community doors and amenities. They are generated by Keyway and shown
          masked.
          {!canEdit && ' Only managers can create, reveal or revoke them.'}
        </p>
        {canEdit && !adding && (
          <button type="button" className="primary" ref={addRef} onClick={() => setAdding(true)}>
            Create a code
          </button>
        )}
      </div>

      {adding && (
        <StaffCodeForm
          timeZone={timeZone}
          onCancel={() => {
            returnFocus.current = 'add';
            setAdding(false);
          }}
          onCreated={(staffCode) => {
            setAdding(false);
            setCreated(staffCode);
            setNotice(`${kindLabel[staffCode.kind]} code for ${staffCode.name} created.`);
            codes.reload();
          }}
        />
      )}
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
      ) : (
        <>
          <table className="mgr-table mgr-staff">
            <caption className="mgr-caption">
              {list.length === 0
                ? 'No staff or vendor codes yet'
                : `${list.length} code${list.length === 1 ? '' : 's'} · ${activeCount} in use or scheduled`}
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Code</th>
                <th scope="col">Status</th>
                <th scope="col">When</th>
                <th scope="col">Doors</th>
                {canEdit && (
                  <th scope="col">
                    <span className="mgr-sr-only">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {list.map((c) => {
                const chip = staffChip(c, timeZone);
                const digits = revealed[c.id];
                return (
                  <tr key={c.id}>
                    <th scope="row" data-label="Name" id={`staff-code-${c.id}`} tabIndex={-1}>
                      {c.name}
                    </th>
                    <td data-label="Kind">{kindLabel[c.kind]}</td>
                    <td data-label="Code">
                      {digits ? (
                        <code className="mgr-pin">{digits}</code>
                      ) : (
                        <>
                          <code className="mgr-pin" aria-hidden="true">
                            {c.code}
                          </code>
                          <span className="mgr-sr-only">hidden</span>
                        </>
                      )}
                    </td>
                    <td data-label="Status">
                      <span className={`chip ${chip.tone}`}>{chip.label}</span>
                    </td>
                    <td data-label="When">
                      <When code={c} timeZone={timeZone} />
                    </td>
                    <td data-label="Doors">
                      <DoorChips code={c} />
                    </td>
                    {canEdit && (
                      <td className={`mgr-row-actions${live(c) ? '' : ' mgr-empty'}`}>
                        {live(c) && (
                          <div className="mgr-row-buttons">
                            {digits ? (
                              <button type="button" aria-label={`Hide code for ${c.name}`} onClick={() => hide(c)}>
                                Hide
                              </button>
                            ) : (
                              <button
                                type="button"
                                aria-label={`Reveal code for ${c.name}`}
                                aria-describedby="reveal-note"
                                disabled={busy === c.id}
                                onClick={() => void reveal(c)}
                              >
                                {busy === c.id ? 'Revealing…' : 'Reveal'}
                              </button>
                            )}
                            <button
                              type="button"
                              id={`revoke-${c.id}`}
                              aria-label={`Revoke code for ${c.name}`}
                              disabled={busy === c.id}
                              onClick={() => setView({ kind: 'confirm', code: c })}
                            >
                              Revoke
                            </button>
                          </div>
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
              {list.length === 0 && (
                <tr>
                  <td colSpan={canEdit ? 7 : 6}>
                    {canEdit ? 'Create a code for staff or a vendor who needs to get in.' : 'No codes yet.'}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          {canEdit && (
            <p id="reveal-note" className="mgr-hint mgr-footnote">
              <strong>Reveal</strong> shows a code’s digits. Revealing is recorded in the activity log, with your name.
            </p>
          )}
        </>
      )}
    </>
  );
}
