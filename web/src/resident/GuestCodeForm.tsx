/**
 * Create a guest code. Only the community's enabled types are offered; the digits are always generated.
 * Times are typed as wall-clock times in the community's time zone and sent as instants with an offset.
 */
import { type FormEvent, useId, useState } from 'react';
import { Temporal } from 'temporal-polyfill';
import { ApiError, api, type GuestCode, type GuestCodeResponse, type Settings } from '../api.ts';
import { zoneWords } from '../shared/time.ts';
import { useFocusOnStep } from '../shared/useFocusOnStep.ts';
import { GUEST_TYPE_INFO, WEEKDAYS } from './guestWords.ts';
import { useResident } from './residentContext.ts';

type GuestType = GuestCode['type'];
/** The field a refusal is about: it is marked invalid, described by the message, and gets the focus. */
type Field = 'name' | 'period' | 'days' | 'hours' | 'lastDay';
interface Problem {
  message: string;
  field?: Field;
}

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
  const [error, setError] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const errorId = useId();
  // The form opens on a tap of New guest code: focus moves into it, to the chosen type.
  const { ref, focusError } = useFocusOnStep<HTMLFormElement>('form', { onMount: true });

  if (!type) return <p className="muted">Your community does not offer guest codes.</p>;

  const invalid = (field: Field) =>
    error?.field === field ? { 'aria-invalid': true as const, 'aria-describedby': errorId } : {};

  const check = (): Problem | CreateBody => {
    const trimmed = name.trim();
    if (!trimmed) return { message: "Enter your guest's name.", field: 'name' };
    const body: CreateBody = { type, name: trimmed };
    if (phone.trim()) body.phone = phone.trim();
    if (email.trim()) body.email = email.trim();
    if (type === 'temporary') {
      if (!period.start || !period.end) return { message: 'Choose when the code starts and ends.', field: 'period' };
      body.startsAt = wallTimeToInstant(period.start, timeZone);
      body.endsAt = wallTimeToInstant(period.end, timeZone);
      if (Temporal.Instant.compare(Temporal.Instant.from(body.endsAt), Temporal.Instant.from(body.startsAt)) <= 0)
        return { message: 'The end must be after the start.', field: 'period' };
    }
    if (type === 'recurring') {
      if (days.length === 0) return { message: 'Choose at least one day.', field: 'days' };
      if (!from || !until) return { message: 'Choose the hours when the code works.', field: 'hours' };
      if (from === until)
        return { message: 'The code needs some hours to work: choose a different end time.', field: 'hours' };
      body.schedule = { days: WEEKDAYS.map(([key]) => key).filter((d) => days.includes(d)), start: from, end: until };
      if (firstDay) body.startsAt = dayStart(firstDay, timeZone);
      if (lastDay) body.endsAt = dayStart(lastDay, timeZone, 1);
      if (firstDay && lastDay && lastDay < firstDay)
        return { message: 'The last day must be on or after the first day.', field: 'lastDay' };
    }
    return body;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = check();
    if ('message' in body) {
      setError(body);
      focusError();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await api<GuestCodeResponse>('POST', '/me/guest-codes', body);
      onCreated(result.guestCode);
    } catch (e) {
      if (sessionEndedBy(e)) return;
      setError({ message: serverError(e) });
      focusError();
    } finally {
      setBusy(false);
    }
  };

  const crossesMidnight = type === 'recurring' && from && until && until < from;

  return (
    <form ref={ref} className="card guest-form" aria-labelledby={titleId} onSubmit={submit} noValidate>
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
          {...invalid('name')}
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
              {...invalid('period')}
              value={period.start}
              onChange={(e) => setPeriod((w) => ({ ...w, start: e.target.value }))}
            />
          </label>
          <label>
            Ends
            <input
              type="datetime-local"
              required
              {...invalid('period')}
              value={period.end}
              onChange={(e) => setPeriod((w) => ({ ...w, end: e.target.value }))}
            />
          </label>
        </div>
      )}

      {type === 'recurring' && (
        <>
          <fieldset className="days" aria-describedby={error?.field === 'days' ? errorId : undefined}>
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
              <input
                type="time"
                required
                {...invalid('hours')}
                value={from}
                onChange={(e) => setFrom(e.target.value)}
              />
            </label>
            <label>
              Until
              <input
                type="time"
                required
                {...invalid('hours')}
                value={until}
                onChange={(e) => setUntil(e.target.value)}
              />
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
              <input type="date" {...invalid('lastDay')} value={lastDay} onChange={(e) => setLastDay(e.target.value)} />
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

      <p id={errorId} role="alert" className="error">
        {error?.message ?? ''}
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

/** A radio card: the label is the whole tile, so a tap anywhere on it (not only on the dot or the word) chooses. */
function TypeOption({ type, checked, onChange }: { type: GuestType; checked: boolean; onChange: () => void }) {
  const id = useId();
  const info = GUEST_TYPE_INFO[type];
  return (
    <label className={`type-option ${checked ? 'checked' : ''}`}>
      <input
        type="radio"
        name="guest-type"
        value={type}
        checked={checked}
        onChange={onChange}
        aria-labelledby={`${id}-name`}
        aria-describedby={`${id}-hint`}
      />
      <span id={`${id}-name`} className="type-name">
        {info.label}
      </span>
      <span id={`${id}-hint`} className="muted small">
        {info.hint}
      </span>
    </label>
  );
}
