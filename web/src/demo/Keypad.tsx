import { type KeyboardEvent, useId, useState } from 'react';
import { api, type KeypadResponse, type PhoneNearbyResponse, type SimLock } from '../api.ts';
import { LockTampering } from './LockTampering.tsx';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
const MAX_DIGITS = 12;

interface Props {
  lock: SimLock;
  /** The lock's hub is unplugged (hub locks only). */
  hubOffline: boolean;
  onFailure: (error: unknown) => string;
}

/** A virtual keypad on one simulated lock: type digits, press Enter, see whether the door opened. */
export function Keypad({ lock, hubOffline, onFailure }: Props) {
  const [code, setCode] = useState('');
  const [result, setResult] = useState<{ text: string; tone: 'ok' | 'bad' | 'info' } | null>(null);
  const [busy, setBusy] = useState(false);
  const headingId = useId();

  const press = (digit: string) => {
    setResult(null);
    setCode((c) => (c.length < MAX_DIGITS ? c + digit : c));
  };

  const enter = async () => {
    if (!code) {
      setResult({ text: 'Type a code first', tone: 'info' });
      return;
    }
    setBusy(true);
    try {
      const { unlocked } = await api<KeypadResponse>('POST', `/sim/locks/${lock.lockId}/keypad`, { code });
      setResult(unlocked ? { text: 'Door opened', tone: 'ok' } : { text: 'Code refused', tone: 'bad' });
    } catch (e) {
      setResult({ text: onFailure(e), tone: 'bad' });
    } finally {
      setCode('');
      setBusy(false);
    }
  };

  const phoneNearby = async () => {
    setBusy(true);
    setResult(null);
    try {
      const { delivered } = await api<PhoneNearbyResponse>('POST', `/sim/locks/${lock.lockId}/phone-nearby`);
      setResult({
        text:
          delivered === 0
            ? 'Phone connected — nothing was waiting'
            : `Phone delivered ${delivered} change${delivered === 1 ? '' : 's'}`,
        tone: 'info',
      });
    } catch (e) {
      setResult({ text: onFailure(e), tone: 'bad' });
    } finally {
      setBusy(false);
    }
  };

  // Typing on a physical keyboard works while any key of this keypad has focus (Enter is the focused button's own).
  const onKeyDown = (event: KeyboardEvent) => {
    if (/^[0-9]$/.test(event.key)) {
      event.preventDefault();
      press(event.key);
    } else if (event.key === 'Backspace') {
      event.preventDefault();
      setCode((c) => c.slice(0, -1));
    } else if (event.key === 'Escape') {
      setCode('');
    }
  };

  return (
    <section className="card demo-keypad" aria-label={`${lock.name} keypad`} onKeyDown={onKeyDown}>
      <h4 id={headingId}>{lock.name}</h4>
      <p className="demo-meta">
        {lock.connectivity === 'bluetooth'
          ? 'Bluetooth lock'
          : hubOffline
            ? 'Hub lock — hub offline, the lock keeps the codes it has'
            : 'Hub lock'}
      </p>
      <output className="demo-display" aria-live="polite" aria-label={`Code typed on ${lock.name}`}>
        {code ? code : <span className="demo-placeholder">Type a code</span>}
      </output>
      <fieldset className="demo-keys plain" aria-label={`Keys of ${lock.name}`}>
        {KEYS.map((k) => (
          <button key={k} type="button" onClick={() => press(k)} disabled={busy}>
            {k}
          </button>
        ))}
        <button
          type="button"
          className="demo-fn"
          onClick={() => {
            setCode('');
            setResult(null);
          }}
          disabled={busy}
        >
          Clear
        </button>
        <button type="button" onClick={() => press('0')} disabled={busy}>
          0
        </button>
        <button type="button" className="demo-fn primary" onClick={() => void enter()} disabled={busy}>
          Enter
        </button>
      </fieldset>
      <p className={`demo-result ${result?.tone ?? ''}`} role="status" aria-live="polite">
        {result?.text}
      </p>
      {lock.connectivity === 'bluetooth' && (
        <button
          type="button"
          className="demo-phone"
          onClick={() => void phoneNearby()}
          disabled={busy}
          aria-describedby={headingId}
        >
          Phone nearby
        </button>
      )}
      <LockTampering lock={lock} onFailure={onFailure} />
    </section>
  );
}
