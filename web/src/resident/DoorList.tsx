/**
 * Doors with their status chip and, when something waits, the cause in plain words. A Bluetooth door
 * waiting for a phone gets a "Deliver to door" button in the demo (the simulated phone comes near).
 */
import { useState } from 'react';
import { type AnyDoor, describeDoor } from '../api.ts';
import { StatusChip } from '../shared/StatusChip.tsx';
import { useResident } from './residentContext.ts';

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
  const { simLockFor, deliver, sessionEndedBy } = useResident();
  const [delivering, setDelivering] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const status = describeDoor(door);
  const waitsForPhone =
    door.connectivity === 'bluetooth' &&
    (door.status === 'pending' || door.status === 'removing' || door.status === 'failed');
  const simLock = waitsForPhone ? simLockFor(door.accessPointId) : undefined;

  const onDeliver = async () => {
    if (!simLock) return;
    setDelivering(true);
    setError(null);
    try {
      await deliver(simLock.lockId);
    } catch (e) {
      if (!sessionEndedBy(e)) setError('The phone could not reach the door. Move closer and try again.');
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
      {status.detail && <p className="door-detail">{status.detail}</p>}
      {simLock && (
        <button type="button" className="deliver" onClick={onDeliver} disabled={delivering}>
          {delivering ? 'Delivering…' : 'Deliver to door'}
        </button>
      )}
      {error && (
        <p role="alert" className="error small">
          {error}
        </p>
      )}
    </li>
  );
}
