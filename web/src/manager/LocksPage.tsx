import type { LockFleetResponse, LockHealth } from '../api.ts';
import { BatteryChart, LatencyChart } from './FleetCharts.tsx';
import { SyncDoorButton } from './SyncDoorButton.tsx';
import { useResource } from './useResource.ts';
import { causeText, formatInstant, kindText, verificationText } from './words.ts';

function Connection({ lock }: { lock: LockHealth }) {
  if (lock.connectivity === 'bluetooth') {
    return (
      <>
        Bluetooth <span className="mgr-hint">changes travel by residents’ phones</span>{' '}
        <SyncDoorButton lockId={lock.lockId} doorName={lock.name} />
      </>
    );
  }
  return (
    <>
      {lock.hubName ?? 'Hub'}{' '}
      <span className={`chip ${lock.online ? 'ok' : 'bad'}`}>{lock.online ? 'Online' : 'Offline'}</span>
      {lock.online && !lock.reachable && <span className="mgr-cause">The hub cannot reach this lock</span>}
    </>
  );
}

/** Proof of what the lock holds: when it was last read back, or why it cannot be. */
function Verification({ lock, timeZone }: { lock: LockHealth; timeZone: string | undefined }) {
  const { text, tone } = verificationText(lock);
  return (
    <>
      <span className={`chip ${tone}`}>{text}</span>
      {lock.verifiedAt && lock.verification !== 'unverifiable' && (
        <span className="mgr-hint">{formatInstant(lock.verifiedAt, timeZone)}</span>
      )}
    </>
  );
}

/** Lock fleet health: connectivity, battery, codes, changes in flight, failures and foreign codes. */
export function LocksPage({ timeZone }: { timeZone: string | undefined }) {
  const fleet = useResource<LockFleetResponse>('/locks', { pollMs: 3000 });
  const locks = fleet.data?.locks;
  if (!locks)
    return fleet.error ? (
      <p role="alert" className="error">
        {fleet.error}
      </p>
    ) : (
      <p className="muted">Loading locks…</p>
    );

  const offline = locks.filter((l) => l.connectivity === 'hub' && !l.online).length;
  const failing = locks.filter((l) => l.failedChanges > 0).length;
  const unmanaged = locks.reduce((n, l) => n + l.unmanagedSlots.length, 0);

  return (
    <>
      <p className="mgr-summary" role="status">
        {locks.length} locks · {offline === 0 ? 'all hubs online' : `${offline} offline`} ·{' '}
        {failing === 0 ? 'no failed changes' : `${failing} with failed changes`}
        {unmanaged > 0 ? ` · ${unmanaged} unmanaged code${unmanaged === 1 ? '' : 's'}` : ''}
      </p>
      {fleet.error && <p className="error">{fleet.error} Showing the last known state.</p>}
      <table className="mgr-table mgr-locks">
        <caption className="mgr-caption">Lock fleet — refreshes every few seconds</caption>
        <thead>
          <tr>
            <th scope="col">Door</th>
            <th scope="col">Connection</th>
            <th scope="col">Battery</th>
            <th scope="col">Active codes</th>
            <th scope="col">Pending</th>
            <th scope="col">Failures &amp; causes</th>
            <th scope="col">Unmanaged codes</th>
            <th scope="col">Verified</th>
          </tr>
        </thead>
        <tbody>
          {locks.map((l) => (
            <tr key={l.lockId}>
              <th scope="row" data-label="Door">
                {l.name}
                <span className="mgr-hint">{kindText[l.kind] ?? l.kind}</span>
              </th>
              <td data-label="Connection">
                <Connection lock={l} />
              </td>
              <td data-label="Battery">
                {l.battery === null ? (
                  <span className="muted">not reported</span>
                ) : (
                  <span className={l.battery < 20 ? 'error' : ''}>{l.battery}%</span>
                )}
              </td>
              <td data-label="Active codes">
                {l.activeCodes} <span className="muted">of {l.slotCount} slots</span>
              </td>
              <td data-label="Pending">{l.pendingChanges}</td>
              <td data-label="Failures &amp; causes">
                {l.failedChanges === 0 && l.causes.length === 0 ? (
                  <span className="muted">none</span>
                ) : (
                  <>
                    {l.failedChanges > 0 && <span className="chip bad">{l.failedChanges} failed</span>}
                    {l.causes.length > 0 && (
                      <ul className="mgr-causes">
                        {l.causes.map((c) => (
                          <li key={c}>{causeText(c)}</li>
                        ))}
                      </ul>
                    )}
                  </>
                )}
              </td>
              <td data-label="Unmanaged codes">
                {l.unmanagedSlots.length === 0 ? (
                  <span className="muted">none</span>
                ) : (
                  <>
                    <span className="chip wait">{l.unmanagedSlots.length}</span> slot
                    {l.unmanagedSlots.length === 1 ? '' : 's'} {l.unmanagedSlots.join(', ')}
                  </>
                )}
                {l.inventoryAt && <span className="mgr-hint">checked {formatInstant(l.inventoryAt, timeZone)}</span>}
              </td>
              <td data-label="Verified">
                <Verification lock={l} timeZone={timeZone} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mgr-hint mgr-footnote">
        <strong>Unmanaged codes:</strong> codes on this lock that Keyway did not set; Keyway never overwrites them.
        Remove them at the lock if they should not be there.
      </p>
      <p className="mgr-hint mgr-footnote">
        <strong>Verified:</strong> Keyway reads each lock back on the cadence set in Settings (Bluetooth locks at every
        phone visit) and restores any code the lock lost or that was changed at the lock; the activity log shows each
        repair. Locks that cannot read codes back are checked for empty slots only and are never shown as verified.
      </p>
      <p className="mgr-hint mgr-footnote">
        To put a lock on a door, register a hub or remove a lock, open <a href="#property">Property</a>.
      </p>
      <div className="mgr-charts">
        <BatteryChart locks={locks} />
        <LatencyChart locks={locks} />
      </div>
    </>
  );
}
