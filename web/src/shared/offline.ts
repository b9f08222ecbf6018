/**
 * Whether this phone can reach Keyway: the browser's own word (`navigator.onLine` and its online/offline events)
 * and the app's experience (a request that failed for want of a network, one that got an answer). The browser
 * says "online" on a Wi-Fi without internet, so a failed request counts too; while only the requests say so, a
 * light probe looks again now and then, so the banner goes once Keyway answers.
 */
import { useSyncExternalStore } from 'react';

export type Connectivity = 'online' | 'offline' | 'unreachable';

export interface ConnectivityWindow {
  navigator: { onLine: boolean };
  addEventListener(type: 'online' | 'offline', listener: () => void): void;
  removeEventListener(type: 'online' | 'offline', listener: () => void): void;
}

export interface ConnectivityTracker {
  current(): Connectivity;
  subscribe(listener: () => void): () => void;
  /** A request got an answer (any status: the server is there) or failed for want of a network. */
  noteRequest(reached: boolean): void;
  /** Called once each time the phone comes back (offline or unreachable → online). */
  onBackOnline(listener: () => void): () => void;
}

export function createConnectivity(
  win: ConnectivityWindow,
  options: { probe?: () => Promise<boolean>; probeMs?: number } = {},
): ConnectivityTracker {
  let browserOnline = win.navigator.onLine;
  let requestsFail = false;
  let state: Connectivity = compute();
  const listeners = new Set<() => void>();
  const comebacks = new Set<() => void>();
  let probeTimer: ReturnType<typeof setTimeout> | undefined;

  function compute(): Connectivity {
    if (!browserOnline) return 'offline';
    return requestsFail ? 'unreachable' : 'online';
  }

  function update() {
    const next = compute();
    if (next === state) return;
    const cameBack = next === 'online';
    state = next;
    scheduleProbe();
    for (const listener of [...listeners]) listener();
    if (cameBack) for (const listener of [...comebacks]) listener();
  }

  // Only while the browser claims a network that requests cannot use: a real "offline" has its own event.
  function scheduleProbe() {
    clearTimeout(probeTimer);
    probeTimer = undefined;
    const probe = options.probe;
    if (state !== 'unreachable' || !probe || listeners.size === 0) return;
    probeTimer = setTimeout(() => {
      probe().then(
        (reached) => tracker.noteRequest(reached),
        () => tracker.noteRequest(false),
      );
    }, options.probeMs ?? 15_000);
  }

  const onOnline = () => {
    browserOnline = true;
    // The network is back: give requests a fresh chance rather than keep the last failure's word.
    requestsFail = false;
    update();
  };
  const onOffline = () => {
    browserOnline = false;
    update();
  };

  const tracker: ConnectivityTracker = {
    current: () => state,
    subscribe(listener) {
      if (listeners.size === 0) {
        win.addEventListener('online', onOnline);
        win.addEventListener('offline', onOffline);
        // Events missed while nobody listened.
        browserOnline = win.navigator.onLine;
        update();
      }
      listeners.add(listener);
      scheduleProbe();
      return () => {
        listeners.delete(listener);
        if (listeners.size > 0) return;
        win.removeEventListener('online', onOnline);
        win.removeEventListener('offline', onOffline);
        clearTimeout(probeTimer);
      };
    },
    noteRequest(reached) {
      if (requestsFail === !reached) {
        if (!reached) scheduleProbe(); // still failing: look again later
        return;
      }
      requestsFail = !reached;
      update();
    },
    onBackOnline(listener) {
      comebacks.add(listener);
      return () => comebacks.delete(listener);
    },
  };
  return tracker;
}

let shared: ConnectivityTracker | undefined;
const NO_WINDOW: ConnectivityWindow = {
  navigator: { onLine: true },
  addEventListener: () => undefined,
  removeEventListener: () => undefined,
};

/** This page's tracker (the app's requests report to it, see api.ts). */
export function connectivity(): ConnectivityTracker {
  // Outside a browser (unit tests of code that calls the API) there is no network to watch.
  if (typeof window === 'undefined') {
    shared ??= createConnectivity(NO_WINDOW);
    return shared;
  }
  shared ??= createConnectivity(window, {
    probe: async () => {
      try {
        await fetch('/api/v1/health', { cache: 'no-store' });
        return true;
      } catch {
        return false;
      }
    },
  });
  return shared;
}

/** Whether a failure is the network's (no answer at all), not the server's. */
export function isNetworkFailure(error: unknown): boolean {
  return error instanceof TypeError;
}

export function useConnectivity(tracker: ConnectivityTracker = connectivity()): Connectivity {
  return useSyncExternalStore(tracker.subscribe, tracker.current);
}

/** True unless the phone is offline or Keyway cannot be reached. */
export function useOnline(tracker?: ConnectivityTracker): boolean {
  return useConnectivity(tracker) === 'online';
}
