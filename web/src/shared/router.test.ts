import { describe, expect, it, vi } from 'vitest';
import { createRouter, type RouterWindow, routeName } from './router.ts';

/** A browser's session history, enough of it: entries, push/replace, and a back() that lands later. */
class FakeWindow implements RouterWindow {
  entries: { state: unknown; url: string }[];
  index = 0;
  private listeners: Record<string, (() => void)[]> = { popstate: [], hashchange: [] };
  private traversals: (() => void)[] = [];

  constructor(url = '/') {
    this.entries = [{ state: null, url }];
  }
  get location() {
    const url = new URL(this.entries[this.index]?.url ?? '/', 'http://app');
    return { pathname: url.pathname, search: url.search, hash: url.hash };
  }
  get history() {
    return {
      state: this.entries[this.index]?.state ?? null,
      pushState: (state: unknown, _: string, url = this.location.pathname) => {
        this.entries = [...this.entries.slice(0, this.index + 1), { state, url }];
        this.index += 1;
      },
      replaceState: (state: unknown, _: string, url = this.location.pathname) => {
        this.entries[this.index] = { state, url };
      },
      back: () => this.traversals.push(() => this.go(-1)),
    };
  }
  addEventListener(type: 'popstate' | 'hashchange', listener: () => void) {
    this.listeners[type]?.push(listener);
  }
  /** The person presses Back or Forward. */
  go(delta: number) {
    if (!this.entries[this.index + delta]) return;
    this.index += delta;
    for (const listener of this.listeners.popstate ?? []) listener();
  }
  /** Queued traversals (the app's own back()) happen, as the browser does a moment later. */
  settle() {
    for (const step of this.traversals.splice(0)) step();
  }
  urls() {
    return this.entries.map((e) => e.url);
  }
}

describe('router: tabs are history entries', () => {
  it('navigate pushes an entry; Back returns to the previous tab and tells subscribers', () => {
    const win = new FakeWindow('/');
    const router = createRouter(win);
    const moved = vi.fn();
    router.subscribe(moved);

    router.navigate('/guests');
    router.navigate('/activity');
    expect(win.urls()).toEqual(['/', '/guests', '/activity']);
    expect(router.path()).toBe('/activity');

    win.go(-1);
    expect(router.path()).toBe('/guests');
    expect(moved).toHaveBeenCalledTimes(3);
  });

  it('the tab already shown adds no entry; replace corrects the address in place', () => {
    const win = new FakeWindow('/guests');
    const router = createRouter(win);
    router.navigate('/guests');
    expect(win.urls()).toEqual(['/guests']);
    router.navigate('/manager/settings', { replace: true });
    expect(win.urls()).toEqual(['/manager/settings']);
  });

  it('a subscriber that unsubscribed hears nothing more', () => {
    const win = new FakeWindow('/');
    const router = createRouter(win);
    const moved = vi.fn();
    const stop = router.subscribe(moved);
    stop();
    router.navigate('/guests');
    expect(moved).not.toHaveBeenCalled();
  });
});

describe('router: sheets are history entries', () => {
  it('Back closes an open sheet and stays on the tab', () => {
    const win = new FakeWindow('/');
    const router = createRouter(win);
    router.navigate('/guests');
    const onBack = vi.fn();
    router.openSheet(onBack);
    expect(win.urls()).toEqual(['/', '/guests', '/guests']);

    win.go(-1);
    expect(onBack).toHaveBeenCalledOnce();
    expect(router.path()).toBe('/guests');
    win.go(-1);
    expect(router.path()).toBe('/');
    expect(onBack).toHaveBeenCalledOnce();
  });

  it('a sheet the app closes takes its entry off, so the next Back goes to the previous tab', () => {
    const win = new FakeWindow('/');
    const router = createRouter(win);
    router.navigate('/guests');
    const onBack = vi.fn();
    const close = router.openSheet(onBack);
    close();
    win.settle();
    expect(win.index).toBe(1);
    expect(onBack).not.toHaveBeenCalled();
    win.go(-1);
    expect(router.path()).toBe('/');
  });

  it('a move right after the app closes a sheet waits for the sheet entry to go (no landing on a stale entry)', () => {
    const win = new FakeWindow('/');
    const router = createRouter(win);
    const close = router.openSheet(() => undefined);
    close();
    router.navigate('/activity');
    expect(win.urls()).toEqual(['/', '/']); // not pushed yet: the back() is still on its way
    win.settle();
    expect(win.urls()).toEqual(['/', '/activity']);
    expect(router.path()).toBe('/activity');
  });

  it('a sheet closed and opened again at once (React StrictMode) leaves exactly one entry', () => {
    const win = new FakeWindow('/');
    const router = createRouter(win);
    router.openSheet(() => undefined)();
    const onBack = vi.fn();
    router.openSheet(onBack);
    win.settle();
    expect(win.urls()).toEqual(['/', '/']);
    expect(win.index).toBe(1);
    win.go(-1);
    expect(onBack).toHaveBeenCalledOnce();
  });

  it('with a sheet over a sheet, Back closes only the top one', () => {
    const win = new FakeWindow('/');
    const router = createRouter(win);
    const lower = vi.fn();
    const upper = vi.fn();
    router.openSheet(lower);
    router.openSheet(upper);
    win.go(-1);
    expect(upper).toHaveBeenCalledOnce();
    expect(lower).not.toHaveBeenCalled();
    win.go(-1);
    expect(lower).toHaveBeenCalledOnce();
  });

  it('closing a sheet that Back already closed does nothing more', () => {
    const win = new FakeWindow('/');
    const router = createRouter(win);
    router.navigate('/guests');
    const close = router.openSheet(() => undefined);
    win.go(-1);
    close();
    win.settle();
    expect(router.path()).toBe('/guests');
    expect(win.index).toBe(1);
  });
});

