/**
 * After Generate or Pick: the new code travelling to each door, live (the card comes from the SSE feed).
 * Done when every door is active with the new code; a Bluetooth door may wait for the phone, and a hub
 * door for its hub — the old code keeps working there meanwhile, and we say so.
 */
import type { Card } from '../api.ts';
import { useOnline } from '../shared/offline.ts';
import { DoorList } from './DoorList.tsx';
import { MaskedCode } from './MaskedCode.tsx';

export type ChangeState = 'updating' | 'needs_phone' | 'waiting' | 'done';

export function changeState(card: Card, target: string): ChangeState {
  const allActive = card.doors.every((d) => d.status === 'active');
  if (card.code === target && card.pendingCode === null && allActive) return 'done';
  const notActive = card.doors.filter((d) => d.status !== 'active');
  if (notActive.length > 0 && notActive.every((d) => d.connectivity === 'bluetooth' && d.reason === 'awaiting_phone'))
    return 'needs_phone';
  if (notActive.some((d) => d.status === 'failed' || d.reason === 'hub_offline')) return 'waiting';
  return 'updating';
}

export function ChangeProgress({
  card,
  target,
  onDone,
  hadCodeOnDoors = true,
}: {
  card: Card;
  target: string;
  onDone: () => void;
  /** False when no door held the old code (first run): then nothing "still works" meanwhile. */
  hadCodeOnDoors?: boolean;
}) {
  const state = changeState(card, target);
  const online = useOnline();
  const updated = card.doors.filter((d) => d.status === 'active').length;
  const total = card.doors.length;
  const headline = {
    // Offline, the phone cannot see the doors move: say so rather than "Updating…" with no end.
    updating: online
      ? 'Updating… this may take a few minutes'
      : 'Your phone is offline — progress shows when it’s back online',
    needs_phone: 'Almost there: bring your phone near the door',
    waiting: hadCodeOnDoors ? 'Some doors are waiting — your old code still works there' : 'Some doors are waiting',
    done: 'Your new code is ready',
  }[state];

  return (
    <div className="progress">
      <p role="status" className={`progress-headline ${state}`}>
        {headline}
      </p>
      <p className="muted small label-above">{state === 'done' ? 'Your code' : 'New code'}</p>
      <MaskedCode code={target} label="your new code" testId="new-code" />
      <div className="progress-meter">
        <progress value={updated} max={total} aria-label="Doors updated" />
        <span className="small muted">
          {updated} of {total} {total === 1 ? 'door' : 'doors'} updated
        </span>
      </div>
      {state === 'needs_phone' && (
        <p className="small">
          Bluetooth locks get the new code from your phone.
          {hadCodeOnDoors
            ? ' Until then, your old code still works on that door.'
            : ' No code works on that door until then.'}
        </p>
      )}
      <DoorList doors={card.doors} label="Door progress" />
      <div className="actions">
        {state === 'done' ? (
          <button type="button" className="primary" onClick={onDone}>
            Done
          </button>
        ) : (
          <button type="button" onClick={onDone}>
            Close — keep updating in the background
          </button>
        )}
      </div>
    </div>
  );
}
