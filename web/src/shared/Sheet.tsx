/**
 * A modal panel on the native <dialog>: a bottom sheet on phones, a centred dialog on wider screens.
 * The browser traps focus and closes it on Escape; clicking the backdrop closes it too. Render it only
 * while it is open: it opens itself on mount. It is a history entry while open, so Back (a phone's back
 * gesture above all) closes the sheet instead of leaving the tab.
 */
import { type ReactNode, useEffect, useId, useRef } from 'react';
import { appRouter } from './router.ts';
import './shared.css';

export interface SheetProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
}

export function Sheet({ title, onClose, children }: SheetProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseNow = useRef(onClose);
  onCloseNow.current = onClose;
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    // Closed however it closes (Back, Close, Escape, done), its history entry goes with it.
    return appRouter().openSheet(() => onCloseNow.current());
  }, []);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a click on the backdrop closes the sheet; keyboards close it with Escape (the dialog's own cancel)
    <dialog
      ref={ref}
      className="sheet"
      aria-labelledby={titleId}
      onClose={onClose}
      onClick={(event) => {
        if (event.target === ref.current) onClose();
      }}
    >
      <div className="sheet-body">
        <div className="sheet-head">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
            <CloseIcon />
          </button>
        </div>
        {children}
      </div>
    </dialog>
  );
}

function CloseIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M6 6l12 12M18 6L6 18" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" fill="none" />
    </svg>
  );
}
