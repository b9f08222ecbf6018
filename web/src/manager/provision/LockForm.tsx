import { type FormEvent, useState } from 'react';
import type { AccessPoint, HubOverview, LockCreateBody } from '../../../../src/http/wireTypes.ts';
import { api } from '../../api.ts';
import { useFailureText } from '../session.ts';

/** Put a lock on a door: on a hub by its address (or one the hub found), or a Bluetooth lock. */
export function LockForm({
  door,
  hubs,
  onDone,
  onCancel,
}: {
  door: AccessPoint;
  hubs: HubOverview[];
  onDone: () => void;
  onCancel: () => void;
}) {
  const [connectivity, setConnectivity] = useState<'hub' | 'bluetooth'>(hubs.length > 0 ? 'hub' : 'bluetooth');
  const [hubId, setHubId] = useState(hubs[0]?.id ?? '');
  const [address, setAddress] = useState('');
  const [sixDigits, setSixDigits] = useState(true);
  const [slotCount, setSlotCount] = useState(connectivity === 'hub' ? 30 : 20);
  const [nativeSchedules, setNativeSchedules] = useState(false);
  const [readableCodes, setReadableCodes] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const failureText = useFailureText();
  const hub = hubs.find((h) => h.id === hubId);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const capabilities = { codeLengths: sixDigits ? [4, 6] : [4], slotCount, nativeSchedules, readableCodes };
    const body: LockCreateBody =
      connectivity === 'hub'
        ? { accessPointId: door.id, connectivity, hubId, address, capabilities }
        : { accessPointId: door.id, connectivity, capabilities: { ...capabilities, readableCodes: false } };
    try {
      await api('POST', '/locks', body);
      onDone();
    } catch (e) {
      setProblem(failureText(e));
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="mgr-lock-form" aria-label={`Lock for ${door.name}`}>
      <fieldset>
        <legend>How Keyway reaches the lock</legend>
        <label>
          <input type="radio" checked={connectivity === 'hub'} onChange={() => setConnectivity('hub')} /> Through a hub
        </label>
        <label>
          <input type="radio" checked={connectivity === 'bluetooth'} onChange={() => setConnectivity('bluetooth')} />{' '}
          Bluetooth (residents’ phones carry changes to it)
        </label>
      </fieldset>
      {connectivity === 'hub' && (
        <>
          <label>
            Hub
            <select aria-label="Hub" value={hubId} required onChange={(e) => setHubId(e.target.value)}>
              {hubs.map((h) => (
                <option key={h.id} value={h.id}>
                  {h.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Address on the hub
            <input
              value={address}
              required
              list={`found-${door.id}`}
              onChange={(e) => setAddress(e.target.value)}
              placeholder="e.g. front (simulated) or 12 (Z-Wave node)"
            />
            <datalist id={`found-${door.id}`}>
              {hub?.discovered.map((d) => (
                <option key={d.address} value={d.address} />
              ))}
            </datalist>
          </label>
          {hub && hub.discovered.length > 0 && (
            <p className="mgr-hint">
              This hub found locks at:{' '}
              {hub.discovered.map((d) => (
                <button key={d.address} type="button" onClick={() => setAddress(d.address)}>
                  {d.address}
                </button>
              ))}
            </p>
          )}
        </>
      )}
      <fieldset>
        <legend>What the lock can do</legend>
        <label>
          <input type="checkbox" checked={sixDigits} onChange={(e) => setSixDigits(e.target.checked)} /> Accepts 6-digit
          codes as well as 4-digit ones
        </label>
        <label>
          Code slots{' '}
          <input
            type="number"
            min={1}
            max={1000}
            value={slotCount}
            onChange={(e) => setSlotCount(Number(e.target.value))}
          />{' '}
          <span className="mgr-hint">how many different codes the lock can hold at once</span>
        </label>
        <label>
          <input type="checkbox" checked={nativeSchedules} onChange={(e) => setNativeSchedules(e.target.checked)} />{' '}
          Enforces time windows itself <span className="mgr-hint">(otherwise Keyway adds and removes timed codes)</span>
        </label>
        {connectivity === 'hub' && (
          <label>
            <input type="checkbox" checked={readableCodes} onChange={(e) => setReadableCodes(e.target.checked)} /> Can
            report which code is in each slot <span className="mgr-hint">(lets Keyway spot and repair drift)</span>
          </label>
        )}
      </fieldset>
      <p>
        <button type="submit">Add lock</button>{' '}
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </p>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </form>
  );
}
