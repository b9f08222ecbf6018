/**
 * The one label of a credential (guest, staff or vendor code) for its status chip, decided from its status and
 * its doors so that the chip never contradicts the door rows: never "Active" while a door still waits for the
 * code, "Scheduled · next Mon 9:00 AM" between windows, and a door waiting for its window (`outside_window`) is
 * rightful waiting, never a failure.
 */
import { nextBoundary, type Weekday } from '../../../src/domain/guest/schedule.ts';
import type { ChipTone } from './StatusChip.tsx';

export type CredentialState = 'scheduled' | 'active' | 'used' | 'expired' | 'revoked';

export interface CredentialDoor {
  status: 'active' | 'pending' | 'failed' | 'removing' | 'removed';
  reason: string | null;
}

export interface CredentialInput {
  status: CredentialState;
  doors: readonly CredentialDoor[];
  /** When a scheduled credential next opens doors (see nextStartOf), or null when unknown. */
  nextStart: Date | null;
}

export interface CredentialLabel {
  label: string;
  tone: ChipTone;
}

const ENDED: Record<'used' | 'expired' | 'revoked', string> = { used: 'Used', expired: 'Expired', revoked: 'Revoked' };

/** A door still short of the code (a door waiting for its window is not: the code is rightly off it). */
const waiting = (d: CredentialDoor) =>
  (d.status === 'pending' || d.status === 'removing') && d.reason !== 'outside_window';

export function credentialStatus(c: CredentialInput, timeZone: string, now: Date): CredentialLabel {
  if (c.status === 'used' || c.status === 'expired' || c.status === 'revoked') {
    return { label: ENDED[c.status], tone: 'off' };
  }
  if (c.doors.some((d) => d.status === 'failed')) return { label: 'Not on every door', tone: 'bad' };
  if (c.status === 'scheduled') {
    return { label: c.nextStart ? `Scheduled · ${nextWords(c.nextStart, timeZone, now)}` : 'Scheduled', tone: 'wait' };
  }
  const pending = c.doors.filter(waiting).length;
  if (pending > 0) {
    const ready = c.doors.length - pending;
    return {
      label: `Pending · ${ready} of ${c.doors.length} ${c.doors.length === 1 ? 'door' : 'doors'}`,
      tone: 'wait',
    };
  }
  return { label: 'Active', tone: 'ok' };
}

/** "next Mon 9:00 AM" within a week, else "from Jun 19, 9:00 AM" — on the community's clocks. */
export function nextWords(at: Date, timeZone: string, now: Date): string {
  const time = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' }).format(at);
  if (at.getTime() - now.getTime() < 6 * 24 * 3_600_000) {
    const day = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short' }).format(at);
    return `next ${day} ${time}`;
  }
  const date = new Intl.DateTimeFormat('en-US', { timeZone, month: 'short', day: 'numeric' }).format(at);
  return `from ${date}, ${time}`;
}

export interface Validity {
  type?: 'permanent' | 'temporary' | 'recurring' | 'delivery';
  status: CredentialState;
  startsAt: string | null;
  endsAt: string | null;
  schedule?: { days: string[]; start: string; end: string } | null;
}

/**
 * When a scheduled code next opens doors: the start of its next window (the same rules as the server's,
 * src/domain/guest/schedule.ts), or its start time for a code without a schedule (staff and vendor codes).
 */
export function nextStartOf(v: Validity, timeZone: string, now: Date): Date | null {
  if (v.status !== 'scheduled') return null;
  const startsAt = v.startsAt ? new Date(v.startsAt) : null;
  if (!v.type || v.type !== 'recurring') return startsAt && startsAt > now ? startsAt : null;
  return nextBoundary(
    {
      type: 'recurring',
      timeZone,
      startsAt,
      endsAt: v.endsAt ? new Date(v.endsAt) : null,
      schedule: v.schedule ? { ...v.schedule, days: v.schedule.days as Weekday[] } : null,
    },
    now,
  );
}
