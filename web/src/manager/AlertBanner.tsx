/**
 * Alerts a manager must notice (a burst of wrong codes at a door), above every page of the console until one
 * manager dismisses them. Polled: the console has no live feed, and a few seconds' delay is fine for this.
 */
import { useState } from 'react';
import type { AlertListResponse } from '../../../src/http/wireTypes.ts';
import { api } from '../api.ts';
import { useResource } from './useResource.ts';
import { formatInstant } from './words.ts';

const POLL_MS = 5_000;

export function AlertBanner({ timeZone }: { timeZone: string | undefined }) {
  const alerts = useResource<AlertListResponse>('/alerts', { pollMs: POLL_MS });
  const [dismissed, setDismissed] = useState<ReadonlySet<number>>(new Set());
  const [failure, setFailure] = useState<string | null>(null);
  const shown = (alerts.data?.alerts ?? []).filter((a) => !dismissed.has(a.id));
  if (shown.length === 0 && !failure) return null;

  const dismiss = async (id: number) => {
    setFailure(null);
    try {
      await api('POST', `/alerts/${id}/dismiss`);
      setDismissed((previous) => new Set([...previous, id]));
      alerts.reload();
    } catch {
      setFailure('Could not dismiss the alert. Try again.');
    }
  };

  return (
    <section className="mgr-alerts" role="alert" aria-label="Alerts">
      {shown.map((a) => (
        <p key={a.id} className="mgr-alert">
          <strong>{a.doorName ?? 'A door'}:</strong> {a.text}{' '}
          <span className="mgr-hint">{formatInstant(a.at, timeZone)}</span>{' '}
          <button type="button" onClick={() => void dismiss(a.id)}>
            Dismiss
          </button>
        </p>
      ))}
      {failure && <p className="error">{failure}</p>}
    </section>
  );
}
