/** My Access: the resident's access cards, Home first. */
import type { Card, CardListResponse } from '../api.ts';
import { setShowCodes, useShowCodes } from '../shared/showCodes.ts';
import { AccessCardView } from './AccessCardView.tsx';
import { LeaseNotice } from './LeaseNotice.tsx';

export function AccessTab({
  cards,
  error,
  lease = null,
}: {
  cards: Card[] | null;
  error: string | null;
  lease?: CardListResponse['lease'] | null;
}) {
  const showCodes = useShowCodes();
  const ordered = cards ? [...cards].sort((a, b) => (a.scope === b.scope ? 0 : a.scope === 'home' ? -1 : 1)) : null;
  return (
    <>
      <h1>My Access</h1>
      <p className="muted intro">Type your code on the keypad. Use the gear to get a new one.</p>
      <label className="show-codes small">
        <input type="checkbox" checked={showCodes} onChange={(e) => setShowCodes(e.target.checked)} />
        Show codes (on this device; otherwise tap Show to see one)
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!ordered && !error && (
        <p role="status" className="muted">
          Loading your access…
        </p>
      )}
      <LeaseNotice lease={lease} />
      {ordered?.length === 0 && lease?.state !== 'upcoming' && (
        <p className="muted">You have no access cards yet. Your manager adds them when you move in.</p>
      )}
      <div className="card-grid">
        {ordered?.map((card) => (
          <AccessCardView key={card.id} card={card} />
        ))}
      </div>
    </>
  );
}
