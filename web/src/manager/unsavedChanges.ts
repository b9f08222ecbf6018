/**
 * One page at a time may hold edits that are not saved (the settings form). While it does, leaving the page inside
 * the console asks that page first (it shows its own inline prompt and calls `proceed` on "Discard"), so does the
 * browser's Back or Forward button (through the router), and closing or reloading the tab gets the browser's own
 * `beforeunload` prompt.
 */
import { useEffect } from 'react';
import { appRouter } from '../shared/router.ts';

type Ask = (proceed: () => void) => void;

let guard: Ask | null = null;

/** Runs `proceed` now when nothing is unsaved; otherwise hands it to the page holding edits, which decides. */
export function leavePage(proceed: () => void): void {
  if (guard) guard(proceed);
  else proceed();
}

export function hasUnsavedChanges(): boolean {
  return guard !== null;
}

function onBeforeUnload(event: BeforeUnloadEvent) {
  event.preventDefault();
  // Older Chromium shows the prompt only when returnValue is set.
  event.returnValue = '';
}

/** While `dirty`, leaving goes through `ask`, and the browser asks before unloading the page. */
export function useUnsavedChanges(dirty: boolean, ask: Ask): void {
  useEffect(() => {
    if (!dirty) return;
    guard = ask;
    const releaseBack = appRouter().guardLeave(ask);
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      if (guard === ask) guard = null;
      releaseBack();
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [dirty, ask]);
}
