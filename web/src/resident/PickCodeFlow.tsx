/**
 * Pick a Code: a short explanation → Continue → 4 or 6 digits → type the PIN → Update. Rule breaks are
 * explained while typing (same rules as the server) and again if the server refuses the code.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError, api, type Card, type CardResponse, type PickBody } from '../api.ts';
import { useFocusOnStep } from '../shared/useFocusOnStep.ts';
import { ChangeProgress } from './ChangeProgress.tsx';
import { codeChangeError, pinProblem, retryAfterSeconds } from './codeMessages.ts';
import { useResident } from './residentContext.ts';

type Step =
  | { name: 'intro' }
  | { name: 'length' }
  | { name: 'enter'; length: 4 | 6 }
  | { name: 'progress'; target: string };

export function PickCodeFlow({
  card,
  onDone,
  hadCodeOnDoors = true,
}: {
  card: Card;
  onDone: () => void;
  hadCodeOnDoors?: boolean;
}) {
  const [step, setStep] = useState<Step>({ name: 'intro' });
  // Each step replaces the last one's controls: focus moves to the new step's first field.
  const { ref } = useFocusOnStep<HTMLDivElement>(step.name);
  return <div ref={ref}>{renderStep()}</div>;

  function renderStep() {
    const lengths = card.allowed.pickLengths;
    // With one length allowed there is nothing to choose: Continue goes straight to typing the code.
    const afterIntro: Step = lengths.length === 1 ? { name: 'enter', length: lengths[0] as 4 | 6 } : { name: 'length' };
    const lengthWords = lengths.length > 1 ? `${lengths.join(' or ')} digits` : `${lengths[0] ?? 4} digits`;

    switch (step.name) {
      case 'intro':
        return (
          <div className="flow">
            <p>
              Choose your own code for your home {card.doors.length === 1 ? 'door' : 'doors'}. A good code is easy for
              you to remember and hard for others to guess.
            </p>
            <ul className="rules">
              <li>Exactly {lengthWords}</li>
              <li>Not one number repeated, like 1111</li>
              <li>Not a sequence, like 1234 or 4321</li>
            </ul>
            <p className="muted small">
              Community doors (gates, lobby, amenities) always get a generated code. Guest codes are generated too.
            </p>
            <div className="actions">
              {/* biome-ignore lint/a11y/noAutofocus: the step opens inside a modal sheet; its first control is where focus belongs */}
              <button type="button" className="primary" onClick={() => setStep(afterIntro)} autoFocus data-step-field>
                Continue
              </button>
            </div>
          </div>
        );
      case 'length':
        return (
          <div className="flow">
            <fieldset className="choice">
              <legend>How many digits?</legend>
              <div className="choice-buttons">
                {([4, 6] as const)
                  .filter((length) => lengths.includes(length))
                  .map((length) => (
                    <button
                      key={length}
                      type="button"
                      className="big-choice"
                      data-step-field
                      onClick={() => setStep({ name: 'enter', length })}
                    >
                      {length} digit
                    </button>
                  ))}
              </div>
              {!lengths.includes(6) && (
                <p className="muted small">6-digit codes are not turned on in your community.</p>
              )}
            </fieldset>
          </div>
        );
      case 'enter':
        return (
          <EnterPin
            card={card}
            length={step.length}
            onBack={() => setStep(lengths.length === 1 ? { name: 'intro' } : { name: 'length' })}
            onSent={(target) => setStep({ name: 'progress', target })}
          />
        );
      case 'progress':
        return <ChangeProgress card={card} target={step.target} onDone={onDone} hadCodeOnDoors={hadCodeOnDoors} />;
    }
  }
}

function EnterPin({
  card,
  length,
  onBack,
  onSent,
}: {
  card: Card;
  length: 4 | 6;
  onBack: () => void;
  onSent: (target: string) => void;
}) {
  const { settings, applyCard, sessionEndedBy } = useResident();
  const [value, setValue] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [waitUntil, setWaitUntil] = useState<number | null>(null);
  const [, setTick] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const errorId = useId();

  useEffect(() => {
    if (waitUntil === null) return;
    const timer = setInterval(() => {
      if (Date.now() >= waitUntil) setWaitUntil(null);
      setTick((n) => n + 1);
    }, 1000);
    return () => clearInterval(timer);
  }, [waitUntil]);

  const localProblem = pinProblem(value, length, settings?.blockCommonPins ?? false, submitted);
  const message = localProblem ?? serverError;
  const waitSeconds = waitUntil === null ? 0 : Math.max(0, Math.ceil((waitUntil - Date.now()) / 1000));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setServerError(null);
    if (pinProblem(value, length, settings?.blockCommonPins ?? false, true)) {
      input.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const result = await api<CardResponse>('POST', `/me/access/cards/${card.id}/pick`, {
        code: value,
      } satisfies PickBody);
      applyCard(result.card);
      onSent(result.card.pendingCode ?? result.card.code);
    } catch (e) {
      if (sessionEndedBy(e)) return;
      if (e instanceof ApiError && e.code === 'rate_limited') setWaitUntil(Date.now() + retryAfterSeconds(e) * 1000);
      setServerError(codeChangeError(e, length));
      input.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="flow" onSubmit={submit} noValidate>
      <label>
        New code
        <input
          ref={input}
          className="pin-input"
          type="text"
          inputMode="numeric"
          autoComplete="off"
          maxLength={length}
          value={value}
          // biome-ignore lint/a11y/noAutofocus: the PIN field of a modal sheet; typing starts there
          autoFocus
          aria-invalid={message ? true : undefined}
          aria-describedby={`${hintId} ${errorId}`}
          onChange={(e) => {
            setValue(e.target.value.trim());
            setServerError(null);
            if (e.target.value.length < value.length) setSubmitted(false);
          }}
        />
      </label>
      <p id={hintId} className="muted small">
        {length} digits · {value.length} of {length} typed
      </p>
      <p id={errorId} role="alert" className="error">
        {message ?? ''}
      </p>
      {waitSeconds > 0 && <p className="muted small">You can try again in {waitSeconds} s.</p>}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || waitSeconds > 0}>
          {busy ? 'Updating…' : 'Update'}
        </button>
        <button type="button" onClick={onBack}>
          Back
        </button>
      </div>
    </form>
  );
}
