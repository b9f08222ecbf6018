import { type FormEvent, useId, useState } from 'react';
import type { TamperBody, TamperResponse, WipeResponse } from '../../../src/http/wireTypes.ts';
import { api, type SimLock } from '../api.ts';

/**
 * What can happen to a lock behind Keyway's back (managers of the demo): it loses every code, or someone
 * programs a code into a slot at the lock itself. Keyway is not told; its next verification read (or the next
 * phone visit, for a Bluetooth lock) finds the drift and restores the codes — watch the Locks and Activity pages.
 */
export function LockTampering({ lock, onFailure }: { lock: SimLock; onFailure: (error: unknown) => string }) {
  const [open, setOpen] = useState(false);
  const [slot, setSlot] = useState('1');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ text: string; tone: 'info' | 'bad' } | null>(null);
  const formId = useId();
  const later =
    lock.connectivity === 'bluetooth'
      ? 'the next phone visit finds it and puts the codes back.'
      : 'Keyway finds it at its next verification read and puts the codes back.';

  const run = async (action: () => Promise<string>) => {
    setBusy(true);
    setResult(null);
    try {
      setResult({ text: await action(), tone: 'info' });
    } catch (e) {
      setResult({ text: onFailure(e), tone: 'bad' });
    } finally {
      setBusy(false);
    }
  };

  const wipe = () =>
    run(async () => {
      await api<WipeResponse>('POST', `/sim/locks/${lock.lockId}/wipe`);
      return `${lock.name} lost every code — ${later}`;
    });

  const tamper = (event: FormEvent) => {
    event.preventDefault();
    const body: TamperBody = { slot: Number(slot), code };
    void run(async () => {
      await api<TamperResponse>('POST', `/sim/locks/${lock.lockId}/tamper`, body);
      setCode('');
      return `Slot ${slot} now holds ${code} — ${later}`;
    });
  };

  return (
    <details className="demo-tamper" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Behind Keyway’s back…</summary>
      <button type="button" onClick={() => void wipe()} disabled={busy}>
        Wipe lock
      </button>
      <form id={formId} onSubmit={tamper} aria-label={`Reprogram a slot of ${lock.name}`} className="demo-tamper-form">
        <label>
          Slot
          <input
            type="number"
            min={1}
            max={1000}
            required
            value={slot}
            onChange={(e) => setSlot(e.target.value)}
            inputMode="numeric"
          />
        </label>
        <label>
          Code
          <input
            type="text"
            inputMode="numeric"
            pattern="[0-9]{4,8}"
            required
            value={code}
            onChange={(e) => setCode(e.target.value)}
            autoComplete="off"
          />
        </label>
        <button type="submit" disabled={busy}>
          Tamper
        </button>
      </form>
      <p className={`demo-result ${result?.tone ?? ''}`} role="status" aria-live="polite">
        {result?.text}
      </p>
    </details>
  );
}
