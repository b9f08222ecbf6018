import { type FormEvent, useState } from 'react';
import type {
  AccessPointListResponse,
  CloudAccount,
  CloudAccountResponse,
  CloudDevice,
  CloudDeviceListResponse,
  CloudLockCodesResponse,
  LockCreateBody,
  SeamConnectBody,
} from '../../../src/http/wireTypes.ts';
import { ApiError, api } from '../api.ts';
import { ConfirmButton } from '../shared/ConfirmButton.tsx';
import { useFailureText } from './session.ts';
import { useResource } from './useResource.ts';
import { formatInstant } from './words.ts';

/** Words for the refusals this page meets; anything else gets the console's usual wording. */
function cloudProblem(error: unknown, fallback: (e: unknown) => string): string {
  if (error instanceof ApiError) {
    if (error.code === 'cloud_key_refused') return 'Seam did not accept this API key. Check it in Seam’s console.';
    if (error.code === 'cloud_unavailable') return 'Seam did not answer. Try again in a moment.';
    if (error.code === 'cloud_not_connected') return 'Connect the community’s Seam workspace first.';
  }
  return fallback(error);
}

/**
 * Cloud locks (Seam): connect the community's workspace with an API key, see the connection, list the
 * workspace's locks, put one on a door, and see the codes on each — including the ones Keyway did not set,
 * which it shows and never touches.
 */
export function CloudLocksPage({ canEdit, timeZone }: { canEdit: boolean; timeZone: string | undefined }) {
  const account = useResource<CloudAccountResponse>(canEdit ? '/cloud/seam' : null, { pollMs: 10_000 });
  if (!canEdit) return <p className="muted">Only managers connect cloud lock services.</p>;
  const current = account.data?.account ?? null;
  return (
    <>
      <p className="mgr-hint">
        Locks reached through Seam’s cloud (August, Yale, Schlage, igloohome…) instead of a Keyway hub. Connect the
        community’s Seam workspace, then put its locks on doors. See docs/cloud-locks.md for what maps to what.
      </p>
      <ConnectionSection account={current} loading={account.loading} timeZone={timeZone} onChanged={account.reload} />
      {current && <DevicesSection onChanged={account.reload} />}
      {account.error && (
        <p role="alert" className="error">
          {account.error}
        </p>
      )}
    </>
  );
}

function ConnectionSection({
  account,
  loading,
  timeZone,
  onChanged,
}: {
  account: CloudAccount | null;
  loading: boolean;
  timeZone: string | undefined;
  onChanged: () => void;
}) {
  const [apiKey, setApiKey] = useState('');
  const [endpoint, setEndpoint] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const failureText = useFailureText();

  const connect = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const body: SeamConnectBody = {
        apiKey: apiKey.trim(),
        ...(endpoint.trim() ? { endpoint: endpoint.trim() } : {}),
      };
      await api('PUT', '/cloud/seam', body);
      setApiKey('');
      onChanged();
    } catch (e) {
      setProblem(cloudProblem(e, failureText));
    } finally {
      setBusy(false);
    }
  };

  const act = async (method: string, path: string) => {
    setProblem(null);
    try {
      await api(method, path);
      onChanged();
    } catch (e) {
      setProblem(cloudProblem(e, failureText));
    }
  };

  return (
    <section className="card" aria-labelledby="cloud-connection-heading">
      <h3 id="cloud-connection-heading">Seam workspace</h3>
      {account ? (
        <>
          <p>
            <strong>{account.workspaceName ?? account.workspaceId}</strong>{' '}
            <span className={`chip ${account.status === 'connected' ? 'ok' : 'bad'}`}>
              {account.status === 'connected' ? 'connected' : 'failing — Seam refuses the key; connect again'}
            </span>
          </p>
          <p className="muted small">
            {account.lockCount} {account.lockCount === 1 ? 'lock' : 'locks'} on doors · last checked{' '}
            {account.lastPolledAt ? formatInstant(account.lastPolledAt, timeZone) : 'not yet'} ·{' '}
            {account.webhook ? 'Seam reports changes as they happen' : 'polling only (no webhook)'}
          </p>
          {account.lastError && <p className="error">{account.lastError}</p>}
          <p>
            <button type="button" onClick={() => void act('POST', '/cloud/seam/refresh')}>
              Check now
            </button>{' '}
            <ConfirmButton
              confirmLabel="Confirm disconnect"
              message="Keyway forgets the workspace’s API key."
              onConfirm={() => act('DELETE', '/cloud/seam')}
            >
              Disconnect
            </ConfirmButton>
          </p>
        </>
      ) : (
        <p className="muted">{loading ? 'Loading…' : 'No Seam workspace is connected.'}</p>
      )}
      <form onSubmit={(e) => void connect(e)} className="mgr-inline-form" aria-label="Connect a Seam workspace">
        <label>
          {account ? 'New API key' : 'Seam API key'}
          <input
            type="password"
            autoComplete="off"
            value={apiKey}
            required
            minLength={8}
            onChange={(e) => setApiKey(e.target.value)}
            placeholder="seam_…"
          />
        </label>
        <label>
          Endpoint <span className="mgr-hint">(optional; only where the operator allows it)</span>
          <input
            value={endpoint}
            onChange={(e) => setEndpoint(e.target.value)}
            placeholder="https://connect.getseam.com"
          />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : account ? 'Replace key' : 'Connect'}
        </button>
      </form>
      <p className="mgr-hint">The key is stored encrypted and never shown again.</p>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </section>
  );
}

