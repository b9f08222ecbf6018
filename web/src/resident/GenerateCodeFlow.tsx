/**
 * Generate a Code: choose 4 or 6 digits (6 only where the community allows), then Generate — one tap when only
 * one length is allowed — then watch the new code reach each door.
 */
import { useState } from 'react';
import { api, type Card, type CardResponse, type GenerateBody } from '../api.ts';
import { useFocusOnStep } from '../shared/useFocusOnStep.ts';
import { ChangeProgress } from './ChangeProgress.tsx';
import { codeChangeError } from './codeMessages.ts';
import { useResident } from './residentContext.ts';

export function GenerateCodeFlow({
  card,
  onDone,
  hadCodeOnDoors = true,
}: {
  card: Card;
  onDone: () => void;
  hadCodeOnDoors?: boolean;
}) {
  const { applyCard, sessionEndedBy } = useResident();
  const lengths = ([4, 6] as const).filter((length) => card.allowed.generateLengths.includes(length));
  const [length, setLength] = useState<4 | 6>(
    lengths.includes(card.code.length as 4 | 6) ? (card.code.length as 4 | 6) : (lengths[0] ?? 4),
  );
  const [target, setTarget] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { ref, focusError } = useFocusOnStep<HTMLDivElement>(target ? 'progress' : 'choose');

  if (target)
    return (
      <div ref={ref}>
        <ChangeProgress card={card} target={target} onDone={onDone} hadCodeOnDoors={hadCodeOnDoors} />
      </div>
    );

  const generate = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await api<CardResponse>('POST', `/me/access/cards/${card.id}/generate`, {
        length,
      } satisfies GenerateBody);
      applyCard(result.card);
      setTarget(result.card.pendingCode ?? result.card.code);
    } catch (e) {
      if (sessionEndedBy(e)) return;
      setError(codeChangeError(e, length));
      focusError();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="flow" ref={ref}>
      <p>
        Get a new random code for {card.scope === 'home' ? 'your home' : 'the community doors'}.{' '}
        {hadCodeOnDoors && 'Your current code keeps working on each door until that door has the new one.'}
      </p>
      {lengths.length > 1 ? (
        <fieldset className="choice">
          <legend>How many digits?</legend>
          <div className="choice-buttons">
            {lengths.map((option) => (
              <label key={option} className="big-choice">
                <input
                  type="radio"
                  name="generate-length"
                  value={option}
                  checked={length === option}
                  onChange={() => setLength(option)}
                />
                {option} digits
              </label>
            ))}
          </div>
        </fieldset>
      ) : (
        <p className="muted small">
          Your new code has {length} digits.{' '}
          {!lengths.includes(6) && '6-digit codes are not turned on in your community.'}
        </p>
      )}
      <div className="actions">
        {/* biome-ignore lint/a11y/noAutofocus: the step opens inside a modal sheet; its action is where focus belongs */}
        <button type="button" className="primary" onClick={generate} disabled={busy} autoFocus>
          {busy ? 'Generating…' : 'Generate'}
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
