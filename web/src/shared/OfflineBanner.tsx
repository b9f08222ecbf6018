/**
 * The bar at the top while this phone cannot reach Keyway, so nothing waits in silence ("Sending…" forever).
 * It says what still works: a Bluetooth door takes what the phone carries, and its receipt goes up later.
 */
import { useConnectivity } from './offline.ts';
import './offline.css';

export const OFFLINE_WORDS = {
  offline: {
    title: 'You’re offline',
    // Not "changes will be sent later": only Bluetooth receipts wait in a queue; a new code needs the server now.
    detail: 'Changes need a connection. Bluetooth doors still get what this phone carries.',
  },
  unreachable: {
    title: 'Keyway can’t be reached',
    detail: 'Check your connection — we’ll keep trying.',
  },
} as const;

export function OfflineBanner() {
  const state = useConnectivity();
  // The live region is always there, so a screen reader hears the bar appear.
  return (
    <div className="offline-banner-region" role="status" aria-live="polite">
      {state !== 'online' && (
        <div className="offline-banner">
          <strong>{OFFLINE_WORDS[state].title}</strong> <span>{OFFLINE_WORDS[state].detail}</span>
        </div>
      )}
    </div>
  );
}
