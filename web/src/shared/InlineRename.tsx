import { type FormEvent, useEffect, useRef, useState } from 'react';
import './InlineRename.css';

export interface InlineRenameProps {
  /** The name now, shown in the field to start from. */
  current: string;
  /** What is being renamed, for the button's and the field's accessible names ("unit 204", "Main Gate"). */
  what: string;
  /** Saves the new name; a rejection keeps the field open (the caller shows why). */
  onRename: (name: string) => Promise<unknown>;
  maxLength?: number;
}

/**
 * Rename in place instead of `window.prompt`: "Rename" turns into a field with Save and Cancel where the finger is,
 * so it works on every phone, can be styled and tested, and Escape or Cancel puts the button back with focus on it.
 */
export function InlineRename({ current, what, onRename, maxLength = 120 }: InlineRenameProps) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(current);
  const [busy, setBusy] = useState(false);
  const fieldRef = useRef<HTMLInputElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);

  useEffect(() => {
    if (editing) fieldRef.current?.select();
    else if (wasEditing.current) buttonRef.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  if (!editing) {
    return (
      <button
        ref={buttonRef}
        type="button"
        aria-label={`Rename ${what}`}
        onClick={() => {
          setName(current);
          setEditing(true);
        }}
      >
        Rename
      </button>
    );
  }

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const next = name.trim();
    if (next === '' || next === current) {
      setEditing(false);
      return;
    }
    setBusy(true);
    try {
      await onRename(next);
      setEditing(false);
    } catch {
      fieldRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="inline-rename"
      aria-label={`Rename ${what}`}
      onSubmit={save}
      onKeyDown={(event) => {
        if (event.key === 'Escape') setEditing(false);
      }}
    >
      <input
        ref={fieldRef}
        aria-label={`New name for ${what}`}
        value={name}
        required
        maxLength={maxLength}
        onChange={(event) => setName(event.target.value)}
      />{' '}
      <button type="submit" disabled={busy}>
        {busy ? 'Saving…' : 'Save'}
      </button>{' '}
      <button type="button" onClick={() => setEditing(false)} disabled={busy}>
        Cancel
      </button>
    </form>
  );
}
