import { useCallback, useEffect, useRef, useState } from 'react';
import { type Activity, type ActivityListResponse, api, type LockFleetResponse } from '../api.ts';
import { useFailureText } from './session.ts';
import { useResource } from './useResource.ts';
import { formatInstant } from './words.ts';

const PAGE = 25;

export const ACTIVITY_TYPES: { label: string; types: string }[] = [
  { label: 'All', types: '' },
  { label: 'Door opened', types: 'lock.opened' },
  { label: 'Wrong code', types: 'lock.code_refused' },
  { label: 'Codes changed', types: 'access_code.generated,access_code.picked' },
  { label: 'Guest codes', types: 'guest_code.created,guest_code.used,guest_code.revoked' },
  { label: 'Hubs', types: 'hub.online,hub.offline' },
  { label: 'Lock checks', types: 'lock.drift_found,lock.drift_repaired,lock.unmanaged_codes_found' },
];

export function activityPath(filters: { types: string; lockId: string }, before?: number): string {
  const query = new URLSearchParams();
  if (filters.types) query.set('type', filters.types);
  if (filters.lockId) query.set('lockId', filters.lockId);
  if (before !== undefined) query.set('before', String(before));
  query.set('limit', String(PAGE));
  return `/activity?${query.toString()}`;
}

/** Who acted (a person, an API key, Keyway; whose code for a keypad use) and for whom: "Sam (for Alex Kim)". */
export function whoText(a: Pick<Activity, 'who' | 'onBehalfOf'>): string {
  if (!a.who) return '—';
  return a.onBehalfOf ? `${a.who} (for ${a.onBehalfOf})` : a.who;
}

/** The community's activity log, newest first, filtered by kind of event and door. */
export function ActivityPage({ timeZone }: { timeZone: string | undefined }) {
  const fleet = useResource<LockFleetResponse>('/locks');
  const [types, setTypes] = useState('');
  const [lockId, setLockId] = useState('');
  const [entries, setEntries] = useState<Activity[] | null>(null);
  const [more, setMore] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const failureText = useFailureText();
  const failureRef = useRef(failureText);
  failureRef.current = failureText;

  const load = useCallback(
    async (before?: number) => {
      setBusy(true);
      setError(null);
      try {
        const result = await api<ActivityListResponse>('GET', activityPath({ types, lockId }, before));
        setEntries((previous) => (before === undefined ? result.activity : [...(previous ?? []), ...result.activity]));
        setMore(result.activity.length === PAGE);
      } catch (e) {
        setError(failureRef.current(e));
      } finally {
        setBusy(false);
      }
    },
    [types, lockId],
  );

  useEffect(() => {
    setEntries(null);
    void load();
  }, [load]);

  const last = entries?.[entries.length - 1];
  const filtered = types !== '' || lockId !== '';

  return (
    <>
      <div className="mgr-toolbar">
        <div className="mgr-filter">
          <label htmlFor="activity-type">Type</label>
          <select id="activity-type" value={types} onChange={(e) => setTypes(e.target.value)}>
            {ACTIVITY_TYPES.map((t) => (
              <option key={t.label} value={t.types}>
                {t.label}
              </option>
            ))}
          </select>
        </div>
        <div className="mgr-filter">
          <label htmlFor="activity-door">Door</label>
          <select id="activity-door" value={lockId} onChange={(e) => setLockId(e.target.value)}>
            <option value="">All doors</option>
            {(fleet.data?.locks ?? []).map((l) => (
              <option key={l.lockId} value={l.lockId}>
                {l.name}
              </option>
            ))}
          </select>
        </div>
        <button type="button" onClick={() => void load()} disabled={busy}>
          Refresh
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {entries === null ? (
        <p className="muted">Loading activity…</p>
      ) : entries.length === 0 ? (
        <p>{filtered ? 'Nothing matches these filters.' : 'No activity yet.'}</p>
      ) : (
        <table className="mgr-table mgr-activity">
          <caption className="mgr-caption">Newest first · times in {timeZone ?? 'the community’s time zone'}</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What happened</th>
              <th scope="col">Door</th>
              <th scope="col">Who</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((a) => (
              <tr key={a.id}>
                <td data-label="When">
                  <time dateTime={a.at}>{formatInstant(a.at, timeZone)}</time>
                </td>
                <td data-label="What happened">{a.text}</td>
                <td data-label="Door" className={a.doorName ? undefined : 'mgr-empty'}>
                  {a.doorName ?? '—'}
                </td>
                <td data-label="Who" className={a.who ? undefined : 'mgr-empty'}>
                  {whoText(a)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p role="status" className="mgr-status">
        {entries &&
          `${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} shown${more ? '' : entries.length > 0 ? ' — that is all' : ''}`}
      </p>
      {more && last && (
        <button type="button" onClick={() => void load(last.id)} disabled={busy}>
          {busy ? 'Loading…' : 'Load older'}
        </button>
      )}
    </>
  );
}
