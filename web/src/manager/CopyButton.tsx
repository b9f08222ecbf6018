import { useState } from 'react';

/**
 * Copies a one-time secret to the clipboard and says so on the button, so nobody has to select a long key by hand;
 * where the browser refuses (no permission, insecure origin) it says what to do instead.
 */
export function CopyButton({ text, label, what }: { text: string; label: string; what: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <>
      <button type="button" onClick={() => void copy()} aria-label={state === 'copied' ? `${what} copied` : label}>
        {state === 'copied' ? 'Copied ✓' : label}
      </button>
      {state === 'failed' && (
        <span role="alert" className="error small">
          {' '}
          Copying is not allowed here: select the {what.toLowerCase()} and copy it by hand.
        </span>
      )}
    </>
  );
}
