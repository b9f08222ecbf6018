// @vitest-environment happy-dom
import { act, createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { expect, it, vi } from 'vitest';
import { hasUnsavedChanges, leavePage, useUnsavedChanges } from './unsavedChanges.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function Form({ dirty, ask }: { dirty: boolean; ask: (proceed: () => void) => void }) {
  useUnsavedChanges(dirty, ask);
  return null;
}

const unloadPrevented = () => {
  const event = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
};

it('leaving goes through the page only while it holds unsaved edits', () => {
  const root = createRoot(document.createElement('div'));
  const ask = vi.fn();
  const proceed = vi.fn();

  act(() => root.render(createElement(Form, { dirty: false, ask })));
  leavePage(proceed);
  expect(proceed).toHaveBeenCalledTimes(1);
  expect(unloadPrevented()).toBe(false);

  act(() => root.render(createElement(Form, { dirty: true, ask })));
  expect(hasUnsavedChanges()).toBe(true);
  leavePage(proceed);
  expect(proceed).toHaveBeenCalledTimes(1);
  expect(ask).toHaveBeenCalledWith(proceed);
  expect(unloadPrevented()).toBe(true);

  act(() => root.unmount());
  expect(hasUnsavedChanges()).toBe(false);
  expect(unloadPrevented()).toBe(false);
  leavePage(proceed);
  expect(proceed).toHaveBeenCalledTimes(2);
});
