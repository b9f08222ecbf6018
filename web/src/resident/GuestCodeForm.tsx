/**
 * Create a guest code. Only the community's enabled types are offered; the digits are always generated.
 * Times are typed as wall-clock times in the community's time zone and sent as instants with an offset.
 */
import { type FormEvent, useId, useState } from 'react';
import { Temporal } from 'temporal-polyfill';
import { ApiError, api, type GuestCode, type GuestCodeResponse, type Settings } from '../api.ts';
import { zoneWords } from '../shared/time.ts';
import { GUEST_TYPE_INFO, WEEKDAYS } from './guestWords.ts';
import { useResident } from './residentContext.ts';

type GuestType = GuestCode['type'];

interface CreateBody {
  type: GuestType;
  name: string;
  phone?: string;
  email?: string;
  startsAt?: string;
  endsAt?: string;
  schedule?: { days: string[]; start: string; end: string };
}

/** "2026-06-19T18:00" in the community's zone → "2026-06-19T18:00:00-05:00". */
export function wallTimeToInstant(value: string, timeZone: string): string {
  return Temporal.PlainDateTime.from(value).toZonedDateTime(timeZone).toString({ timeZoneName: 'never' });
}

function dayStart(date: string, timeZone: string, plusDays = 0): string {
  return Temporal.PlainDate.from(date)
    .add({ days: plusDays })
    .toZonedDateTime({ timeZone })
    .toString({ timeZoneName: 'never' });
}

function defaultWindow(timeZone: string): { start: string; end: string } {
  const now = Temporal.Now.zonedDateTimeISO(timeZone).round({ smallestUnit: 'hour', roundingMode: 'ceil' });
  const fmt = (z: Temporal.ZonedDateTime) => z.toPlainDateTime().toString({ smallestUnit: 'minute' });
  return { start: fmt(now), end: fmt(now.add({ days: 1 })) };
}

function serverError(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Could not reach Keyway. Check your connection and try again.';
  switch (error.code) {
    case 'guest_type_disabled':
      return 'Your community does not offer this kind of guest code. Please choose another type.';
    case 'conflict_state':
      return `${error.message} You can revoke a code you no longer need.`;
    case 'rate_limited':
      return 'Too many codes in a short time. Please wait a minute and try again.';
    default:
      return error.message;
  }
}

export interface GuestCodeFormProps {
  settings: Settings;
  onCreated: (guest: GuestCode) => void;
  onCancel: () => void;
}

