/**
 * Change a resident's move-out date (PATCH /residents/{id}): plan a move-out in advance, renew, or clear it.
 * The doors follow by themselves at the move-out time; a renewal changes nothing on the locks.
 */
import { type FormEvent, useId, useState } from 'react';
import { ApiError, api, type LeasePatchBody, type Resident, type ResidentResponse } from '../api.ts';

export function LeaseDatesEditor({
  resident,
  today,
  onSaved,
}: {
  resident: Resident;
  /** YYYY-MM-DD in the community's time zone: the earliest move-out allowed. */
  today: string;
  onSaved: (resident: Resident) => void;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [moveOut, setMoveOut] = useState(resident.moveOut ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!open) {
    return (
      <button type="button" aria-label={`Change move-out date for ${resident.name}`} onClick={() => setOpen(true)}>
        Change move-out
      </button>
    );
  }
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: LeasePatchBody = { moveOut: moveOut || null };
      const result = await api<ResidentResponse>('PATCH', `/residents/${resident.id}`, body);
      setOpen(false);
      onSaved(result.resident);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Could not save the date. Try again.');
    } finally {
      setBusy(false);
    }
  };
  const earliest = resident.moveIn > today ? resident.moveIn : today;
  return (
    <form onSubmit={save} className="mgr-lease-dates" aria-label={`Move-out date for ${resident.name}`}>
      <label htmlFor={id}>Move-out</label>{' '}
      <input id={id} type="date" min={earliest} value={moveOut} onChange={(e) => setMoveOut(e.target.value)} />{' '}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Saving…' : 'Save'}
      </button>{' '}
      <button type="button" disabled={busy} onClick={() => setOpen(false)}>
        Cancel
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
