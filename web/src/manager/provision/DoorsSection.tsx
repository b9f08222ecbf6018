import { type FormEvent, useState } from 'react';
import type { AccessPoint, AccessPointBody, HubOverview, Unit } from '../../../../src/http/wireTypes.ts';
import { api } from '../../api.ts';
import { ConfirmButton } from '../../shared/ConfirmButton.tsx';
import { InlineRename } from '../../shared/InlineRename.tsx';
import { useFailureText } from '../session.ts';
import { LockForm } from './LockForm.tsx';
import { LockRemoval } from './LockRemoval.tsx';

const KIND_TEXT: Record<AccessPoint['kind'], string> = {
  unit_door: 'Unit door',
  community_door: 'Community door',
  amenity: 'Amenity',
};

/** Doors (access points) with their lock: add, rename, remove; put a lock on a door or take it off. */
export function DoorsSection({
  doors,
  units,
  hubs,
  error,
  onChanged,
}: {
  doors: AccessPoint[] | undefined;
  units: Unit[];
  hubs: HubOverview[];
  error: string | null;
  onChanged: () => void;
}) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<AccessPoint['kind']>('unit_door');
  const [unitId, setUnitId] = useState('');
  const [lockFor, setLockFor] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string[]>([]);
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
    const body: AccessPointBody = kind === 'unit_door' ? { name, kind, unitId } : { name, kind };
    void run(async () => {
      await api('POST', '/access-points', body);
      setName('');
    });
  };
  /** Rejects when the server refuses, so the field stays open with the reason below the table. */
  const rename = async (door: AccessPoint, next: string) => {
    setProblem(null);
    try {
      await api('PATCH', `/access-points/${door.id}`, { name: next });
      onChanged();
    } catch (e) {
      setProblem(failureText(e));
      throw e;
    }
  };
  const remove = (door: AccessPoint) => run(() => api('DELETE', `/access-points/${door.id}`));
  const removeLock = (door: AccessPoint) => {
    if (door.lock) setRemoving((ids) => [...ids, door.lock?.id as string]);
  };

  return (
    <section className="card" aria-labelledby="property-doors">
      <h2 id="property-doors">Doors and locks</h2>
      {!doors ? (
        <p className="muted">{error ?? 'Loading doors…'}</p>
      ) : (
        <table className="mgr-table">
          <thead>
            <tr>
              <th scope="col">Door</th>
              <th scope="col">Kind</th>
              <th scope="col">Lock</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {doors.map((d) => (
              <tr key={d.id}>
                <th scope="row" data-label="Door">
                  {d.name}
                </th>
                <td data-label="Kind">
                  {KIND_TEXT[d.kind]}
                  {d.unitName ? ` · unit ${d.unitName}` : ''}
                </td>
                <td data-label="Lock">
                  {d.lock === null ? (
                    lockFor === d.id ? (
                      <LockForm
                        door={d}
                        hubs={hubs}
                        onDone={() => {
                          setLockFor(null);
                          onChanged();
                        }}
                        onCancel={() => setLockFor(null)}
                      />
                    ) : (
                      <span className="muted">No lock</span>
                    )
                  ) : removing.includes(d.lock.id) || d.lock.retiring ? (
                    <LockRemoval
                      lockId={d.lock.id}
                      doorName={d.name}
                      onRemoved={() => {
                        setRemoving((ids) => ids.filter((id) => id !== d.lock?.id));
                        onChanged();
                      }}
                    />
                  ) : (
                    <span>
                      {d.lock.connectivity === 'bluetooth'
                        ? 'Bluetooth'
                        : `${hubs.find((h) => h.id === d.lock?.hubId)?.name ?? 'Hub'} · address ${d.lock.address ?? '?'}`}
                    </span>
                  )}
                </td>
                <td data-label="Actions">
                  {d.lock === null && lockFor !== d.id && (
                    <button type="button" onClick={() => setLockFor(d.id)} aria-label={`Add a lock to ${d.name}`}>
                      Add a lock
                    </button>
                  )}{' '}
                  {d.lock !== null && !d.lock.retiring && !removing.includes(d.lock.id) && (
                    <ConfirmButton
                      label={`Remove lock on ${d.name}`}
                      confirmLabel="Confirm remove lock"
                      message="Keyway first takes every code off it, then forgets the lock."
                      onConfirm={() => removeLock(d)}
                    >
                      Remove lock
                    </ConfirmButton>
                  )}{' '}
                  <InlineRename current={d.name} what={d.name} onRename={(next) => rename(d, next)} />{' '}
                  {d.lock === null && (
                    <ConfirmButton
                      label={`Remove the door ${d.name}`}
                      confirmLabel="Confirm remove"
                      onConfirm={() => remove(d)}
                    >
                      Remove
                    </ConfirmButton>
                  )}
                </td>
              </tr>
            ))}
            {doors.length === 0 && (
              <tr>
                <td colSpan={4}>No doors yet.</td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      <form onSubmit={add} className="mgr-inline-form" aria-label="Add a door">
        <label>
          Door name
          <input
            value={name}
            required
            maxLength={120}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. 204 Front Door"
          />
        </label>
        <label>
          Kind
          <select aria-label="Kind" value={kind} onChange={(e) => setKind(e.target.value as AccessPoint['kind'])}>
            <option value="unit_door">Unit door (a home’s own door)</option>
            <option value="community_door">Community door (gate, lobby, garage, package room)</option>
            <option value="amenity">Amenity (pool, gym)</option>
          </select>
        </label>
        {kind === 'unit_door' && (
          <label>
            Unit
            <select aria-label="Unit" value={unitId} required onChange={(e) => setUnitId(e.target.value)}>
              <option value="">Choose a unit</option>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="submit">Add door</button>
      </form>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </section>
  );
}
