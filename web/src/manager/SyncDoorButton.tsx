/**
 * "Sync this door": the manager's or staff member's phone carries a Bluetooth door's pending changes
 * (new codes, removals after a move-out) — in the demo, the simulated phone next to the simulated lock.
 */
import { useState } from 'react';
import { ApiError, api } from '../api.ts';

export function SyncDoorButton({ lockId, doorName }: { lockId: string; doorName?: string }) {
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const sync = async () => {
    setBusy(true);
    setStatus(null);
    try {
      const result = await api<{ delivered: number }>('POST', `/sim/locks/${lockId}/phone-nearby`);
      setStatus(
        result.delivered === 0
          ? 'Up to date.'
          : `Delivered ${result.delivered} change${result.delivered === 1 ? '' : 's'}.`,
      );
    } catch (e) {
      setStatus(e instanceof ApiError ? e.message : 'Could not reach the door. Try again next to it.');
    } finally {
      setBusy(false);
    }
  };
  const words = busy ? 'Syncing…' : 'Sync this door';
  return (
    <span className="mgr-sync-door">
      <button
        type="button"
        className="small"
        disabled={busy}
        onClick={() => void sync()}
        // The door's name tells the rows apart; the words shown come first, as voice control users say them.
        aria-label={doorName ? `${words}: ${doorName}` : undefined}
      >
        {words}
      </button>
      {status && (
        <span role="status" className="mgr-hint">
          {status}
        </span>
      )}
    </span>
  );
}