describe('router: a page with unsaved edits guards Back and Forward', () => {
  it('Back stays on the page and asks; Stay keeps it, Discard goes where Back went', () => {
    const win = new FakeWindow('/manager/locks');
    const router = createRouter(win);
    const moved = vi.fn();
    router.subscribe(moved);
    router.navigate('/manager/settings');
    moved.mockClear();
    const asks: (() => void)[] = [];
    const release = router.guardLeave((proceed) => asks.push(proceed));

    win.go(-1);
    expect(asks).toHaveLength(1);
    expect(router.path()).toBe('/manager/settings');
    expect(moved).not.toHaveBeenCalled();

    // Stay: nothing more happens; Back again asks again.
    win.go(-1);
    expect(asks).toHaveLength(2);
    expect(router.path()).toBe('/manager/settings');

    // Discard: the move Back asked for happens.
    asks[1]?.();
    win.settle();
    expect(router.path()).toBe('/manager/locks');
    expect(moved).toHaveBeenCalled();
    release();
  });

  it('Forward is guarded the same way; released, Back leaves at once', () => {
    const win = new FakeWindow('/manager/settings');
    const router = createRouter(win);
    router.navigate('/manager/locks');
    win.go(-1);
    expect(router.path()).toBe('/manager/settings');
    const asks: (() => void)[] = [];
    const release = router.guardLeave((proceed) => asks.push(proceed));
    win.go(1);
    expect(asks).toHaveLength(1);
    expect(router.path()).toBe('/manager/settings');
    asks[0]?.();
    win.settle();
    expect(router.path()).toBe('/manager/locks');

    release();
    win.go(-1);
    expect(router.path()).toBe('/manager/settings');
    win.go(-1);
    expect(router.path()).toBe('/manager/settings');
  });

  it('closing a sheet over the page is not leaving it', () => {
    const win = new FakeWindow('/manager/settings');
    const router = createRouter(win);
    const asks: (() => void)[] = [];
    router.guardLeave((proceed) => asks.push(proceed));
    const onBack = vi.fn();
    router.openSheet(onBack);
    win.go(-1);
    expect(onBack).toHaveBeenCalledOnce();
    expect(asks).toHaveLength(0);
  });
});

describe('routeName: the page a location names', () => {
  const TABS = ['access', 'guests', 'activity'] as const;
  it.each([
    ['/', '', 'access'],
    ['/guests', '', 'guests'],
    ['/activity/', '', 'activity'],
    ['/nowhere', '', 'access'],
    ['/', 'guests', 'guests'], // an old #guests link
    ['/', 'token-abc', 'access'],
  ])('%s #%s → %s', (path, hash, expected) => {
    expect(routeName(TABS, 'access', { path, hash })).toBe(expected);
  });

  it('reads below a prefix', () => {
    const PAGES = ['settings', 'locks'] as const;
    expect(routeName(PAGES, 'settings', { path: '/manager/locks', hash: '' }, '/manager/')).toBe('locks');
    expect(routeName(PAGES, 'settings', { path: '/locks', hash: '' }, '/manager/')).toBe('settings');
    expect(routeName(PAGES, 'settings', { path: '/manager/locks', hash: 'settings' }, '/manager/')).toBe('settings');
  });
});
