/**
 * The resident's "Show codes" setting: codes are masked on screen unless it is on. Kept in this browser's
 * localStorage (a per-device choice, like Schlage/Yale's), and shared live by every tab and every code on screen.
 */
import { useSyncExternalStore } from 'react';

const KEY = 'keyway.showCodes';
const CHANGED = 'keyway-show-codes';

function read(): boolean {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

export function setShowCodes(show: boolean): void {
  try {
    if (show) localStorage.setItem(KEY, '1');
    else localStorage.removeItem(KEY);
  } catch {
    // Storage refused (private mode): the setting lasts for this page only.
  }
  window.dispatchEvent(new Event(CHANGED));
}

function subscribe(onChange: () => void): () => void {
  const onStorage = (event: StorageEvent) => {
    if (event.key === KEY) onChange();
  };
  window.addEventListener('storage', onStorage);
  window.addEventListener(CHANGED, onChange);
  return () => {
    window.removeEventListener('storage', onStorage);
    window.removeEventListener(CHANGED, onChange);
  };
}

export function useShowCodes(): boolean {
  return useSyncExternalStore(subscribe, read, () => false);
}

/** "••••" or "••••••": as many dots as the code has digits. */
export const maskCode = (code: string): string => '•'.repeat(code.length);
