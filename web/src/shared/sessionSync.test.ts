import { afterEach, describe, expect, it } from 'vitest';
import type { User } from '../api.ts';
import { createSessionSync, type SessionNews } from './sessionSync.ts';

const MANAGER: User = { id: '00000000-0000-4000-8000-000000000001', name: 'Morgan', role: 'manager' };
const RESIDENT: User = { id: '00000000-0000-4000-8000-000000000002', name: 'Alex', role: 'resident' };

/** Node has BroadcastChannel too: two channels of one name behave like two tabs. */
const open: BroadcastChannel[] = [];
const tab = () => {
  const channel = new BroadcastChannel('keyway.session');
  open.push(channel);
  return createSessionSync({ channel });
};
afterEach(() => {
  for (const channel of open.splice(0)) channel.close();
});

const heard = (sync: ReturnType<typeof tab>) => {
  const news: SessionNews[] = [];
  sync.listen((n) => news.push(n));
  return news;
};
const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('sessionSync over BroadcastChannel', () => {
  it('a sign-in and a sign-out in one tab reach the other, and not the tab that sent them', async () => {
    const a = tab();
    const b = tab();
    const inA = heard(a);
    const inB = heard(b);
    a.announce({ type: 'signed-in', user: RESIDENT });
    a.announce({ type: 'signed-out' });
    await tick();
    expect(inB).toEqual([{ type: 'signed-in', user: RESIDENT }, { type: 'signed-out' }]);
    expect(inA).toEqual([]);
  });

  it('ignores anything on the channel that is not well-formed news', async () => {
    const channel = new BroadcastChannel('keyway.session');
    open.push(channel);
    const b = tab();
    const inB = heard(b);
    for (const junk of [null, 'signed-out', { type: 'signed-in' }, { type: 'signed-in', user: { id: 1 } }])
      channel.postMessage(junk);
    channel.postMessage({ type: 'signed-in', user: { ...MANAGER, role: 'root' } });
    await tick();
    expect(inB).toEqual([]);
  });

  it('stops hearing after unsubscribing', async () => {
    const a = tab();
    const b = tab();
    const news: SessionNews[] = [];
    b.listen((n) => news.push(n))();
    a.announce({ type: 'signed-out' });
    await tick();
    expect(news).toEqual([]);
  });
});

describe('sessionSync over the storage event (no BroadcastChannel)', () => {
  /** localStorage shared by two tabs: a write fires `storage` in every tab but the writer. */
  function sharedStorage() {
    const values = new Map<string, string>();
    const tabs: ((event: { key: string | null; newValue: string | null }) => void)[][] = [];
    return () => {
      const mine: (typeof tabs)[number] = [];
      tabs.push(mine);
      return createSessionSync({
        storage: {
          setItem(key, value) {
            if (values.get(key) === value) return; // no change, no event: as browsers do
            values.set(key, value);
            for (const other of tabs)
              if (other !== mine) for (const listener of other) listener({ key, newValue: value });
          },
        },
        addStorageListener(listener) {
          mine.push(listener);
          return () => mine.splice(mine.indexOf(listener), 1);
        },
      });
    };
  }

  it('carries news to the other tab, the same news twice too', () => {
    const newTab = sharedStorage();
    const a = newTab();
    const b = newTab();
    const inB = heard(b);
    a.announce({ type: 'signed-out' });
    a.announce({ type: 'signed-out' });
    a.announce({ type: 'signed-in', user: MANAGER });
    expect(inB).toEqual([{ type: 'signed-out' }, { type: 'signed-out' }, { type: 'signed-in', user: MANAGER }]);
  });

  it('ignores other keys and values that are not news', () => {
    const inB: SessionNews[] = [];
    let fire: ((event: { key: string | null; newValue: string | null }) => void) | undefined;
    createSessionSync({
      addStorageListener(listener) {
        fire = listener;
        return () => undefined;
      },
    }).listen((n) => inB.push(n));
    fire?.({ key: 'other', newValue: JSON.stringify({ type: 'signed-out' }) });
    fire?.({ key: 'keyway.session', newValue: '{not json' });
    fire?.({ key: 'keyway.session', newValue: null });
    expect(inB).toEqual([]);
  });
});
