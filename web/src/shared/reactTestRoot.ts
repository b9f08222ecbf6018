/**
 * For component tests under happy-dom: a fresh element and React root for every test, unmounted after it.
 * `const dom = reactTestRoot();` at the top of a test file, then `act(() => dom.root.render(…))` and `dom.host`.
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach } from 'vitest';

export function reactTestRoot(): { host: HTMLElement; root: Root } {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  const dom = {} as { host: HTMLElement; root: Root };
  beforeEach(() => {
    dom.host = document.createElement('div');
    document.body.append(dom.host);
    dom.root = createRoot(dom.host);
  });
  afterEach(() => {
    act(() => dom.root.unmount());
    dom.host.remove();
  });
  return dom;
}
