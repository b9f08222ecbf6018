/**
 * A card whose code has reached none of its doors yet (first run: nothing was ever delivered to the lock).
 * A pending door with no pending change means the card's own code is not there; with a change under way
 * (pendingCode) the old code is, so that is not a first run.
 */
import type { Card } from '../api.ts';

export function firstRunWords(card: Pick<Card, 'pendingCode' | 'doors'>): string | null {
  if (card.pendingCode !== null || card.doors.length === 0) return null;
  if (card.doors.some((d) => d.status === 'active')) return null;
  const bluetooth = card.doors.some((d) => d.connectivity === 'bluetooth' && d.reason === 'awaiting_phone');
  const one = card.doors.length === 1;
  if (bluetooth) return `Not on the ${one ? 'door' : 'doors'} yet — bring your phone near ${one ? 'it' : 'them'}`;
  return `Not on the ${one ? 'door' : 'doors'} yet — on its way`;
}
