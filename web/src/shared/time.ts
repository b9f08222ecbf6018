/** Dates and times in words, in a given IANA time zone (the community's), for people to read. */

export function formatDateTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(iso));
}

export function formatDay(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'long', month: 'long', day: 'numeric' }).format(
    new Date(iso),
  );
}

export function formatClock(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

/** "America/Chicago" → "Chicago time". */
export function zoneWords(timeZone: string): string {
  const city = timeZone.split('/').pop() ?? timeZone;
  return `${city.replaceAll('_', ' ')} time`;
}
