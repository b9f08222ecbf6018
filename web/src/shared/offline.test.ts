// @vitest-environment happy-dom
import { act, createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ConnectivityTracker, type ConnectivityWindow, createConnectivity, useConnectivity } from './offline.ts';
import { reactTestRoot } from './reactTestRoot.ts';

/** A window whose network the test switches, like the browser's online/offline events. */
function fakeWindow(onLine = true) {
  const target = new EventTarget();
  const win: ConnectivityWindow & { go(onLine: boolean): void } = {
    navigator: { onLine },
    addEventListener: (type, listener) => target.addEventListener(type, listener),
    removeEventListener: (type, listener) => target.removeEventListener(type, listener),
    go(next) {
      win.navigator.onLine = next;
      target.dispatchEvent(new Event(next ? 'online' : 'offline'));
    },
  };
  return win;
}

const dom = reactTestRoot();
afterEach(() => {
  vi.useRealTimers();
});

function Shown({ tracker }: { tracker: ConnectivityTracker }) {
  return createElement('p', null, useConnectivity(tracker));
}
const render = (tracker: ConnectivityTracker) => act(() => dom.root.render(createElement(Shown, { tracker })));

describe('useConnectivity', () => {
  it('follows the browser: offline on its offline event, online again on its online event', () => {
    const win = fakeWindow();
    const tracker = createConnectivity(win);
    render(tracker);
    expect(dom.host.textContent).toBe('online');
    act(() => win.go(false));
    expect(dom.host.textContent).toBe('offline');
    act(() => win.go(true));
    expect(dom.host.textContent).toBe('online');
  });

  it('starts offline when the page opens without a network', () => {
    render(createConnectivity(fakeWindow(false)));
    expect(dom.host.textContent).toBe('offline');
  });

  it('a request that got no answer makes it unreachable, the next answered one clears it', () => {
    const tracker = createConnectivity(fakeWindow());
    render(tracker);
    act(() => tracker.noteRequest(false));
    expect(dom.host.textContent).toBe('unreachable');
    act(() => tracker.noteRequest(true));
    expect(dom.host.textContent).toBe('online');
  });

  it('the browser saying offline wins over answered requests (the Bluetooth hop may answer)', () => {
    const win = fakeWindow();
    const tracker = createConnectivity(win);
    render(tracker);
    act(() => win.go(false));
    act(() => tracker.noteRequest(true));
    expect(dom.host.textContent).toBe('offline');
  });

  it('tells each comeback once, whether from offline or from unreachable', () => {
    const win = fakeWindow();
    const tracker = createConnectivity(win);
    render(tracker);
    const back = vi.fn();
    tracker.onBackOnline(back);
    act(() => win.go(false));
    act(() => win.go(true));
    expect(back).toHaveBeenCalledTimes(1);
    act(() => tracker.noteRequest(false));
    act(() => tracker.noteRequest(true));
    act(() => tracker.noteRequest(true));
    expect(back).toHaveBeenCalledTimes(2);
  });

  it('while unreachable, probes now and then and clears once Keyway answers', async () => {
    vi.useFakeTimers();
    const answers = [false, true];
    const probe = vi.fn(async () => answers.shift() ?? true);
    const tracker = createConnectivity(fakeWindow(), { probe, probeMs: 1000 });
    render(tracker);
    act(() => tracker.noteRequest(false));
    expect(dom.host.textContent).toBe('unreachable');
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(probe).toHaveBeenCalledTimes(1);
    expect(dom.host.textContent).toBe('unreachable');
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(probe).toHaveBeenCalledTimes(2);
    expect(dom.host.textContent).toBe('online');
    await act(() => vi.advanceTimersByTimeAsync(5000));
    expect(probe).toHaveBeenCalledTimes(2); // online: no more probing
  });

  it('stops listening to the window when nothing shows it', () => {
    const win = fakeWindow();
    const remove = vi.spyOn(win, 'removeEventListener');
    render(createConnectivity(win));
    act(() => dom.root.unmount());
    expect(remove.mock.calls.map(([type]) => type).sort()).toEqual(['offline', 'online']);
    dom.root = createRoot(dom.host); // for afterEach
  });
});
