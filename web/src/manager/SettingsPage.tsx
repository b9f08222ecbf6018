import { type FormEvent, type ReactNode, useCallback, useEffect, useId, useRef, useState } from 'react';
import { api, type Settings, type SettingsPatchBody, type SettingsResponse } from '../api.ts';
import { useFailureText } from './session.ts';
import { useUnsavedChanges } from './unsavedChanges.ts';
import { useResource } from './useResource.ts';

type GuestType = Settings['guestTypes'][number];
type Editable = Omit<Settings, 'timeZone'>;

const GUEST_TYPES: { type: GuestType; label: string; effect: string }[] = [
  {
    type: 'permanent',
    label: 'Permanent',
    effect: 'Works until the resident revokes it — for household members not on the lease.',
  },
  {
    type: 'temporary',
    label: 'Temporary',
    effect: 'Works between a start and an end date-time; removed automatically after.',
  },
  {
    type: 'recurring',
    label: 'Recurring',
    effect: 'Works on chosen weekdays between chosen times — dog walkers, cleaners.',
  },
  {
    type: 'delivery',
    label: 'Delivery',
    effect: 'A one-time code for couriers; stops working after use or when it expires.',
  },
];

/** The fields whose value differs from what the server holds — PATCH sends only these. */
export function changedFields(saved: Editable, draft: Editable): SettingsPatchBody {
  const changes: SettingsPatchBody = {};
  for (const key of Object.keys(draft) as (keyof Editable)[]) {
    const before = saved[key];
    const after = draft[key];
    const same =
      Array.isArray(before) && Array.isArray(after)
        ? before.length === after.length && [...before].sort().join() === [...after].sort().join()
        : before === after;
    if (!same) (changes as Record<string, unknown>)[key] = after;
  }
  return changes;
}

function Toggle(props: { label: string; effect: string; checked: boolean; onChange: (checked: boolean) => void }) {
  const hintId = useId();
  return (
    <div className="mgr-toggle">
      <label>
        <input
          type="checkbox"
          checked={props.checked}
          aria-describedby={hintId}
          onChange={(e) => props.onChange(e.target.checked)}
        />
        <span>{props.label}</span>
      </label>
      <p id={hintId} className="mgr-hint">
        {props.effect}
      </p>
    </div>
  );
}

function NumberField(props: {
  label: string;
  effect: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  unit: string;
  onChange: (value: number) => void;
}) {
  const hintId = useId();
  const [text, setText] = useState(String(props.value));
  useEffect(() => setText(String(props.value)), [props.value]);
  return (
    <div className="mgr-number">
      <label>
        {props.label}
        <span className="mgr-number-row">
          <input
            type="number"
            inputMode="decimal"
            required
            min={props.min}
            max={props.max}
            step={props.step ?? 1}
            value={text}
            aria-describedby={hintId}
            onChange={(e) => {
              setText(e.target.value);
              const n = e.target.valueAsNumber;
              if (!Number.isNaN(n)) props.onChange(n);
            }}
          />
          <span className="muted">{props.unit}</span>
        </span>
      </label>
      <p id={hintId} className="mgr-hint">
        {props.effect}
      </p>
    </div>
  );
}

/** When residents' access ends on their move-out day: a local time, or the end of the day (empty). */
function MoveOutTimeField(props: { value: string | null; onChange: (value: string | null) => void }) {
  const hintId = useId();
  return (
    <div className="mgr-number">
      <label>
        Move-out time
        <span className="mgr-number-row">
          <input
            type="time"
            value={props.value ?? ''}
            aria-describedby={hintId}
            onChange={(e) => props.onChange(e.target.value || null)}
          />
        </span>
      </label>
      <p id={hintId} className="mgr-hint">
        Codes stop working at this time on a resident's move-out day (community time); empty: at the end of the day.
        Codes start working at the beginning of the move-in day.
      </p>
    </div>
  );
}

