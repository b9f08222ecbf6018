import { type ReactNode, useEffect, useRef, useState } from 'react';
import './ConfirmButton.css';

export interface ConfirmButtonProps {
  /** The button's words before the first tap, e.g. "Revoke". */
  children: ReactNode;
  /** The second tap's words, e.g. "Confirm revoke". */
  confirmLabel: string;
  onConfirm: () => void | Promise<void>;
  /** What confirming does, shown beside the buttons while asking. */
  message?: ReactNode;
  /** An accessible name for the first button when its words alone are ambiguous in a list. */
  label?: string;
  disabled?: boolean;
  className?: string;
  id?: string;
}

/**
 * A destructive action that asks inline instead of through `window.confirm`: the first tap turns the button into
 * "Confirm …" and "Cancel" in place, so the question sits where the finger is, works on every phone and cannot
 * be suppressed by the browser.
 */
export function ConfirmButton(props: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const startRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);

  useEffect(() => {
    // Focus follows the question, and returns to the button when it is answered with Cancel.
    if (asking) confirmRef.current?.focus();
    else if (wasAsking.current) startRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <button
        type="button"
        ref={startRef}
        id={props.id}
        className={props.className}
        aria-label={props.label}
        disabled={props.disabled}
        onClick={() => setAsking(true)}
      >
        {props.children}
      </button>
    );
  }

  return (
    // biome-ignore lint/a11y/useSemanticElements: an inline question, not a form: a group names it for screen readers
    <span
      className="confirm-inline"
      role="group"
      aria-label={props.label ?? (typeof props.children === 'string' ? props.children : props.confirmLabel)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setAsking(false);
      }}
    >
      {props.message && <span className="confirm-message">{props.message}</span>}
      <button
        type="button"
        ref={confirmRef}
        className="danger"
        disabled={props.disabled}
        onClick={() => {
          setAsking(false);
          wasAsking.current = false; // the action decides where focus goes next
          void props.onConfirm();
        }}
      >
        {props.confirmLabel}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