export function GuestCodeForm({ settings, onCreated, onCancel }: GuestCodeFormProps) {
  const { sessionEndedBy } = useResident();
  const timeZone = settings.timeZone;
  const types = settings.guestTypes;
  const [type, setType] = useState<GuestType | undefined>(types[0]);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [period, setPeriod] = useState(() => defaultWindow(timeZone));
  const [days, setDays] = useState<string[]>(['mon', 'wed', 'fri']);
  const [from, setFrom] = useState('09:00');
  const [until, setUntil] = useState('17:00');
  const [firstDay, setFirstDay] = useState('');
  const [lastDay, setLastDay] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();

  if (!type) return <p className="muted">Your community does not offer guest codes.</p>;

  const check = (): string | CreateBody => {
    const trimmed = name.trim();
    if (!trimmed) return "Enter your guest's name.";
    const body: CreateBody = { type, name: trimmed };
    if (phone.trim()) body.phone = phone.trim();
    if (email.trim()) body.email = email.trim();
    if (type === 'temporary') {
      if (!period.start || !period.end) return 'Choose when the code starts and ends.';
      body.startsAt = wallTimeToInstant(period.start, timeZone);
      body.endsAt = wallTimeToInstant(period.end, timeZone);
      if (Temporal.Instant.compare(Temporal.Instant.from(body.endsAt), Temporal.Instant.from(body.startsAt)) <= 0)
        return 'The end must be after the start.';
    }
    if (type === 'recurring') {
      if (days.length === 0) return 'Choose at least one day.';
      if (!from || !until) return 'Choose the hours when the code works.';
      if (from === until) return 'The code needs some hours to work: choose a different end time.';
      body.schedule = { days: WEEKDAYS.map(([key]) => key).filter((d) => days.includes(d)), start: from, end: until };
      if (firstDay) body.startsAt = dayStart(firstDay, timeZone);
      if (lastDay) body.endsAt = dayStart(lastDay, timeZone, 1);
      if (firstDay && lastDay && lastDay < firstDay) return 'The last day must be on or after the first day.';
    }
    return body;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = check();
    if (typeof body === 'string') {
      setError(body);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await api<GuestCodeResponse>('POST', '/me/guest-codes', body);
      onCreated(result.guestCode);
    } catch (e) {
      if (!sessionEndedBy(e)) setError(serverError(e));
    } finally {
      setBusy(false);
    }
  };

  const crossesMidnight = type === 'recurring' && from && until && until < from;

  return (
    <form className="card guest-form" aria-labelledby={titleId} onSubmit={submit} noValidate>
      <h2 id={titleId}>Create guest code</h2>
      <p className="muted small">The code is chosen at random for your guest. They get a link — no app needed.</p>
      <fieldset className="types">
        <legend>Type</legend>
        {types.map((t) => (
          <TypeOption key={t} type={t} checked={type === t} onChange={() => setType(t)} />
        ))}
      </fieldset>
      <label>
        Guest name
        <input
          type="text"
          required
          maxLength={100}
          autoComplete="off"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      {type !== 'delivery' && (
        <div className="two-up">
          <label>
            Phone (optional)
            <input type="tel" autoComplete="off" value={phone} onChange={(e) => setPhone(e.target.value)} />
          </label>
          <label>
            Email (optional)
            <input type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
        </div>
      )}
      {type !== 'delivery' && (phone.trim() || email.trim()) && (
        <p className="muted small">We'll send them the link.</p>
      )}

      {type === 'temporary' && (
        <div className="two-up">
          <label>
            Starts
            <input
              type="datetime-local"
              required
              value={period.start}
              onChange={(e) => setPeriod((w) => ({ ...w, start: e.target.value }))}
            />
          </label>
          <label>
            Ends
            <input
              type="datetime-local"
              required
              value={period.end}
              onChange={(e) => setPeriod((w) => ({ ...w, end: e.target.value }))}
            />
          </label>
        </div>
      )}

      {type === 'recurring' && (
        <>
          <fieldset className="days">
            <legend>Days</legend>
            <div className="day-chips">
              {WEEKDAYS.map(([key, label]) => (
                <button
                  key={key}
                  type="button"
                  className="day-chip"
                  aria-pressed={days.includes(key)}
                  onClick={() => setDays((d) => (d.includes(key) ? d.filter((x) => x !== key) : [...d, key]))}
                >
                  {label}
                </button>
              ))}
            </div>
          </fieldset>
          <div className="two-up">
            <label>
              From
              <input type="time" required value={from} onChange={(e) => setFrom(e.target.value)} />
            </label>
            <label>
              Until
              <input type="time" required value={until} onChange={(e) => setUntil(e.target.value)} />
            </label>
          </div>
          {crossesMidnight && <p className="muted small">Ends the next morning.</p>}
          <div className="two-up">
            <label>
              First day (optional)
              <input type="date" value={firstDay} onChange={(e) => setFirstDay(e.target.value)} />
            </label>
            <label>
              Last day (optional)
              <input type="date" value={lastDay} onChange={(e) => setLastDay(e.target.value)} />
            </label>
          </div>
        </>
      )}

      {type === 'delivery' && (
        <p className="muted small">
          Works for {settings.deliveryCodeHours} {settings.deliveryCodeHours === 1 ? 'hour' : 'hours'}, and stops{' '}
          {settings.deliveryGraceMinutes} minutes after the courier first uses it. Opens the{' '}
          {settings.deliveryToUnitDoors ? 'community doors and your door' : 'community doors (not your home)'}.
        </p>
      )}
      {(type === 'temporary' || type === 'recurring') && (
        <p className="muted small">Times are in {zoneWords(timeZone)}.</p>
      )}

      <p role="alert" className="error">
        {error ?? ''}
      </p>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create code'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function TypeOption({ type, checked, onChange }: { type: GuestType; checked: boolean; onChange: () => void }) {
  const id = useId();
  const info = GUEST_TYPE_INFO[type];
  return (
    <div className={`type-option ${checked ? 'checked' : ''}`}>
      <input
        id={id}
        type="radio"
        name="guest-type"
        value={type}
        checked={checked}
        onChange={onChange}
        aria-describedby={`${id}-hint`}
      />
      <label htmlFor={id}>{info.label}</label>
      <span id={`${id}-hint`} className="muted small">
        {info.hint}
      </span>
    </div>
  );
}