function AddressField(props: { value: string | null; onChange: (value: string | null) => void }) {
  const hintId = useId();
  return (
    <div className="mgr-number">
      <label>
        Street address
        <input
          type="text"
          autoComplete="street-address"
          maxLength={200}
          value={props.value ?? ''}
          aria-describedby={hintId}
          onChange={(e) => props.onChange(e.target.value === '' ? null : e.target.value)}
        />
      </label>
      <p id={hintId} className="mgr-hint">
        One line, as a guest should read it: shown on the page a resident shares with a guest.
      </p>
    </div>
  );
}

function Group({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset className="card mgr-fieldset">
      <legend>{legend}</legend>
      {children}
    </fieldset>
  );
}

/** The settings a manager edits: all but the time zone, which is shown, not changed here. */
function editable(settings: Settings): Editable {
  const { timeZone: _zone, ...rest } = settings;
  return rest;
}

/**
 * Community code rules: what residents may do with their own codes and their guests'. While edits are unsaved the
 * save bar sticks to the bottom of the screen, and leaving the page (or the tab) asks first.
 */
export function SettingsPage({ canEdit }: { canEdit: boolean }) {
  const resource = useResource<SettingsResponse>('/community/settings');
  const [saved, setSaved] = useState<Settings | null>(null);
  const [draft, setDraft] = useState<Settings | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** A move away from this page waiting on the manager's answer: discard the edits and go, or stay. */
  const [leaving, setLeaving] = useState<(() => void) | null>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  const failureText = useFailureText();

  const dirtyNow =
    saved !== null && draft !== null && Object.keys(changedFields(editable(saved), editable(draft))).length > 0;
  const ask = useCallback((proceed: () => void) => setLeaving(() => proceed), []);
  useUnsavedChanges(canEdit && dirtyNow, ask);
  useEffect(() => {
    if (leaving) keepRef.current?.focus();
  }, [leaving]);

  useEffect(() => {
    if (resource.data && !saved) {
      setSaved(resource.data.settings);
      setDraft(resource.data.settings);
    }
  }, [resource.data, saved]);

  if (!draft || !saved) {
    return resource.error ? (
      <p role="alert" className="error">
        {resource.error}
      </p>
    ) : (
      <p className="muted">Loading settings…</p>
    );
  }

  const changes = changedFields(editable(saved), editable(draft));
  const dirty = Object.keys(changes).length > 0;
  const count = Object.keys(changes).length;

  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => {
    setDraft({ ...draft, [key]: value });
    setStatus(null);
  };
  const setGuestType = (type: GuestType, on: boolean) =>
    set(
      'guestTypes',
      on
        ? GUEST_TYPES.map((g) => g.type).filter((t) => t === type || draft.guestTypes.includes(t))
        : draft.guestTypes.filter((t) => t !== type),
    );

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setStatus(null);
    if (!dirty) {
      setStatus('Nothing to save — no setting was changed.');
      return;
    }
    setBusy(true);
    try {
      const result = await api<SettingsResponse>('PATCH', '/community/settings', changes);
      setSaved(result.settings);
      setDraft(result.settings);
      setLeaving(null);
      setStatus('Saved');
    } catch (e) {
      setError(failureText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={save} aria-label="Community settings" className="mgr-settings">
      <p className="muted">
        Existing codes keep working when you change these rules; new rules apply to the next change. Times are in the
        community’s time zone, <strong>{saved.timeZone}</strong>.
      </p>
      {!canEdit && <p className="muted">Only managers can change these settings.</p>}
      <fieldset disabled={!canEdit || busy} className="mgr-plain">
        <Group legend="Community">
          <AddressField value={draft.address} onChange={(v) => set('address', v)} />
        </Group>
        <Group legend="Residents’ own codes">
          <Toggle
            label="Custom codes"
            effect="Residents can pick their own home code. Community doors always use generated codes."
            checked={draft.customCodes}
            onChange={(v) => set('customCodes', v)}
          />
          <Toggle
            label="6-digit codes"
            effect="Residents can choose 6 digits as well as 4 when they generate or pick a code."
            checked={draft.sixDigitCodes}
            onChange={(v) => set('sixDigitCodes', v)}
          />
          <Toggle
            label="Block common PINs"
            effect="Refuses the most widely used PINs when a resident picks a code. Generated codes are never common."
            checked={draft.blockCommonPins}
            onChange={(v) => set('blockCommonPins', v)}
          />
        </Group>
        <Group legend="Guest codes residents may create">
          <p className="mgr-hint">Guest codes are always generated by Keyway; residents never choose their digits.</p>
          {GUEST_TYPES.map((g) => (
            <Toggle
              key={g.type}
              label={g.label}
              effect={g.effect}
              checked={draft.guestTypes.includes(g.type)}
              onChange={(v) => setGuestType(g.type, v)}
            />
          ))}
          <NumberField
            label="Max guest codes per resident"
            effect="How many scheduled or active guest codes one resident may hold at once."
            value={draft.maxGuestCodesPerResident}
            min={0}
            max={1000}
            unit="codes"
            onChange={(v) => set('maxGuestCodesPerResident', v)}
          />
        </Group>
        <Group legend="Delivery codes">
          <NumberField
            label="Delivery code lifetime"
            effect="An unused delivery code stops working this long after it is created."
            value={draft.deliveryCodeHours}
            min={0.25}
            max={168}
            step={0.25}
            unit="hours"
            onChange={(v) => set('deliveryCodeHours', v)}
          />
          <NumberField
            label="Delivery grace"
            effect="After its first use a delivery code keeps working this long, so a courier who steps out can get back in."
            value={draft.deliveryGraceMinutes}
            min={0}
            max={1440}
            unit="minutes"
            onChange={(v) => set('deliveryGraceMinutes', v)}
          />
          <Toggle
            label="Delivery codes open unit doors too"
            effect="When off, delivery codes open community doors and package rooms only."
            checked={draft.deliveryToUnitDoors}
            onChange={(v) => set('deliveryToUnitDoors', v)}
          />
        </Group>
        <Group legend="Leases">
          <MoveOutTimeField value={draft.moveOutTime} onChange={(v) => set('moveOutTime', v)} />
        </Group>
        <Group legend="Lock verification">
          <NumberField
            label="Verify each lock every"
            effect="Keyway reads every hub lock back this often (spread out, so a building's locks are not read at once) and restores codes a lock lost or that were changed at the lock. Bluetooth locks are checked at every phone visit. Each read is radio traffic for a battery lock: hourly suits most properties."
            value={draft.verifyIntervalMinutes}
            min={1}
            max={1440}
            unit="minutes"
            onChange={(v) => set('verifyIntervalMinutes', v)}
          />
        </Group>
      </fieldset>
      {canEdit && (
        <section className={`mgr-actions mgr-savebar${dirty ? ' mgr-savebar-dirty' : ''}`} aria-label="Save settings">
          {leaving && dirty && (
            <div className="mgr-leave" role="alert">
              <p>
                Leave without saving? Your {count} unsaved change{count === 1 ? '' : 's'} will be lost.
              </p>
              <button
                type="button"
                className="danger"
                onClick={() => {
                  const proceed = leaving;
                  setLeaving(null);
                  setDraft(saved);
                  proceed();
                }}
              >
                Discard changes
              </button>
              <button type="button" ref={keepRef} onClick={() => setLeaving(null)}>
                Keep editing
              </button>
            </div>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save'}
          </button>
          <button
            type="button"
            disabled={busy || !dirty}
            onClick={() => {
              setDraft(saved);
              setLeaving(null);
              setStatus(null);
              setError(null);
            }}
          >
            Undo changes
          </button>
          {dirty && !busy && (
            <span className="muted small">
              {count} unsaved change{count === 1 ? '' : 's'}
            </span>
          )}
          <p role="status" className="mgr-status">
            {status}
          </p>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
        </section>
      )}
    </form>
  );
}
