/** Plain words for what the server reports in codes, and dates as people read them. */
import { type DoorReason, reasonWords } from '../api.ts';

const causes: Record<DoorReason, string> = {
  hub_offline: 'Hub offline — the change waits until the hub reconnects',
  awaiting_phone: 'Bluetooth lock — waits for a resident’s phone to come near the door',
  awaiting_sync: 'Being sent to the lock',
  sending: 'Being sent to the lock',
  timeout: 'The lock did not answer in time — retrying',
  lock_unreachable: 'The hub cannot reach the lock — retrying',
  no_free_slot: 'The lock has no free code slot',
  duplicate_on_lock: 'The lock already holds this code',
  length_not_supported: 'The lock does not take codes of this length',
  rejected_by_lock: 'The lock refused the change',
  circuit_open: 'The lock keeps failing — Keyway retries later',
  outside_window: 'Outside its schedule — sent when its time comes',
  drift: 'The lock no longer held this code (wiped or reprogrammed) — Keyway is restoring it',
};

/** "just now", "12 min ago", "3 h ago", "2 days ago" (a time in the future — a moved demo clock — is "just now"). */
export function agoText(iso: string, nowMs = Date.now()): string {
  const minutes = Math.floor((nowMs - new Date(iso).getTime()) / 60_000);
  if (!(minutes >= 1)) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

/**
 * Whether Keyway has proof of what the lock holds, in words: a lock that cannot read codes back is never called
 * verified, whatever else is known about it.
 */
export function verificationText(lock: { verification: string; verifiedAt: string | null }, nowMs = Date.now()) {
  switch (lock.verification) {
    case 'unverifiable':
      return { text: 'Can’t read codes back — unverifiable', tone: 'wait' as const };
    case 'never':
      return { text: 'Not verified yet', tone: 'wait' as const };
    case 'stale':
      return {
        text: `Last verified ${lock.verifiedAt ? agoText(lock.verifiedAt, nowMs) : 'long ago'} — overdue`,
        tone: 'bad' as const,
      };
    default:
      return { text: `Verified ${lock.verifiedAt ? agoText(lock.verifiedAt, nowMs) : ''}`.trim(), tone: 'ok' as const };
  }
}

export function causeText(cause: string): string {
  return reasonWords(causes, cause);
}

export const kindText: Record<string, string> = {
  unit_door: 'Unit door',
  community_door: 'Community door',
  amenity: 'Amenity',
};

/** "2025-08-01" → "Aug 1, 2025" (a calendar date: no time zone shift). */
export function formatDay(day: string | null): string {
  if (!day) return '—';
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return date.toLocaleDateString('en-US', { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' });
}

/**
 * An instant in the community's time zone, e.g. "Nov 25, 1:09 PM". Never the browser's zone: a manager abroad
 * would read the wrong hour. Until the community's zone is known the time is given in UTC, and says so.
 */
export function formatInstant(iso: string, timeZone: string | undefined): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const text = date.toLocaleString('en-US', {
    timeZone: timeZone ?? 'UTC',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });
  return timeZone ? text : `${text} UTC`;
}

/** Today as YYYY-MM-DD in the community's time zone (UTC until it is known; never the browser's). */
export function todayIn(timeZone: string | undefined, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timeZone ?? 'UTC',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** How a door talks to Keyway, in words. */
export function connectivityText(connectivity: string): string {
  if (connectivity === 'hub') return 'Hub';
  if (connectivity === 'bluetooth') return 'Bluetooth';
  return connectivity.replaceAll('_', ' ');
}
