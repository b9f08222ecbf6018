/**
 * Doors with their status chip and, when something waits, the cause in plain words. A Bluetooth door
 * waiting for a phone gets a "Deliver to door" button in the demo (the simulated phone comes near); it works
 * without signal too when the phone carries the door's bundle, and then says the door turns active once the
 * receipt is uploaded. While offline, nothing says "Sending to the lock…": the phone cannot see that now.
 */
import { useState } from 'react';
import { type AnyDoor, describeDoor } from '../api.ts';
import { useOnline } from '../shared/offline.ts';
import { StatusChip } from '../shared/StatusChip.tsx';
import { COURIER_WORDS, CourierError, waitsForPhone } from './bluetoothCourier.ts';
import { useResident } from './residentContext.ts';

export const OFFLINE_DOOR_WORDS = {
  /** In place of "Sending to the lock…" (the server's word, which this phone cannot see change while offline). */
  sending: 'Your phone is offline — the lock’s answer shows when it’s back online',
  carried: 'Saved on this phone — works at the door without signal',
  uploading: 'Delivered — the door turns active when your phone is back online',
  deliveredOnline: 'Delivered — confirming with Keyway…',
} as const;

export function DoorList({ doors, label }: { doors: AnyDoor[]; label?: string }) {
  if (doors.length === 0) return <p className="muted small">No doors.</p>;
  return (
    <ul className="doors" aria-label={label ?? 'Doors'}>
      {doors.map((door) => (
        <DoorRow key={door.accessPointId} door={door} />
      ))}
    </ul>
  );
}

function DoorRow({ door }: { door: AnyDoor }) {
  const { simLockFor, deliver, courier, sessionEndedBy } = useResident();
  const online = useOnline();
  const [delivering, setDelivering] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const status = describeDoor(door);
  const simLock = waitsForPhone(door) ? simLockFor(door.accessPointId) : undefined;
  const awaitsUpload = simLock !== undefined && courier.awaitsUpload(simLock.lockId);
  const carried = simLock !== undefined && courier.carries(simLock.lockId);
  const sending = door.reason === 'awaiting_sync' || door.reason === 'sending';
  const detail = awaitsUpload
    ? online
      ? OFFLINE_DOOR_WORDS.deliveredOnline
      : OFFLINE_DOOR_WORDS.uploading
    : !online && sending
      ? OFFLINE_DOOR_WORDS.sending
      : status.detail;

  const onDeliver = async () => {
    if (!simLock) return;
    setDelivering(true);
    setError(null);
    try {
      await deliver(simLock.lockId);
    } catch (e) {
      if (e instanceof CourierError) setError(COURIER_WORDS[e.reason]);
      else if (!sessionEndedBy(e)) setError('The phone could not reach the door. Move closer and try again.');
    } finally {
      setDelivering(false);
    }
  };

  return (
    <li className="door">
      <div className="door-line">
        <span className="door-name">
          {door.name}
          {door.connectivity === 'bluetooth' && <span className="door-kind">Bluetooth lock</span>}
        </span>
        <StatusChip label={status.label} tone={status.tone} />
      </div>
      {detail && <p className="door-detail">{detail}</p>}
      {simLock && !awaitsUpload && (
        <>
          <button type="button" className="deliver" onClick={onDeliver} disabled={delivering}>
            {delivering ? 'Delivering…' : 'Deliver to door'}
          </button>
          {carried && <p className="door-detail small">{OFFLINE_DOOR_WORDS.carried}</p>}
        </>
      )}
      {error && (
        <p role="alert" className="error small">
          {error}
        </p>
      )}
    </li>
  );
}
