/**
 * A code on screen, masked (•••• of the right length) with a button to reveal it and hide it again; the
 * "Show codes" setting shows every code unmasked. The digits stay out of the page while masked.
 */
import { useState } from 'react';
import { maskCode, useShowCodes } from '../shared/showCodes.ts';

export interface MaskedCodeProps {
  code: string;
  /** What the code is, lower case, for the reveal button: "your Home code" → "Show your Home code". */
  label: string;
  small?: boolean;
  testId?: string;
  /** Controlled reveal, for a card whose pending code shows and hides with its code. */
  revealed?: boolean;
  onRevealedChange?: (revealed: boolean) => void;
}

export function MaskedCode({ code, label, small = false, testId, ...controlled }: MaskedCodeProps) {
  const showAll = useShowCodes();
  const [own, setOwn] = useState(false);
  const revealed = controlled.revealed ?? own;
  const setRevealed = (next: boolean) => (controlled.onRevealedChange ?? setOwn)(next);
  const visible = showAll || revealed;
  return (
    <div className="masked-code">
      <p className={`code${small ? ' code-small' : ''}${visible ? '' : ' masked'}`} data-testid={testId}>
        {visible ? (
          code
        ) : (
          <>
            <span aria-hidden="true">{maskCode(code)}</span>
            <span className="sr-only">{code.length} digits, hidden</span>
          </>
        )}
      </p>
      {!showAll && (
        <button
          type="button"
          className="link-button small reveal"
          aria-label={`${revealed ? 'Hide' : 'Show'} ${label}`}
          onClick={() => setRevealed(!revealed)}
        >
          {revealed ? 'Hide' : 'Show'}
        </button>
      )}
    </div>
  );
}
