import { type FormEvent, useState } from 'react';
import type { Unit } from '../../../../src/http/wireTypes.ts';
import { api } from '../../api.ts';
import { ConfirmButton } from '../../shared/ConfirmButton.tsx';
import { InlineRename } from '../../shared/InlineRename.tsx';
import { useFailureText } from '../session.ts';

/** Add, rename and remove units. A unit with doors or a lease history stays (the server says why). */
export function UnitsSection({
  units,
  error,
  onChanged,
}: {
  units: Unit[] | undefined;
  error: string | null;
  onChanged: () => void;
}) {
  const [name, setName] = useState('');
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
  const add = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await api('POST', '/units', { name });
      setName('');
    });
  };
  /** Rejects when the server refuses, so the field stays open with the reason below the table. */
  const rename = async (unit: Unit, next: string) => {
    setProblem(null);
    try {
      await api('PATCH', `/units/${unit.id}`, { name: next });
      onChanged();
    } catch (e) {
      setProblem(failureText(e));
      throw e;
    }
  };
  const remove = (unit: Unit) => run(() => api('DELETE', `/units/${unit.id}`));

  const sorted = [...(units ?? [])].sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  return (
    <section className="card" aria-labelledby="property-units">
      <h2 id="property-units">Units</h2>
      {!units ? (
        <p className="muted">{error ?? 'Loading units…'}</p>
      ) : (
        <table className="mgr-table">
          <thead>
            <tr>
              <th scope="col">Unit</th>
              <th scope="col">Doors</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((u) => (
              <tr key={u.id}>
                <th scope="row" data-label="Unit">
                  {u.name}
                </th>
                <td data-label="Doors">
                  {u.doors.length === 0 ? <span className="muted">No doors</span> : u.doors.length}
                </td>
                <td data-label="Actions">
                  <InlineRename current={u.name} what={`unit ${u.name}`} onRename={(next) => rename(u, next)} />{' '}
                  <ConfirmButton
                    label={`Remove unit ${u.name}`}
                    confirmLabel="Confirm remove"
                    onConfirm={() => remove(u)}
                  >
                    Remove
                  </ConfirmButton>
                </td>
              </tr>
            ))}
            {sorted.length === 0 && (
              <tr>
                <td colSpan={3}>No units yet.</td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      <form onSubmit={add} className="mgr-inline-form" aria-label="Add a unit">
        <label>
          Unit name
          <input
            value={name}
            required
            maxLength={120}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. 204"
          />
        </label>
        <button type="submit">Add unit</button>
      </form>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </section>
  );
}
