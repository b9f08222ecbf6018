import { useEffect, useRef, useState } from 'react';
import { api, type MoveOutResponse, type Resident, type ResidentListResponse } from '../api.ts';
import { EmailText } from './EmailText.tsx';
import { LeaseDatesEditor } from './LeaseDatesEditor.tsx';
import { MoveInForm } from './MoveInForm.tsx';
import { MoveOutProgress } from './MoveOutProgress.tsx';
import { useFailureText } from './session.ts';
import { useResource } from './useResource.ts';
import { formatDay, todayIn } from './words.ts';

const statusChip: Record<Resident['status'], { label: string; tone: string }> = {
  current: { label: 'Current', tone: 'ok' },
  future: { label: 'Moving in', tone: 'wait' },
  past: { label: 'Moved out', tone: 'past' },
};

/**
 * The status chip. On the move-out day, until the community's move-out time, the server still lists the resident
 * as current, but their codes leave that day: never a green "current" chip then, only a neutral one. From the
 * move-out time (or a move-out now) the server says past: "Moved out".
 */
export function residentChip(r: Pick<Resident, 'status' | 'moveOut'>, today: string): { label: string; tone: string } {
  if (r.status === 'current' && r.moveOut !== null && r.moveOut <= today)
    return { label: 'Move-out today', tone: 'past' };
  return statusChip[r.status];
}

/** Matches a resident against the search box: name, email or unit, ignoring case. */
export function matchesSearch(resident: Resident, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [resident.name, resident.email, resident.unit].some((field) => field.toLowerCase().includes(q));
}

type View =
  | { kind: 'list' }
  | { kind: 'confirm'; resident: Resident }
  | { kind: 'progress'; resident: Resident; revokedCodes: number | null };

/** Residents with their leases; move in, move out (with per-lock removal progress). */
export function ResidentsPage({ canEdit, timeZone }: { canEdit: boolean; timeZone: string | undefined }) {
  const residents = useResource<ResidentListResponse>('/residents');
  const [query, setQuery] = useState('');
  const [adding, setAdding] = useState(false);
  const [view, setView] = useState<View>({ kind: 'list' });
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const failureText = useFailureText();
  const confirmRef = useRef<HTMLHeadingElement>(null);
  const today = todayIn(timeZone);

  useEffect(() => {
    if (view.kind === 'confirm') confirmRef.current?.focus();
  }, [view]);

  const all = residents.data?.residents ?? [];
  const shown = all.filter((r) => matchesSearch(r, query));
  const units = [...new Set(all.map((r) => r.unit))].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));

  const moveOut = async (resident: Resident) => {
    setBusy(true);
    setError(null);
    try {
      const result = await api<MoveOutResponse>('POST', `/residents/${resident.id}/move-out`);
      setView({ kind: 'progress', resident, revokedCodes: result.revokedCodes });
      residents.reload();
    } catch (e) {
      setError(failureText(e));
      setView({ kind: 'list' });
    } finally {
      setBusy(false);
    }
  };

  if (view.kind === 'progress') {
    return (
      <MoveOutProgress
        resident={view.resident}
        revokedCodes={view.revokedCodes}
        onBack={() => setView({ kind: 'list' })}
        timeZone={timeZone}
      />
    );
  }

  return (
    <>
      {view.kind === 'confirm' && (
        <section
          className="card mgr-confirm"
          role="alertdialog"
          aria-labelledby="confirm-heading"
          aria-describedby="confirm-text"
        >
          <h3 id="confirm-heading" tabIndex={-1} ref={confirmRef}>
            Move out {view.resident.name}?
          </h3>
          <p id="confirm-text">
            Their lease ends today. Every code {view.resident.name} and their guests hold is revoked and removed from
            every lock. This cannot be undone.
          </p>
          <div className="mgr-actions">
            <button type="button" className="danger" disabled={busy} onClick={() => void moveOut(view.resident)}>
              {busy ? 'Moving out…' : 'Yes, move out'}
            </button>
            <button type="button" disabled={busy} onClick={() => setView({ kind: 'list' })}>
              Cancel
            </button>
          </div>
        </section>
      )}

      <div className="mgr-toolbar">
        <label className="mgr-search">
          Search residents
          <input
            type="search"
            value={query}
            placeholder="Name, email or unit"
            onChange={(e) => setQuery(e.target.value)}
          />
        </label>
        {canEdit && !adding && (
          <button type="button" className="primary" onClick={() => setAdding(true)}>
            Move in a resident
          </button>
        )}
      </div>

      {adding && (
        <MoveInForm
          units={units}
          today={today}
          onCancel={() => setAdding(false)}
          onMovedIn={(resident) => {
            setAdding(false);
            setNotice(`${resident.name} moved in to unit ${resident.unit}.`);
            residents.reload();
          }}
        />
      )}
      <p role="status" className="mgr-status">
        {notice}
      </p>
      {(error ?? residents.error) && (
        <p role="alert" className="error">
          {error ?? residents.error}
        </p>
      )}

      {residents.data === undefined ? (
        <p className="muted">Loading residents…</p>
      ) : (
        <table className="mgr-table">
          <caption className="mgr-caption">
            {shown.length === all.length
              ? `${all.length} residents`
              : `${shown.length} of ${all.length} residents match “${query.trim()}”`}
          </caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Unit</th>
              <th scope="col">Status</th>
              <th scope="col">Move-in</th>
              <th scope="col">Move-out</th>
              {canEdit && (
                <th scope="col">
                  <span className="mgr-sr-only">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => {
              const chip = residentChip(r, today);
              const leaving = r.moveOut !== null && r.moveOut <= today;
              return (
                <tr key={r.id}>
                  <th scope="row" data-label="Name">
                    {r.name}
                  </th>
                  <td data-label="Email" className="mgr-email-cell">
                    <EmailText email={r.email} />
                  </td>
                  <td data-label="Unit">{r.unit}</td>
                  <td data-label="Status">
                    <span className={`chip ${chip.tone}`}>{chip.label}</span>
                  </td>
                  <td data-label="Move-in">
                    <time dateTime={r.moveIn}>{formatDay(r.moveIn)}</time>
                  </td>
                  <td data-label="Move-out">
                    {r.moveOut ? <time dateTime={r.moveOut}>{formatDay(r.moveOut)}</time> : '—'}
                  </td>
                  {canEdit && (
                    <td className="mgr-row-actions">
                      {r.status === 'current' && !leaving ? (
                        <button
                          type="button"
                          aria-label={`Move out ${r.name}`}
                          onClick={() => setView({ kind: 'confirm', resident: r })}
                        >
                          Move out
                        </button>
                      ) : null}
                      {(r.status === 'current' || r.status === 'future') && !leaving && (
                        <LeaseDatesEditor
                          resident={r}
                          today={today}
                          onSaved={(saved) => {
                            setNotice(
                              saved.moveOut
                                ? `${saved.name} moves out on ${formatDay(saved.moveOut)}; their codes stop working then.`
                                : `${saved.name} has no planned move-out.`,
                            );
                            residents.reload();
                          }}
                        />
                      )}
                      {r.status === 'past' || (r.moveOut && leaving) ? (
                        <button
                          type="button"
                          aria-label={`Removal progress for ${r.name}`}
                          onClick={() => setView({ kind: 'progress', resident: r, revokedCodes: null })}
                        >
                          Removal progress
                        </button>
                      ) : null}
                    </td>
                  )}
                </tr>
              );
            })}
            {shown.length === 0 && (
              <tr>
                <td colSpan={canEdit ? 7 : 6}>No resident matches “{query.trim()}”.</td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </>
  );
}
