/**
 * The app's places on the History API. A tab or page is a path (`/guests`, `/manager/locks`), so a reload or a
 * bookmark opens it (the server answers app paths with index.html); an open sheet is a history entry of its own
 * on the same path, so Back closes the sheet before it leaves the tab, and never the app.
 *
 * When the app closes a sheet itself (Close, Escape, done) it takes the sheet's entry back off the history. That
 * `back()` is asynchronous: anything pushed meanwhile waits for it, or the traversal would land on the wrong entry.
 */
import { useSyncExternalStore } from 'react';

/** What the router needs of `window` (tests hand it a fake). */
export interface RouterWindow {
  readonly location: { readonly pathname: string; readonly search: string; readonly hash: string };
  readonly history: {
    readonly state: unknown;
    pushState(data: unknown, unused: string, url?: string): void;
    replaceState(data: unknown, unused: string, url?: string): void;
    back(): void;
  };
  addEventListener(type: 'popstate' | 'hashchange', listener: () => void): void;
}

export interface Router {
  /** The path and fragment now (the fragment without `#`). */
  path(): string;
  hash(): string;
  /** Go to an app path: a new history entry, or in place with `replace` (for correcting an address). */
  navigate(path: string, options?: { replace?: boolean }): void;
  /** Called on every move (Back, Forward, navigate, a `#` link); returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** A sheet opens: it gets its own entry, and `onBack` runs if Back leaves that entry. Returns its close. */
  openSheet(onBack: () => void): () => void;
  /**
   * While set, Back or Forward to another path does not leave: the page stays (its entry is put back) and `ask`
   * decides; its `proceed` then makes the move. Returns the release.
   */
  guardLeave(ask: (proceed: () => void) => void): () => void;
}

export function createRouter(win: RouterWindow): Router {
  const listeners = new Set<() => void>();
  const openSheets = new Map<number, () => void>();
  let lastSheetId = 0;
  let pendingBacks = 0;
  const waiting: (() => void)[] = [];

  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  const whenSettled = (step: () => void) => {
    if (pendingBacks > 0) waiting.push(step);
    else step();
  };
  const here = () => win.location.pathname + win.location.search + win.location.hash;
  let guard: ((proceed: () => void) => void) | null = null;
  /** Where the app is showing (the entry the person left when a popstate arrives), for putting it back. */
  let shown = { url: here(), path: win.location.pathname, state: win.history.state };
  const remember = () => {
    shown = { url: here(), path: win.location.pathname, state: win.history.state };
  };

  win.addEventListener('popstate', () => {
    if (pendingBacks === 0 && guard && win.location.pathname !== shown.path) {
      // Unsaved edits on this page: put its entry back and let the page ask. A "Discard" goes where Back went.
      // The page's entry goes after the one Back (or Forward) reached, so `back()` always returns there.
      const ask = guard;
      win.history.pushState(shown.state, '', shown.url);
      ask(() => {
        pendingBacks += 1;
        win.history.back();
      });
      return;
    }
    if (pendingBacks > 0) {
      // Our own back() from closing a sheet: nothing else to close.
      pendingBacks -= 1;
      if (pendingBacks === 0) for (const step of waiting.splice(0)) step();
    } else {
      // The person went Back (or Forward): every sheet opened after the entry we are on now closes.
      const onEntry = sheetOf(win.history.state);
      for (const [id, onBack] of [...openSheets].reverse()) {
        if (id <= onEntry) continue;
        openSheets.delete(id);
        onBack();
      }
    }
    remember();
    notify();
  });
  win.addEventListener('hashchange', () => {
    remember();
    notify();
  });

  return {
    path: () => win.location.pathname,
    hash: () => win.location.hash.replace(/^#/, ''),
    navigate(path, options = {}) {
      whenSettled(() => {
        if (win.location.pathname === path && !win.location.hash && !options.replace) return;
        if (options.replace) win.history.replaceState(null, '', path);
        else win.history.pushState(null, '', path);
        remember();
        notify();
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    openSheet(onBack) {
      lastSheetId += 1;
      const id = lastSheetId;
      openSheets.set(id, onBack);
      whenSettled(() => {
        if (openSheets.has(id)) win.history.pushState({ sheet: id }, '', here());
        remember();
      });
      return () => {
        if (!openSheets.delete(id)) return; // Back already closed it, and took its entry with it
        if (sheetOf(win.history.state) !== id) return;
        pendingBacks += 1;
        win.history.back();
      };
    },
    guardLeave(ask) {
      guard = ask;
      return () => {
        if (guard === ask) guard = null;
      };
    },
  };
}

function sheetOf(state: unknown): number {
  const sheet = (state as { sheet?: unknown } | null)?.sheet;
  return typeof sheet === 'number' ? sheet : 0;
}

/**
 * The name after `prefix` in a path (`/manager/locks` → `locks`), or the fragment when it is one of the names
 * (old `#guests` links and bookmarks still land), else the fallback.
 */
export function routeName<T extends string>(
  names: readonly T[],
  fallback: T,
  at: { path: string; hash: string },
  prefix = '/',
): T {
  const known = (name: string): name is T => (names as readonly string[]).includes(name);
  if (known(at.hash)) return at.hash;
  if (!at.path.startsWith(prefix)) return fallback;
  const name = at.path.slice(prefix.length).replace(/\/+$/, '');
  return known(name) ? name : fallback;
}

let shared: Router | undefined;

/** The router of this page. */
export function appRouter(): Router {
  shared ??= createRouter(window);
  return shared;
}

/** The current path and fragment, re-rendering on every move. */
export function useLocation(router: Router = appRouter()): { path: string; hash: string } {
  const path = useSyncExternalStore(router.subscribe, router.path);
  const hash = useSyncExternalStore(router.subscribe, router.hash);
  return { path, hash };
}
