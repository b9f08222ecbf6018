/** The resident's lease dates on My Access: when access starts (before move-in) or ends (move-out planned). */
import type { CardListResponse } from '../api.ts';

type Lease = NonNullable<CardListResponse['lease']>;

/** A YYYY-MM-DD lease date as the resident reads it ("Tuesday, June 16, 2026"); it is already local. */
export function leaseDay(date: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString(undefined, {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

export function LeaseNotice({ lease }: { lease: Lease | null | undefined }) {
  if (!lease) return null;
  if (lease.state === 'upcoming') {
    return (
      <p role="status" className="notice lease-notice">
        Your access starts on {leaseDay(lease.moveIn)}. Your codes will appear here that day.
      </p>
    );
  }
  if (lease.state === 'current' && lease.moveOut) {
    return (
      <p role="status" className="muted lease-notice">
        Your access ends on {leaseDay(lease.moveOut)}
        {lease.accessEndsAt
          ? ` at ${new Date(lease.accessEndsAt).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' })}`
          : ''}
        .
      </p>
    );
  }
  return null;
}
