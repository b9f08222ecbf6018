import { useId, useState } from 'react';
import './account.css';
import { PASSWORD_HINT } from './accountWords.ts';

/** A new-password field with its rule as a description and a show/hide switch. */
export function NewPasswordInput({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  const hintId = useId();
  const [shown, setShown] = useState(false);
  return (
    <>
      <label>
        {label}
        <input
          type={shown ? 'text' : 'password'}
          autoComplete="new-password"
          required
          minLength={10}
          aria-describedby={hintId}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      </label>
      <p id={hintId} className="muted small">
        {PASSWORD_HINT}{' '}
        <button type="button" className="linklike" onClick={() => setShown(!shown)} aria-pressed={shown}>
          {shown ? 'Hide password' : 'Show password'}
        </button>
      </p>
    </>
  );
}
