import type { UnitListResponse } from '../api.ts';
import { useResource } from './useResource.ts';
import { connectivityText } from './words.ts';

/** Units with their doors (and how each door is connected) and who lives there today. */
export function UnitsPage() {
  const units = useResource<UnitListResponse>('/units');
  const list = units.data?.units;
  if (!list)
    return units.error ? (
      <p role="alert" className="error">
        {units.error}
      </p>
    ) : (
      <p className="muted">Loading units…</p>
    );

  const sorted = [...list].sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  const occupied = sorted.filter((u) => u.currentResidents.length > 0).length;

  return (
    <>
      {units.error && <p className="error">{units.error} Showing the last known state.</p>}
      <table className="mgr-table mgr-units">
        <caption className="mgr-caption">
          {sorted.length} unit{sorted.length === 1 ? '' : 's'} · {occupied} with current residents
        </caption>
        <thead>
          <tr>
            <th scope="col">Unit</th>
            <th scope="col">Doors</th>
            <th scope="col">Current residents</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((u) => (
            <tr key={u.id}>
              <th scope="row" data-label="Unit">
                {u.name}
              </th>
              <td data-label="Doors">
                {u.doors.length === 0 ? (
                  <span className="muted">No doors</span>
                ) : (
                  <ul className="mgr-plain-list">
                    {u.doors.map((d) => (
                      <li key={d.accessPointId}>
                        {d.name} <span className="mgr-conn">{connectivityText(d.connectivity)}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td data-label="Current residents">
                {u.currentResidents.length === 0 ? (
                  <span className="muted">Vacant</span>
                ) : (
                  <ul className="mgr-plain-list">
                    {u.currentResidents.map((r) => (
                      <li key={r.personId}>{r.name}</li>
                    ))}
                  </ul>
                )}
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
    </>
  );
}
