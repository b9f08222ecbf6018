/** Guest codes in words: type names and when a code works (community time zone). */
import type { GuestCode } from '../api.ts';
import { formatDateTime } from '../shared/time.ts';

export const GUEST_TYPE_INFO: Record<GuestCode['type'], { label: string; hint: string }> = {
  permanent: { label: 'Permanent', hint: 'Works until you revoke it — family, a partner.' },
  temporary: { label: 'Temporary', hint: 'Works from a start to an end time — a weekend visitor.' },
  recurring: { label: 'Recurring', hint: 'Works on chosen days and hours — a dog walker, a cleaner.' },
  delivery: { label: 'Delivery', hint: 'One delivery, then it stops — couriers.' },
};

export const WEEKDAYS = [
  ['mon', 'Mon'],
  ['tue', 'Tue'],
  ['wed', 'Wed'],
  ['thu', 'Thu'],
  ['fri', 'Fri'],
  ['sat', 'Sat'],
  ['sun', 'Sun'],
] as const;

export const isLive = (g: GuestCode) => g.status === 'active' || g.status === 'scheduled';

function daysInWords(days: string[]): string {
  const set = new Set(days);
  if (set.size === 7) return 'Every day';
  if (set.size === 5 && ['mon', 'tue', 'wed', 'thu', 'fri'].every((d) => set.has(d))) return 'Weekdays';
  if (set.size === 2 && set.has('sat') && set.has('sun')) return 'Weekends';
  return WEEKDAYS.filter(([key]) => set.has(key))
    .map(([, label]) => label)
    .join(', ');
}

/** "From Fri, Jun 19, 6:00 PM to Sun, Jun 21, 12:00 PM", "Weekdays 09:00–17:00", … */
export function validityWords(g: GuestCode, timeZone: string): string {
  const at = (iso: string) => formatDateTime(iso, timeZone);
  switch (g.type) {
    case 'permanent':
      return 'Works until you revoke it';
    case 'temporary':
      return g.startsAt && g.endsAt ? `From ${at(g.startsAt)} to ${at(g.endsAt)}` : 'For a set time';
    case 'recurring': {
      const parts = [
        g.schedule ? `${daysInWords(g.schedule.days)} ${g.schedule.start}–${g.schedule.end}` : 'On a schedule',
      ];
      if (g.startsAt) parts.push(`from ${at(g.startsAt)}`);
      if (g.endsAt) parts.push(`until ${at(g.endsAt)}`);
      return parts.join(', ');
    }
    case 'delivery':
      if (g.firstUsedAt) return `Used ${at(g.firstUsedAt)} — stops working shortly after`;
      return g.endsAt ? `One delivery, until ${at(g.endsAt)}` : 'One delivery';
  }
}
