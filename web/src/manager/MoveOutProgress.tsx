import { useEffect, useRef } from 'react';
import type { Removal, RemovalListResponse, Resident } from '../api.ts';
import { useResource } from './useResource.ts';
import { causeText } from './words.ts';

const statusText: Record<Removal['status'], { label: string; tone: 'ok' | 'wait' | 'bad' }> = {
  removing: { label: 'Removing', tone: 'wait' },
  removed: { label: 'Removed', tone: 'ok' },
  failed: { label: 'Failed', tone: 'bad' },
};

/** Per lock, how far the removal of a moved-out resident's codes has got; refreshes every second until done. */
export function MoveOutProgress({
  resident,
  revokedCodes,
  onBack,
}: {
  resident: Resident;
  revokedCodes: number | null;
  onBack: () => void;
}) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const allRemoved = (list: Removal[]) => list.every((r) => r.status === 'removed');
  const progress = useResource<RemovalListResponse>(`/residents/${resident.id}/removals`, {
    pollMs: 1000,
    stopWhen: (data) => allRemoved(data.removals),
  });
  const removals = progress.data?.removals;
  const done = removals !== undefined && allRemoved(removals);

  useEffect(() => headingRef.current?.focus(), []);

  return (
    <section className="card" aria-labelledby="move-out-heading">
      <h3 id="move-out-heading" tabIndex={-1} ref={headingRef}>
        Moving out {resident.name}
      </h3>
      <p className="muted">
        {revokedCodes !== null ? `${revokedCodes} code${revokedCodes === 1 ? '' : 's'} revoked. ` : ''}
        Each lock lets go of {resident.name}’s codes and their guests’ codes. Locks that cannot be reached now finish
        when they come back.
      </p>
      {removals === undefined ? (
        <p className="muted">{progress.error ?? 'Loading…'}</p>
      ) : removals.length === 0 ? (
        <p>No lock held a code for {resident.name}.</p>
      ) : (
        <ul className="mgr-removals" aria-label={`Removal progress for ${resident.name}`}>
          {removals.map((r) => {
            const s = statusText[r.status];
            return (
              <li key={r.lockId}>
                <span className="mgr-door">{r.doorName}</span>
                <span className={`chip ${s.tone}`}>{s.label}</span>
                {r.status !== 'removed' && r.reason && <span className="mgr-cause">{causeText(r.reason)}</span>}
              </li>
            );
          })}
        </ul>
      )}
      <p role="status" className={done ? 'mgr-done' : 'muted'}>
        {done
          ? 'All codes removed from every lock.'
          : removals
            ? `${removals.filter((r) => r.status === 'removed').length} of ${removals.length} locks done — refreshing every second.`
            : ''}
      </p>
      {progress.data && progress.error && <p className="error">{progress.error}</p>}
      <button type="button" onClick={onBack}>
        Back to residents
      </button>
    </section>
  );
}
