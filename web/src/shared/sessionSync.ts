/**
 * Tabs agree on who is signed in. The session is one cookie for every tab, so when one tab signs in as someone
 * else or signs out, the others must follow at once: a manager's console left open must never go on showing
 * while the cookie is a resident's. BroadcastChannel carries the news; where there is none, a `storage` event
 * on localStorage does (it fires in every other tab of the origin). The message names only who, never a token.
 */
import type { User } from '../api.ts';

export type SessionNews = { type: 'signed-in'; user: User } | { type: 'signed-out' };

interface StorageLike {
  setItem(key: string, value: string): void;
}

interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

/** Where news travels (the page's own in the app; fakes or two channels in tests). */
export interface SessionSyncDeps {
  channel?: ChannelLike | undefined;
  storage?: StorageLike | undefined;
  addStorageListener?: (listener: (event: { key: string | null; newValue: string | null }) => void) => () => void;
}

export interface SessionSync {
  /** Tells every other tab. */
  announce(news: SessionNews): void;
  /** Hears the other tabs; returns the unsubscribe. */
  listen(onNews: (news: SessionNews) => void): () => void;
}

const CHANNEL = 'keyway.session';
const STORAGE_KEY = 'keyway.session';

export function createSessionSync(deps: SessionSyncDeps): SessionSync {
  const { channel, storage, addStorageListener } = deps;
  let sent = 0;
  return {
    announce(news) {
      if (channel) channel.postMessage(news);
      // A storage event fires only when the value changes: a counter and the time keep each one new.
      else storage?.setItem(STORAGE_KEY, JSON.stringify({ ...news, sent: `${Date.now()}-${++sent}` }));
    },
    listen(onNews) {
      if (channel) {
        const onMessage = (event: { data: unknown }) => {
          const news = asNews(event.data);
          if (news) onNews(news);
        };
        channel.addEventListener('message', onMessage);
        return () => channel.removeEventListener('message', onMessage);
      }
      if (!addStorageListener) return () => undefined;
      return addStorageListener((event) => {
        if (event.key !== STORAGE_KEY || !event.newValue) return;
        const news = asNews(parse(event.newValue));
        if (news) onNews(news);
      });
    },
  };
}

/** This page's sync: BroadcastChannel when the browser has it, else the storage event. */
export function browserSessionSync(): SessionSync {
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : undefined;
  return createSessionSync({
    channel,
    storage: safeLocalStorage(),
    addStorageListener: (listener) => {
      const onStorage = (event: StorageEvent) => listener(event);
      window.addEventListener('storage', onStorage);
      return () => window.removeEventListener('storage', onStorage);
    },
  });
}

function safeLocalStorage(): StorageLike | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // storage switched off: this tab still works, it just cannot tell the others
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Only well-formed news is believed: anything else on the channel is ignored. */
function asNews(data: unknown): SessionNews | null {
  if (typeof data !== 'object' || data === null) return null;
  const { type, user } = data as { type?: unknown; user?: Partial<User> };
  if (type === 'signed-out') return { type };
  if (
    type === 'signed-in' &&
    typeof user?.id === 'string' &&
    typeof user.name === 'string' &&
    (user.role === 'operator' || user.role === 'manager' || user.role === 'resident' || user.role === 'staff')
  )
    return { type, user: { id: user.id, name: user.name, role: user.role } };
  return null;
}
