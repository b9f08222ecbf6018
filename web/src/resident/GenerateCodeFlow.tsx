/** Generate a Code: choose 4 or 6 digits (6 only where the community allows), then watch it reach each door. */
import { useState } from 'react';
import { api, type Card, type CardResponse, type GenerateBody } from '../api.ts';
import { ChangeProgress } from './ChangeProgress.tsx';
import { codeChangeError } from './codeMessages.ts';
import { useResident } from './residentContext.ts';

export function GenerateCodeFlow({ card, onDone }: { card: Card; onDone: () => void }) {
  const { applyCard, sessionEndedBy } = useResident();
  const [target, setTarget] = useState<string | null>(null);
  const [busy, setBusy] = useState<4 | 6 | null>(null);
  const [error, setError] = useState<string | null>(null);

  if (target) return <ChangeProgress card={card} target={target} onDone={onDone} />;

  const generate = async (length: 4 | 6) => {
    setBusy(length);
    setError(null);
    try {
      const result = await api<CardResponse>('POST', `/me/access/cards/${card.id}/generate`, {
        length,
      } satisfies GenerateBody);
      applyCard(result.card);
      setTarget(result.card.pendingCode ?? result.card.code);
    } catch (e) {
      if (!sessionEndedBy(e)) setError(codeChangeError(e, length));
    } finally {
      setBusy(null);
    }
  };

  const lengths = card.allowed.generateLengths;
  return (
    <div className="flow">
      <p>
        Get a new random code for {card.scope === 'home' ? 'your home' : 'the community doors'}. Your current code keeps
        working on each door until that door has the new one.
      </p>
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
                onClick={() => generate(length)}
                disabled={busy !== null}
              >
                {busy === length ? 'Generating…' : `${length} digit`}
              </button>
            ))}
        </div>
        {!lengths.includes(6) && <p className="muted small">6-digit codes are not turned on in your community.</p>}
      </fieldset>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
