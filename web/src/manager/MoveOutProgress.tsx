import { useEffect, useRef } from 'react';
import type { Removal, RemovalListResponse, Resident } from '../api.ts';
import { useResource } from './useResource.ts';
import { causeText, formatInstant } from './words.ts';

const statusText: Record<Removal['status'], { label: string; tone: 'ok' | 'wait' | 'bad' }> = {
  removing: { label: 'Removing', tone: 'wait' },
  removed: { label: 'Removed', tone: 'ok' },
  failed: { label: 'Failed', tone: 'bad' },
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * What a door still holds of a moved-out resident, and since when: "Still holds Blair Chen's code and
 * 2 guest codes, since Jun 15, 11:00 AM." Empty once the door let go.
 */
export function stillOnDoorText(r: Removal, residentName: string, timeZone: string | undefined): string {
  if (r.status === 'removed') return '';
  const what = [
    r.ownCodesLeft === 1 ? `${residentName}’s code` : '',
    r.ownCodesLeft > 1 ? `${r.ownCodesLeft} of ${residentName}’s codes` : '',
    r.guestCodesLeft > 0 ? plural(r.guestCodesLeft, 'guest code', 'guest codes') : '',
  ].filter(Boolean);
  if (what.length === 0) return '';
  const since = r.waitingSince ? `, since ${formatInstant(r.waitingSince, timeZone)}` : '';
  return `Still holds ${what.join(' and ')}${since}.`;
}

/**
 * A Bluetooth lock has no network: only a phone at the door carries the removal, and any signed-in phone of
 * the community will do — not the resident who left.
 */
export const BLUETOOTH_FINISH =
  'To finish: a phone with the Keyway app near this door — any resident’s or staff’s — carries the removal.';

/** Per lock, how far the removal of a moved-out resident's codes has got; refreshes every second until done. */
export function MoveOutProgress({
  resident,
  revokedCodes,
  onBack,
  timeZone,
}: {
  resident: Resident;
  revokedCodes: number | null;
  onBack: () => void;
  /** The community's: "since" times read in it. */
  timeZone?: string | undefined;
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
        Each lock lets go of {resident.name}’s codes and their guests’ codes. Hub locks that cannot be reached now
        finish when they come back; Bluetooth locks finish when a phone comes by.
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
                {r.status !== 'removed' && (
                  <p className="mgr-still-on-door">{stillOnDoorText(r, resident.name, timeZone)}</p>
                )}
                {r.status !== 'removed' && r.connectivity === 'bluetooth' && (
                  <p className="mgr-finish">{BLUETOOTH_FINISH}</p>
                )}
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