function DevicesSection({ onChanged }: { onChanged: () => void }) {
  const devices = useResource<CloudDeviceListResponse>('/cloud/seam/devices', { pollMs: 15_000 });
  const doors = useResource<AccessPointListResponse>('/access-points');
  const freeDoors = (doors.data?.accessPoints ?? []).filter((d) => d.lock === null);
  const list = devices.data?.devices ?? [];
  const reload = () => {
    devices.reload();
    doors.reload();
    onChanged();
  };
  return (
    <section className="card" aria-labelledby="cloud-devices-heading">
      <h3 id="cloud-devices-heading">Locks in the workspace</h3>
      {list.length === 0 ? (
        <p className="muted">{devices.loading ? 'Asking Seam…' : 'No locks that hold access codes.'}</p>
      ) : (
        <ul className="mgr-list">
          {list.map((device) => (
            <DeviceRow key={device.deviceId} device={device} freeDoors={freeDoors} onChanged={reload} />
          ))}
        </ul>
      )}
      {devices.error && (
        <p role="alert" className="error">
          {devices.error}
        </p>
      )}
    </section>
  );
}

function DeviceRow({
  device,
  freeDoors,
  onChanged,
}: {
  device: CloudDevice;
  freeDoors: AccessPointListResponse['accessPoints'];
  onChanged: () => void;
}) {
  const [doorId, setDoorId] = useState('');
  const [showCodes, setShowCodes] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const failureText = useFailureText();

  const assign = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    try {
      const body: LockCreateBody = { accessPointId: doorId, connectivity: 'seam', address: device.deviceId };
      await api('POST', '/locks', body);
      setDoorId('');
      onChanged();
    } catch (e) {
      setProblem(cloudProblem(e, failureText));
    }
  };

  const lengths = device.capabilities.codeLengths.join(' or ');
  return (
    <li className="mgr-cloud-device">
      <span>
        <strong>{device.name}</strong>{' '}
        <span className="muted small">
          {[device.manufacturer, device.model].filter(Boolean).join(' ') || device.deviceType} ·{' '}
          <span className={`chip ${device.online ? 'ok' : 'bad'}`}>{device.online ? 'online' : 'offline'}</span>
          {device.battery !== null ? ` · battery ${device.battery}%` : ''} · {lengths}-digit codes · up to{' '}
          {device.capabilities.slotCount} codes
        </span>
      </span>
      {device.assigned ? (
        <span>
          on <strong>{device.assigned.doorName}</strong>{' '}
          <button type="button" aria-expanded={showCodes} onClick={() => setShowCodes((v) => !v)}>
            {showCodes ? 'Hide codes' : 'Codes on this lock'}
          </button>
        </span>
      ) : (
        <form
          onSubmit={(e) => void assign(e)}
          className="mgr-inline-form"
          aria-label={`Assign ${device.name} to a door`}
        >
          <select aria-label="Door" value={doorId} required onChange={(e) => setDoorId(e.target.value)}>
            <option value="">Choose a door without a lock…</option>
            {freeDoors.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
          <button type="submit">Assign to door</button>
        </form>
      )}
      {showCodes && device.assigned && <LockCodes lockId={device.assigned.lockId} />}
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </li>
  );
}

/** The codes Seam reports on one lock. Unmanaged ones are read-only: Keyway never changes or deletes them. */
function LockCodes({ lockId }: { lockId: string }) {
  const codes = useResource<CloudLockCodesResponse>(`/cloud/locks/${lockId}/codes`, { pollMs: 10_000 });
  const list = codes.data?.codes ?? [];
  const managed = list.filter((c) => c.managed);
  const unmanaged = list.filter((c) => !c.managed);
  return (
    <div className="mgr-cloud-codes">
      <p className="small">
        {managed.length} {managed.length === 1 ? 'code' : 'codes'} set by Keyway
        {managed.some((c) => c.pending) ? ' (some still on their way)' : ''}
      </p>
      {managed
        .filter((c) => c.warnings.length > 0 || c.errors.length > 0)
        .map((c) => (
          <p key={c.externalId} className="small">
            {c.name ?? 'A code'}: {[...c.errors, ...c.warnings].map((w) => w.replaceAll('_', ' ')).join(', ')}
          </p>
        ))}
      {unmanaged.length > 0 ? (
        <>
          <p className="small">Codes Keyway did not set (shown only; Keyway never changes them):</p>
          <ul className="mgr-list">
            {unmanaged.map((c) => (
              <li key={c.externalId}>
                <span>
                  {c.name ?? 'Unnamed code'} <span className="muted small">{c.status}</span>
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted small">No codes set outside Keyway.</p>
      )}
      {codes.error && (
        <p role="alert" className="error">
          {codes.error}
        </p>
      )}
    </div>
  );
}
