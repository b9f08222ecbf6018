/**
 * Activity: what my codes and my guests' codes did, newest first, grouped by day, each entry with its time
 * (community time zone) beside the sentence, which never repeats it. An entry is shown once, even when the
 * live feed and a page load both bring it.
 */
import type { Activity } from '../api.ts';
import { formatClock, formatDay, zoneWords } from '../shared/time.ts';

export interface ActivityTabProps {
  entries: Activity[] | null;
  error: string | null;
  timeZone: string;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
}

export function ActivityTab({ entries, error, timeZone, hasMore, loadingMore, onLoadMore }: ActivityTabProps) {
  const days: { day: string; items: Activity[] }[] = [];
  const seen = new Set<number>();
  for (const entry of entries ?? []) {
    if (seen.has(entry.id)) continue;
    seen.add(entry.id);
    const day = formatDay(entry.at, timeZone);
    const last = days[days.length - 1];
    if (last?.day === day) last.items.push(entry);
    else days.push({ day, items: [entry] });
  }
  return (
    <>
      <h1>Activity</h1>
      <p className="muted intro">
        Your codes and your guests' codes. Times are in {zoneWords(timeZone)}; new entries appear as they happen.
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!entries && !error && <p className="muted">Loading activity…</p>}
      {entries?.length === 0 && <p className="muted">Nothing yet. When a code opens a door, it shows here.</p>}
      <div>
        {days.map(({ day, items }) => (
          <section key={day} className="activity-day" aria-label={day}>
            <h2 className="day-heading">{day}</h2>
            <ul className="activity card">
              {items.map((entry) => (
                <li key={entry.id} className={`activity-entry ${entry.type.replace('.', '-')}`}>
                  <time dateTime={entry.at} className="activity-time muted">
                    {formatClock(entry.at, timeZone)}
                  </time>{' '}
                  <span className="activity-text">{entry.text}</span>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      {hasMore && (
        <button type="button" className="wide" onClick={onLoadMore} disabled={loadingMore}>
          {loadingMore ? 'Loading…' : 'Show older'}
        </button>
      )}
    </>
  );
}
