import { useCallback, useEffect, useRef, useState } from 'react';
import {
  ApiError,
  api,
  type SettingsResponse,
  type SimClockResponse,
  type SimLock,
  type SimLockListResponse,
} from '../api.ts';
import { Keypad } from './Keypad.tsx';

export interface DemoPanelProps {
  /** Hub names by id, when the viewer may know them (the manager console). Otherwise a hub is named by its doors. */
  hubNames?: Record<string, string>;
  /** The server says the session is gone (401). */
  onSessionEnded?: () => void;
  /** Something in the simulated world changed (hub plugged, clock moved): the host may refresh what it shows. */
  onWorldChanged?: () => void;
}

interface Hub {
  hubId: string;
  name: string;
  online: boolean;
  doors: string[];
}

const STEPS = [
  { label: '+15 min', minutes: 15 },
  { label: '+1 hour', minutes: 60 },
  { label: '+1 day', minutes: 24 * 60 },
];

export function hubsOf(locks: SimLock[], hubNames: Record<string, string> = {}): Hub[] {
  const hubs = new Map<string, Hub>();
  for (const lock of locks) {
    if (!lock.hubId) continue;
    const hub = hubs.get(lock.hubId) ?? {
      hubId: lock.hubId,
      name: hubNames[lock.hubId] ?? '',
      online: lock.online,
      doors: [],
    };
    hub.doors.push(lock.name);
    hub.online = hub.online && lock.online;
    hubs.set(lock.hubId, hub);
  }
  return [...hubs.values()].map((h) => ({ ...h, name: h.name || `Hub of ${h.doors.join(', ')}` }));
}

function formatClock(iso: string, timeZone: string | undefined): string {
  return new Date(iso).toLocaleString('en-US', {
    ...(timeZone ? { timeZone } : {}),
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });
}

/**
 * The physical world of the demo community: a keypad on every simulated lock, hubs to unplug and
 * replug, and the simulated clock. A manager's page: the server lets only the demo community's managers move the
 * clock or unplug hubs.
 */
export function DemoPanel({ hubNames, onSessionEnded, onWorldChanged }: DemoPanelProps) {
  const [locks, setLocks] = useState<SimLock[] | null>(null);
  const [now, setNow] = useState<string | null>(null);
  const [timeZone, setTimeZone] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const sessionEnded = useRef(onSessionEnded);
  sessionEnded.current = onSessionEnded;

  const failureText = useCallback((e: unknown): string => {
    if (e instanceof ApiError) {
      if (e.status === 401) sessionEnded.current?.();
      return e.message;
    }
    return 'Could not reach Keyway. Check your connection and try again.';
  }, []);

  const loadLocks = useCallback(async () => {
    try {
      setLocks((await api<SimLockListResponse>('GET', '/sim/locks')).locks);
    } catch (e) {
      setError(failureText(e));
    }
  }, [failureText]);

  const loadClock = useCallback(async () => {
    try {
      setNow((await api<SimClockResponse>('GET', '/sim/clock')).now);
    } catch (e) {
      setError(failureText(e));
    }
  }, [failureText]);

  useEffect(() => {
    void loadLocks();
    void loadClock();
    api<SettingsResponse>('GET', '/community/settings').then(
      (r) => setTimeZone(r.settings.timeZone),
      () => undefined,
    );
    const timer = setInterval(() => {
      void loadLocks();
      void loadClock();
    }, 5000);
    return () => clearInterval(timer);
  }, [loadLocks, loadClock]);

  const advance = async (step: (typeof STEPS)[number]) => {
    setBusy(step.label);
    setError(null);
    try {
      const result = await api<SimClockResponse>('POST', '/sim/clock', { advanceMinutes: step.minutes });
      setNow(result.now);
      setMessage(`Clock moved forward ${step.label.slice(1)}: now ${formatClock(result.now, timeZone)}`);
      onWorldChanged?.();
    } catch (e) {
      setError(failureText(e));
    } finally {
      setBusy(null);
    }
  };

  const plug = async (hub: Hub, online: boolean) => {
    setBusy(hub.hubId);
    setError(null);
    try {
      await api('POST', `/sim/hubs/${hub.hubId}/online`, { online });
      setMessage(
        online
          ? `${hub.name} replugged — it reconnects and catches up on changes.`
          : `${hub.name} unplugged — changes for its doors wait until it is back.`,
      );
      await loadLocks();
      onWorldChanged?.();
    } catch (e) {
      setError(failureText(e));
    } finally {
      setBusy(null);
    }
  };

  const hubs = locks ? hubsOf(locks, hubNames) : [];
  const offlineHubs = new Set(hubs.filter((h) => !h.online).map((h) => h.hubId));

  return (
    <div className="demo-panel">
      <p className="muted">
        This community is simulated. Use the keypads as if you stood at the door, unplug a hub to see changes wait, and
        move the clock to see schedules and expiry happen.
      </p>
      <p role="status" className="demo-message">
        {message}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="demo-top">
        <section className="card" aria-labelledby="demo-clock-heading">
          <h3 id="demo-clock-heading">Clock</h3>
          <p className="demo-now">
            {now ? <time dateTime={now}>{formatClock(now, timeZone)}</time> : 'Loading…'}
            {timeZone && <span className="demo-hint">{timeZone}</span>}
          </p>
          <fieldset className="demo-buttons plain" aria-label="Move the clock forward">
            {STEPS.map((s) => (
              <button key={s.label} type="button" onClick={() => void advance(s)} disabled={busy !== null}>
                {s.label}
              </button>
            ))}
          </fieldset>
          <p className="demo-hint">
            The whole server and the locks use this clock: schedules start and end, guest codes expire.
          </p>
        </section>
        <section className="card" aria-labelledby="demo-hubs-heading">
          <h3 id="demo-hubs-heading">Hubs</h3>
          {locks === null ? (
            <p className="muted">Loading…</p>
          ) : hubs.length === 0 ? (
            <p className="muted">No hubs in this community.</p>
          ) : (
            <ul className="demo-hubs">
              {hubs.map((h) => (
                <li key={h.hubId}>
                  <span>
                    <strong>{h.name}</strong>{' '}
                    <span className={`chip ${h.online ? 'ok' : 'bad'}`}>{h.online ? 'Online' : 'Offline'}</span>
                    <span className="demo-hint">{h.doors.join(', ')}</span>
                  </span>
                  {h.online ? (
                    <button
                      type="button"
                      onClick={() => void plug(h, false)}
                      disabled={busy !== null}
                      aria-label={`Unplug ${h.name}`}
                    >
                      Unplug
                    </button>
                  ) : (
                    <button
                      type="button"
                      onClick={() => void plug(h, true)}
                      disabled={busy !== null}
                      aria-label={`Replug ${h.name}`}
                    >
                      Replug
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          <p className="demo-hint">
            An unplugged hub cannot deliver changes; its locks keep working with the codes they already hold.
          </p>
        </section>
      </div>
      <h3>Keypads</h3>
      <div className="demo-keypads">
        {(locks ?? []).map((lock) => (
          <Keypad
            key={lock.lockId}
            lock={lock}
            hubOffline={lock.hubId !== null && offlineHubs.has(lock.hubId)}
            onFailure={failureText}
          />
        ))}
      </div>
    </div>
  );
}
